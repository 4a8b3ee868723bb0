"""The national dashboard: per municipality, how many active services are stale, not valid HSDS, missing a
translation, easy-read text or their IISDA number; sortable by any column, and downloadable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from grizha.accounts.decorators import staff_required, staff_user
from grizha.accounts.selectors import request_scope
from grizha.analytics import exports
from grizha.analytics.tables import Column, Table
from grizha.national.freshness import (
    Figures,
    editable_municipalities,
    figures_total,
    hsds_checked_at,
    municipality_figures,
    visible_municipalities,
)
from grizha.national.services import editor_language_record

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class SortColumn:
    key: str
    label: StrOrPromise
    kind: str = "count"  # as analytics.tables.Column.kind


# The dashboard's columns, in order; each sorts the table (the name A to Z, the figures largest first).
COLUMNS = (
    SortColumn("name", gettext_lazy("Municipality"), "text"),
    SortColumn("services", gettext_lazy("Active services")),
    SortColumn("stale", gettext_lazy("Stale")),
    SortColumn("stale_share", gettext_lazy("Stale, %"), "percent"),
    SortColumn("invalid_hsds", gettext_lazy("Not valid HSDS")),
    SortColumn("missing_translations", gettext_lazy("Missing translations")),
    SortColumn("missing_easy_read", gettext_lazy("No easy-read text")),
    SortColumn("missing_iisda", gettext_lazy("No IISDA number")),
)
SORTS = {column.key for column in COLUMNS}
DEFAULT_SORT = "name"


def _value(row: Figures, key: str) -> Any:
    return getattr(row, key)


def _rows(request: HttpRequest) -> tuple[list[Figures], str, list[dict[str, str]]]:
    """The rows the member of staff may see, sorted as asked; a sort we do not know is said and ignored."""
    visible = visible_municipalities(request_scope(request))
    if visible is not None and not visible:
        raise PermissionDenied
    sort = request.GET.get("sort") or DEFAULT_SORT
    errors = []
    if sort not in SORTS:
        errors.append({"href": "#municipalities", "message": _("Choose a column to sort by from the table's headings")})
        sort = DEFAULT_SORT
    rows = municipality_figures(visible)
    if sort != "name":
        rows.sort(key=lambda row: (-_value(row, sort), row.name.casefold(), row.code))
    return rows, sort, errors


def dashboard_table(rows: list[Figures], total: Figures) -> Table:
    """The dashboard as a table for the downloads: the municipality's name and code, then the figures."""
    columns = [Column("name", COLUMNS[0].label, "text"), Column("code", gettext_lazy("EKATTE code"), "text")]
    columns += [Column(c.key, c.label, c.kind) for c in COLUMNS[1:]]
    figures = [c.key for c in COLUMNS[1:]]
    return Table(
        slug="national-catalogue-freshness",
        title=gettext_lazy("Freshness and completeness of the catalogue"),
        columns=columns,
        rows=[[row.name, row.code, *(_value(row, key) for key in figures)] for row in [*rows, total]],
    )


@staff_required()
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    rows, sort, errors = _rows(request)
    scope = request_scope(request)
    if editable := editable_municipalities(scope):
        editor_language_record(user=staff_user(request), language=request.LANGUAGE_CODE)
    query = urlencode({"sort": sort})
    context = {
        "rows": rows,
        "total": figures_total(rows),
        "columns": COLUMNS,
        "sort": sort,
        "errors": errors,
        "editable": editable,
        "several_editable": len(editable) > 1,
        "days": settings.GRIZHA_VERIFY_EVERY_DAYS,
        "checked_at": hsds_checked_at(),
        "downloads": [
            (fmt, f"{reverse('national:dashboard-download', args=[fmt])}?{query}") for fmt in exports.FORMATS
        ],
    }
    return render(request, "national/dashboard.html", context)


@staff_required()
@require_GET
def dashboard_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404
    rows, sort, _errors = _rows(request)
    table = dashboard_table(rows, figures_total(rows))
    return exports.download_response(table, fmt=fmt, filename_stem=f"catalogue-freshness-by-{sort}")
