"""Makers for the analytics tests: anonymous need signals and consultations in the demo municipality
(Sliven), in a settlement of the Bikovo mayoralty unless told otherwise."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from grizha.accounts.testing import office_of, staff_member
from grizha.casework.models import Consultation
from grizha.screening.models import NeedSignal
from grizha.territory.models import Settlement

BIKOVO = "SLV20-01"


def at(year: int, month: int, day: int = 10) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 12))  # noqa: DTZ001 (made aware in the project zone)


def bikovo_settlement() -> str:
    ekatte = Settlement.objects.filter(mayoralty_id=BIKOVO).values_list("ekatte", flat=True).first()
    assert ekatte, "the Bikovo mayoralty has no settlement"
    return ekatte


def signals(n: int, *, when: datetime, settlement: str | None = None, **fields: Any) -> list[NeedSignal]:
    """`n` need signals made at `when` (created_at is set after saving: it is filled on insert)."""
    values = {"needs": ["meals"], "target_groups": ["elderly"], "age_band": "65-79"} | fields
    made = [
        NeedSignal.objects.create(
            channel=NeedSignal.Channel.CITIZEN,
            municipality_id=settings.GRIZHA_MUNICIPALITY,
            settlement_id=settlement if settlement is not None else bikovo_settlement(),
            **values,
        )
        for _ in range(n)
    ]
    NeedSignal.objects.filter(id__in=[s.id for s in made]).update(created_at=when)
    return made


def consultations(n: int, *, when: datetime, **fields: Any) -> list[Consultation]:
    office = office_of()
    user = staff_member()
    values = {"needs": ["care-at-home"], "target_groups": ["elderly"], "settlement_id": bikovo_settlement()} | fields
    return [
        Consultation.objects.create(
            office=office, specialist=user, occurred_at=when, channel=Consultation.Channel.PHONE, **values
        )
        for _ in range(n)
    ]


@pytest.fixture
def municipality() -> str:
    return str(settings.GRIZHA_MUNICIPALITY)
