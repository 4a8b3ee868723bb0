"""Parsing the public list's query: known filter values are kept, unknown ones are reported and ignored;
likewise the order (by relevance, by name or by distance from a settlement or the visitor's position)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from uuid import UUID

from django.http import QueryDict

from grizha.catalog.models import TaxonomyTerm
from grizha.catalog.selectors import FILTER_LINKS, FREE, ListOrder, ServiceFilters
from grizha.territory.models import Office, Settlement

REPORTED_CHARS = 100  # of an unknown value, the notice shows this much


@dataclass
class ParsedFilters:
    filters: ServiceFilters
    ignored: list[str] = field(default_factory=list)
    order: ListOrder = field(default_factory=ListOrder)
    # the visitor asked to sort by distance without saying from where
    needs_origin: bool = False

    def ignore(self, value: str) -> None:
        self.ignored.append(value[:REPORTED_CHARS])


def _is_ekatte(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) == 5


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None


def _coordinate(value: str, bound: float) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and -bound <= number <= bound else None


def parse_service_filters(query: QueryDict, *, municipality_code: str | None) -> ParsedFilters:
    """The filters and the order of the list page. Each filter asked for costs one query at most."""
    parsed = ParsedFilters(filters=ServiceFilters())
    _parse_terms(query, parsed)
    settlement = query.get("settlement", "")
    if settlement:
        if (
            _is_ekatte(settlement)
            and Settlement.objects.filter(ekatte=settlement, municipality_id=municipality_code).exists()
        ):
            parsed.filters.settlement = settlement
        else:
            parsed.ignore(settlement)
    office = query.get("office", "")
    if office:
        office_id = _uuid(office)
        if office_id and Office.objects.filter(id=office_id, municipality_id=municipality_code).exists():
            parsed.filters.office = str(office_id)
        else:
            parsed.ignore(office)
    free = query.get("free", "")
    if free == FREE:
        parsed.filters.free = True
    elif free:
        parsed.ignore(free)
    _parse_order(query, parsed, municipality_code)
    return parsed


def _parse_terms(query: QueryDict, parsed: ParsedFilters) -> None:
    wanted = {name: [v for v in query.getlist(name) if v] for name in FILTER_LINKS}
    known: dict[str, set[str]] = {name: set() for name in FILTER_LINKS}
    taxonomies = {f.taxonomy for name, f in FILTER_LINKS.items() if wanted[name]}
    if taxonomies:
        for taxonomy, code in TaxonomyTerm.objects.filter(taxonomy__code__in=taxonomies).values_list(
            "taxonomy__code", "code"
        ):
            for name, filter_ in FILTER_LINKS.items():
                if filter_.taxonomy == taxonomy:
                    known[name].add(code)
    for name, values in wanted.items():
        for value in dict.fromkeys(values):
            if value in known[name]:
                getattr(parsed.filters, name).append(value)
            else:
                parsed.ignore(value)


def _parse_order(query: QueryDict, parsed: ParsedFilters, municipality_code: str | None) -> None:
    order = parsed.order
    sort = query.get("sort", "")
    if sort in ListOrder.SORTS:
        order.sort = sort
    elif sort:
        parsed.ignore(sort)
    near = query.get("near", "")
    lat, lng = query.get("lat", ""), query.get("lng", "")
    if near:
        found = (
            Settlement.objects.filter(
                ekatte=near, municipality_id=municipality_code, latitude__isnull=False, longitude__isnull=False
            )
            .values_list("latitude", "longitude")
            .first()
            if _is_ekatte(near)
            else None
        )
        if found and found[0] is not None and found[1] is not None:
            order.near, order.origin = near, (found[0], found[1])
        else:
            parsed.ignore(near)
    if (lat or lng) and not order.near:
        point = (_coordinate(lat, 90.0), _coordinate(lng, 180.0))
        if point[0] is not None and point[1] is not None:
            order.lat, order.lng = point
            order.origin = (point[0], point[1])
        else:
            parsed.ignored += [v[:REPORTED_CHARS] for v in (lat, lng) if v]
    parsed.needs_origin = order.sort == ListOrder.DISTANCE and order.origin is None
