"""Reads of the territory that other apps share: which settlements an office serves."""

from __future__ import annotations

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
