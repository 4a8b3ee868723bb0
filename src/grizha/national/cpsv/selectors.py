"""What the CPSV-AP export reads: one municipality's active services with every row they need, in a fixed
number of queries however many services it has."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from grizha.catalog import models as m
from grizha.catalog import reference
from grizha.national.cpsv.vocab import EKATTE
from grizha.territory.models import Municipality, Settlement

RESIDENCE = "resident-of-municipality"  # the criterion whose value is a municipality's code


@dataclass
class Catalogue:
    municipality: Municipality
    services: list[m.Service]
    # Territorial units the services name (service areas, residence criteria), by EKATTE code.
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    settlements: dict[str, Settlement] = field(default_factory=dict)
    changed_at: dt.datetime | None = None


def exported_services() -> QuerySet[m.Service]:
    """The services that go out: active ones only (inactive, defunct and temporarily closed stay home)."""
    return m.Service.objects.filter(status=m.Service.Status.ACTIVE)


def municipalities_with_services() -> list[str]:
    return sorted(set(exported_services().values_list("municipality_id", flat=True)))


def municipality_exists(code: str) -> bool:
    return Municipality.objects.filter(code=code).exists()


def catalogue(code: str) -> Catalogue | None:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        return None
    services = list(
        exported_services()
        .filter(municipality_id=code)
        .select_related("organization")
        .prefetch_related(
            "cost_options",
            "required_documents",
            "legal_references",
            "access_steps",
            "languages",
            "service_areas",
            "schedules",
            "phones",
            Prefetch("contacts", queryset=m.Contact.objects.prefetch_related("phones")),
            Prefetch("attributes", queryset=m.Attribute.objects.select_related("taxonomy_term__taxonomy")),
            Prefetch(
                "service_at_locations",
                queryset=m.ServiceAtLocation.objects.select_related(
                    "location__settlement", "location__organization"
                ).prefetch_related(
                    "schedules", "phones", "location__addresses", "location__schedules", "location__phones"
                ),
            ),
        )
        .order_by("name_bg", "id")
    )
    found = Catalogue(municipality=municipality, services=services)
    _named_units(found)
    found.changed_at = m.CatalogVersion.objects.filter(pk=1).values_list("changed_at", flat=True).first()
    return found


def _named_units(found: Catalogue) -> None:
    """The municipalities and settlements the services' areas and residence criteria name, two queries."""
    codes = {found.municipality.code}
    for service in found.services:
        codes |= {area.uri.removeprefix(EKATTE) for area in service.service_areas.all() if _ekatte(area.uri)}
        codes |= {
            a.value
            for a in service.attributes.all()
            if a.link_type == "eligibility"
            and a.taxonomy_term
            and a.taxonomy_term.code == RESIDENCE
            and a.taxonomy_term.taxonomy
            and a.taxonomy_term.taxonomy.code == reference.ELIGIBILITY_CRITERION
        }
    settlement_codes = {code for code in codes if code.isdigit()}
    found.municipalities = {found.municipality.code: found.municipality}
    if others := codes - settlement_codes - {found.municipality.code}:
        found.municipalities |= {x.code: x for x in Municipality.objects.filter(code__in=others)}
    if settlement_codes:
        found.settlements = {x.ekatte: x for x in Settlement.objects.filter(ekatte__in=settlement_codes)}


def _ekatte(uri: str) -> bool:
    return uri.startswith(EKATTE) and len(uri) > len(EKATTE)
