"""Reads of casework: the office a request goes to and the services it may be about."""

from __future__ import annotations

import pytest

from grizha.casework.selectors import front_office_for, listed_service
from grizha.casework.tests.factories import BIKOVO, BINKOS
from grizha.catalog.models import Service
from grizha.territory.models import Office, Settlement

pytestmark = pytest.mark.django_db


def test_a_village_with_a_mayoralty_office_is_served_there() -> None:
    office = front_office_for(municipality="SLV20", settlement=Settlement.objects.get(ekatte=BIKOVO))
    assert office is not None and office.kind == Office.Kind.MAYORALTY and office.mayoralty_id == "SLV20-01"


def test_a_village_whose_mayoralty_has_no_office_is_served_centrally() -> None:
    office = front_office_for(municipality="SLV20", settlement=Settlement.objects.get(ekatte=BINKOS))
    assert office is not None and office.kind == Office.Kind.CENTRAL


def test_without_any_office_there_is_none() -> None:
    assert front_office_for(municipality="BGS04", settlement=None) is None


@pytest.mark.parametrize("value", [None, "", "nonsense", "00000000-0000-0000-0000-000000000000"])
def test_anything_but_a_listed_service_is_none(value: str | None) -> None:
    assert listed_service(value) is None


def test_a_service_that_is_no_longer_listed_is_none() -> None:
    service = Service.objects.filter(municipality_id="SLV20").first()
    assert service is not None and listed_service(str(service.id)) == service
    Service.objects.filter(id=service.id).update(status=Service.Status.DEFUNCT)
    assert listed_service(str(service.id)) is None
