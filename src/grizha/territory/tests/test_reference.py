"""`grizha migrate` alone prepares the whole territory from the NSI's EKATTE data."""

from __future__ import annotations

import pytest

from grizha.territory.models import Mayoralty, Municipality, Settlement

pytestmark = pytest.mark.django_db


def test_every_municipality_and_settlement_is_loaded() -> None:
    assert Municipality.objects.count() == 265
    assert Settlement.objects.count() == 5256


def test_a_settlement_has_its_municipality_mayoralty_coordinates_and_population() -> None:
    bikovo = Settlement.objects.select_related("municipality", "mayoralty").get(ekatte="04039")
    assert bikovo.name_bg == "Биково"
    assert bikovo.name_en == "Bikovo"
    assert bikovo.municipality.code == "SLV20"
    assert bikovo.mayoralty is not None and bikovo.mayoralty.code == "SLV20-01"
    assert bikovo.latitude == pytest.approx(42.6, abs=0.3)
    assert bikovo.longitude == pytest.approx(26.3, abs=0.5)
    assert bikovo.population and bikovo.population > 0


def test_settlements_without_a_mayoralty_of_their_own_have_none() -> None:
    sliven = Settlement.objects.get(ekatte="67338")
    assert sliven.mayoralty is None
    assert Municipality.objects.get(code="SLV20").centre_id == "67338"


def test_mayoralties_are_named_after_their_central_settlement() -> None:
    kermen = Mayoralty.objects.get(code="SLV20-23")
    assert kermen.name_bg == "Кермен"
    assert kermen.centre_id == "36779"
    assert Mayoralty.objects.filter(municipality_id="SLV20").count() == 38
