"""The editors' page of usage at /staff/usage/: for the municipality (a national editor: any, or the whole
country) and the months chosen, each service page's views and answers, the latest comments, and the
searches that found nothing; each table with its downloads (CSV, Excel)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET

from grizha.accounts.decorators import staff_required
from grizha.accounts.roles import Capability
from grizha.accounts.selectors import request_scope
from grizha.analytics import exports
from grizha.analytics.forms import FiltersForm
from grizha.analytics.months import next_month
from grizha.analytics.sections import Section, section
from grizha.analytics.selectors import labels
from grizha.analytics.selectors.filters import Filters
from grizha.analytics.tables import Table
from grizha.core.forms import error_links, form_query
from grizha.usage import selectors
from grizha.usage.models import Feedback
from grizha.usage.tables import missed_searches_table, service_pages_table


@dataclass
class Usage:
    tables: dict[str, Table]
    comments: list[Feedback]


def _filters(request: HttpRequest) -> tuple[FiltersForm, Filters]:
    areas = selectors.usage_areas(request_scope(request))
    if not areas:
        raise Http404
    form = FiltersForm(request.GET or None, areas=areas)
    return form, form.filters()


def _usage(filters: Filters, *, comments: bool = True) -> Usage:
    municipality = filters.area or None
    start, end = filters.start, next_month(filters.end)
    services = selectors.area_services(municipality)
    rows = selectors.services_usage(services=services, start=start, end=end, every=municipality is not None)
    searches = selectors.missed_searches(municipality=municipality, start=start, end=end)
    tables = [service_pages_table(rows), missed_searches_table(searches)]
    latest = selectors.latest_comments(services=services, start=start, end=end) if comments else []
    return Usage({table.slug: table for table in tables}, latest)


@staff_required(Capability.EDIT_CATALOG)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    usage, query = _usage(filters), form_query(form)

    def downloads(table: Table) -> Section:
        def url(fmt: str) -> str:
            address = reverse("usage-staff:download", args=[table.slug, fmt])
            return f"{address}?{query}" if query else address

        return section(table, download_url=url)

    context = {
        "form": form,
        "errors": error_links(form) if form.is_bound and not form.is_valid() else [],
        "filters": filters,
        "area_name": labels.area_name(filters.area),
        "sections": [downloads(table) for table in usage.tables.values()],
        "comments": usage.comments,
    }
    return render(request, "usage/staff/overview.html", context)


@staff_required(Capability.EDIT_CATALOG)
@require_GET
def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404
    _form, filters = _filters(request)
    table = _usage(filters, comments=False).tables.get(slug)
    if table is None:
        raise Http404
    stem = f"{slug}-{filters.area or 'bg'}-{filters.start:%Y-%m}-{filters.end:%Y-%m}"
    return exports.download_response(table, fmt=fmt, filename_stem=stem)


urlpatterns: list[URLPattern] = [
    path("", overview, name="overview"),
    path("<slug:slug>.<slug:fmt>", download, name="download"),
]
