"""The staff analytics section: the needs analysis and effectiveness pages, each table with a chart and
downloads (CSV, Excel), for the areas the member may see. Only anonymous figures: no personal data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from grizha.accounts.decorators import staff_required
from grizha.accounts.roles import Capability
from grizha.accounts.selectors import request_scope
from grizha.analytics import charts, exports
from grizha.analytics.forms import FiltersForm, ReportForm
from grizha.analytics.report import annual_report
from grizha.analytics.report_odt import report_odt
from grizha.analytics.report_pdf import report_pdf
from grizha.analytics.sections import Section, section
from grizha.analytics.selectors import labels
from grizha.analytics.selectors.demand import LOOKED_FOR, last_refresh, map_places, needs_analysis
from grizha.analytics.selectors.effectiveness import effectiveness
from grizha.analytics.selectors.filters import Filters, visible_areas
from grizha.analytics.selectors.survey import survey_offices
from grizha.analytics.tables import Table
from grizha.core.forms import error_links, form_query


def _filters(request: HttpRequest) -> tuple[FiltersForm, Filters]:
    areas = visible_areas(request_scope(request))
    if not areas:
        raise Http404
    form = FiltersForm(request.GET or None, areas=areas)
    return form, form.filters()


def _section(table: Table, page: str, query: str) -> Section:
    def url(fmt: str) -> str:
        address = reverse("staff-analytics-download", args=[page, table.slug, fmt])
        return f"{address}?{query}" if query else address

    return section(table, download_url=url)


def _page(request: HttpRequest, template: str, tables: dict[str, Table], page: str, **context: Any) -> HttpResponse:
    form, filters = context.pop("form"), context.pop("filters")
    query = form_query(form)
    sections = [_section(table, page, query) for table in tables.values()]
    return render(
        request,
        template,
        {
            "form": form,
            "errors": error_links(form) if form.is_bound and not form.is_valid() else [],
            "filters": filters,
            "area_name": labels.area_name(filters.area),
            "sections": [s for s in sections if s.table.slug not in LOOKED_FOR],
            "looked_for": [s for s in sections if s.table.slug in LOOKED_FOR],
            "query": query,
            "page": page,
            "refreshed": last_refresh(),
            "staff_section": "analytics",
            **context,
        },
    )


@staff_required(Capability.ANALYSE)
@require_GET
def needs_page(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    demand = needs_analysis(filters)
    places = map_places(filters, demand.places)
    area_map = (
        charts.area_map(
            places,
            title=_("Requests and services by place"),
            description=_(
                "Map of the area: circles show the requests from each place, squares the places with a "
                "service. The table of requests by place gives the same figures."
            ),
            id_prefix="area-map",
        )
        if places
        else None
    )
    return _page(
        request,
        "analytics/staff/needs.html",
        demand.tables,
        "needs",
        form=form,
        filters=filters,
        total=demand.total,
        area_map=area_map,
    )


@staff_required(Capability.ANALYSE)
@require_GET
def effectiveness_page(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    return _page(
        request,
        "analytics/staff/effectiveness.html",
        effectiveness(filters),
        "effectiveness",
        form=form,
        filters=filters,
        offices=survey_offices(filters),
    )


def _report_years() -> list[int]:
    """The years a report can be made of: this one and the ten before it, newest first."""
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - 11, -1))


@staff_required(Capability.ANALYSE)
@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    areas = visible_areas(request_scope(request))
    if not areas:
        raise Http404
    form = ReportForm(request.GET or None, areas=areas, years=_report_years())
    context: dict[str, Any] = {"form": form, "errors": [], "staff_section": "analytics", "page": "report"}
    if form.is_bound and form.is_valid():
        area = form.cleaned_data["area"] or areas[0].code
        query = urlencode({"area": area, "language": form.cleaned_data["language"]})
        context |= {"year": form.cleaned_data["year"], "area_name": labels.area_name(area), "query": query}
    elif form.is_bound:
        context["errors"] = error_links(form)
    return render(request, "analytics/staff/report.html", context)


REPORT_FORMATS = {
    "pdf": ("application/pdf", report_pdf),
    "odt": ("application/vnd.oasis.opendocument.text", report_odt),
}


@staff_required(Capability.ANALYSE)
@require_GET
def report_download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    areas = {a.code for a in visible_areas(request_scope(request))}
    area = request.GET.get("area", "")
    language = request.GET.get("language", "bg")
    if fmt not in REPORT_FORMATS or area not in areas or language not in ("bg", "en") or year not in _report_years():
        raise Http404
    content_type, write = REPORT_FORMATS[fmt]
    document = write(annual_report(area=area, year=year, language=language))
    response = HttpResponse(document, content_type=content_type)
    name = f"needs-analysis-{area or 'bg'}-{year}-{language}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


PAGES: dict[str, Callable[[Filters], dict[str, Table]]] = {
    "needs": lambda filters: needs_analysis(filters).tables,
    "effectiveness": effectiveness,
}


@staff_required(Capability.ANALYSE)
@require_GET
def download(request: HttpRequest, page: str, slug: str, fmt: str) -> HttpResponse:
    if page not in PAGES or fmt not in exports.FORMATS:
        raise Http404
    _form, filters = _filters(request)
    table = PAGES[page](filters).get(slug)
    if table is None:
        raise Http404
    stem = f"{slug}-{filters.area or 'bg'}-{filters.start:%Y-%m}-{filters.end:%Y-%m}"
    return exports.download_response(table, fmt=fmt, filename_stem=stem)


urlpatterns: list[URLPattern] = [
    path("analytics/", needs_page, name="staff-analytics"),
    path("analytics/effectiveness/", effectiveness_page, name="staff-analytics-effectiveness"),
    path("analytics/report/", report_page, name="staff-analytics-report"),
    path("analytics/report/<int:year>.<slug:fmt>", report_download, name="staff-analytics-report-download"),
    path("analytics/<slug:page>/<slug:slug>.<slug:fmt>", download, name="staff-analytics-download"),
]
