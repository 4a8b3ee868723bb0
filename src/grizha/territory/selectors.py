"""Reads of the territory that other apps share: a municipality's offices, and which settlements each serves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from grizha.territory.models import Office, Settlement


def office_area(office_id: Any) -> QuerySet[Settlement]:
    """The settlements an office serves: a mayoralty's office, the settlements of its mayoralty; any other
    office, its own settlement. One query, usable as a subquery."""
    office = Office.objects.filter(id=office_id)
    return Settlement.objects.filter(
        Q(mayoralty_id__in=office.filter(mayoralty__isnull=False).values("mayoralty_id"))
        | Q(ekatte__in=office.filter(mayoralty__isnull=True).values("settlement_id"))
    )


@dataclass
class MunicipalityOffices:
    """A municipality's offices as people look for them: its own (the centre and service points), then
    the mayoralties by name."""

    central: list[Office]
    mayoralties: list[Office]

    @property
    def front_office(self) -> Office | None:
        """Where to call first: the central administration, else any office of the municipality's own."""
        fallback = self.central[0] if self.central else None
        return next((o for o in self.central if o.kind == Office.Kind.CENTRAL), fallback)


def municipality_offices(municipality_code: str | None) -> MunicipalityOffices:
    offices = list(
        Office.objects.filter(municipality_id=municipality_code)
        .select_related("settlement", "mayoralty")
        .order_by("kind", "name", "id")
    )
    return MunicipalityOffices(
        central=[o for o in offices if o.kind != Office.Kind.MAYORALTY],
        mayoralties=sorted((o for o in offices if o.kind == Office.Kind.MAYORALTY), key=lambda o: o.name),
    )
