"""Which services, organizations and terms an HSDS API request asks for, as ids in answer order."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import QuerySet

from grizha.catalog import models as m
from grizha.search.selectors import search_services
from grizha.territory.geo import great_circle_km


@dataclass(frozen=True)
class ServiceQuery:
    search: str = ""
    lang: str = "bg"
    taxonomy_term_id: UUID | None = None
    taxonomy_id: UUID | None = None
    organization_id: UUID | None = None
    modified_after: dt.datetime | None = None
    municipality: str | None = None
    settlement: str | None = None
    lat: float | None = None
    lng: float | None = None
    radius_km: float | None = None


@dataclass
class Selection:
    """Matching ids in answer order: counted and sliced in the database unless asked by distance."""

    queryset: QuerySet[Any] | None = None
    ids: list[Any] | None = None
    distances: dict[Any, float] | None = None

    def count(self) -> int:
        return len(self.ids) if self.ids is not None else self.queryset.count()  # type: ignore[union-attr]

    def page(self, offset: int, limit: int) -> list[Any]:
        if self.ids is not None:
            return self.ids[offset : offset + limit]
        return list(self.queryset[offset : offset + limit])  # type: ignore[index]


def select_services(query: ServiceQuery) -> Selection:
    services: QuerySet[m.Service] = m.Service.objects.all()
    distinct = False
    if query.taxonomy_term_id:
        services = services.filter(attributes__taxonomy_term_id=query.taxonomy_term_id)
        distinct = True
    if query.taxonomy_id:
        services = services.filter(attributes__taxonomy_term__taxonomy_id=query.taxonomy_id)
        distinct = True
    if query.organization_id:
        services = services.filter(organization_id=query.organization_id)
    if query.modified_after:
        services = services.filter(last_modified__gte=query.modified_after)
    if query.municipality:
        services = services.filter(municipality_id=query.municipality)
    if query.settlement:
        services = services.filter(service_at_locations__location__settlement_id=query.settlement)
        distinct = True
    point = query.lat is not None and query.lng is not None and query.radius_km is not None
    if query.search:
        # Active services only, best match first (CONTRACTS section 3); the other parameters narrow them.
        ranked = [
            sid
            for sid, _ in search_services(query.search, lang=query.lang, municipality=query.municipality, limit=None)
        ]
        allowed = set(services.filter(id__in=ranked).values_list("id", flat=True))
        ids = [sid for sid in ranked if sid in allowed]
        if not point:
            return Selection(ids=ids)
    else:
        if distinct:  # joins may repeat a service: keep the first row of each
            services = m.Service.objects.filter(id__in=services.values("id"))
        ordered = services.order_by("name_bg", "id").values_list("id", flat=True)
        if not point:
            return Selection(queryset=ordered)
        ids = list(ordered)
    distances = _distances(ids, query.lat, query.lng, query.radius_km)  # type: ignore[arg-type]
    kept = [sid for sid in ids if sid in distances]
    if not query.search:
        kept.sort(key=lambda sid: distances[sid])  # stable: ties stay in name order
    return Selection(ids=kept, distances=distances)


def _distances(ids: list[Any], lat: float, lng: float, radius_km: float) -> dict[Any, float]:
    """Distance from the point to each service's nearest place, for the services with a place in the radius."""
    dlat = radius_km / 111.0
    dlng = radius_km / max(111.0 * math.cos(math.radians(lat)), 1e-6)
    near = m.ServiceAtLocation.objects.filter(
        location__latitude__range=(lat - dlat, lat + dlat),
        location__longitude__range=(lng - dlng, lng + dlng),
    ).values_list("service_id", "location__latitude", "location__longitude")
    wanted = set(ids)
    result: dict[Any, float] = {}
    for sid, plat, plng in near:
        if sid not in wanted or plat is None or plng is None:
            continue
        km = great_circle_km(lat, lng, plat, plng)
        if km <= radius_km and km < result.get(sid, math.inf):
            result[sid] = km
    return result
