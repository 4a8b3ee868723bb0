from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from grizha.analytics.models import COUNTRY, EVERYONE, CapacityMonth, DemandCell, Dimension, Refresh, Source
from grizha.analytics.services.refresh import capacity_snapshot, demand_refresh
from grizha.analytics.tests.conftest import BIKOVO, at, bikovo_settlement, consultations, signals
from grizha.catalog.models import Capacity, Service

pytestmark = pytest.mark.django_db

MARCH = date(2026, 3, 1)


def count(**where: object) -> int:
    return DemandCell.objects.filter(**where).aggregate(n=Sum("count"))["n"] or 0


def test_a_signal_is_counted_for_the_country_the_municipality_and_the_mayoralty(municipality: str) -> None:
    signals(3, when=at(2026, 3))
    demand_refresh()
    for area in (COUNTRY, municipality, BIKOVO):
        assert count(area=area, month=MARCH, target_group=EVERYONE, dimension=Dimension.TOTAL) == 3


def test_a_signal_is_counted_by_need_age_band_place_and_target_group(municipality: str) -> None:
    signals(2, when=at(2026, 3), needs=["meals", "care-at-home"], target_groups=["elderly", "people-living-alone"])
    demand_refresh()
    cells = DemandCell.objects.filter(area=municipality, month=MARCH, source=Source.SCREENING)
    assert cells.get(target_group=EVERYONE, dimension=Dimension.NEED, value="meals").count == 2
    assert cells.get(target_group=EVERYONE, dimension=Dimension.NEED, value="care-at-home").count == 2
    assert cells.get(target_group=EVERYONE, dimension=Dimension.AGE_BAND, value="65-79").count == 2
    assert cells.get(target_group=EVERYONE, dimension=Dimension.PLACE, value=bikovo_settlement()).count == 2
    assert cells.get(target_group="people-living-alone", dimension=Dimension.NEED, value="meals").count == 2
    assert cells.get(target_group="elderly", dimension=Dimension.TOTAL).count == 2


def test_the_country_counts_places_by_municipality(municipality: str) -> None:
    signals(4, when=at(2026, 3))
    demand_refresh()
    assert count(area=COUNTRY, target_group=EVERYONE, dimension=Dimension.PLACE, value=municipality) == 4


def test_a_consultation_is_counted_in_the_month_it_took_place(municipality: str) -> None:
    consultations(2, when=at(2026, 2, 27))
    demand_refresh()
    feb = date(2026, 2, 1)
    assert (
        count(
            area=municipality, month=feb, target_group=EVERYONE, source=Source.CONSULTATION, dimension=Dimension.TOTAL
        )
        == 2
    )
    assert count(area=municipality, month=MARCH, source=Source.CONSULTATION) == 0


def test_a_later_refresh_counts_only_what_changed_and_follows_an_edit(municipality: str) -> None:
    [consultation] = consultations(1, when=at(2026, 3))
    demand_refresh(now=timezone.now() - timedelta(hours=1))
    consultation.needs = ["meals"]
    consultation.save()
    result = demand_refresh()
    assert result.months == 1
    need = {"area": municipality, "target_group": EVERYONE, "dimension": Dimension.NEED, "source": Source.CONSULTATION}
    assert count(**need, value="meals") == 1
    assert count(**need, value="care-at-home") == 0


def test_a_full_refresh_gives_the_same_figures_as_the_incremental_ones(municipality: str) -> None:
    signals(5, when=at(2026, 1))
    demand_refresh()
    consultations(3, when=at(2026, 4))
    demand_refresh()
    before = sorted(
        DemandCell.objects.values_list("month", "area", "target_group", "dimension", "source", "value", "count")
    )
    demand_refresh(full=True)
    after = sorted(
        DemandCell.objects.values_list("month", "area", "target_group", "dimension", "source", "value", "count")
    )
    assert before == after


def test_a_refresh_records_when_it_counted_up_to() -> None:
    signals(1, when=at(2026, 3))
    result = demand_refresh()
    state = Refresh.objects.get()
    assert state.cells == result.cells > 0
    assert timezone.now() - state.upto < timedelta(minutes=1)


def test_the_capacity_of_each_service_is_kept_for_the_month(municipality: str) -> None:
    service = Service.objects.filter(municipality_id=municipality).first()
    assert service is not None
    Capacity.objects.update_or_create(service=service, defaults={"places": 20, "occupied": 18, "waiting": 4})
    capacity_snapshot(month=MARCH)
    Capacity.objects.filter(service=service).update(occupied=20)
    capacity_snapshot(month=MARCH)
    kept = CapacityMonth.objects.get(service=service, month=MARCH)
    assert (kept.places, kept.occupied, kept.waiting) == (20, 20, 4)


def test_the_command_rebuilds_every_month(municipality: str) -> None:
    from io import StringIO

    from django.core.management import call_command

    signals(2, when=at(2025, 11))
    out = StringIO()
    call_command("analytics-refresh", "--full", stdout=out)
    today = timezone.localdate()
    months = (today.year - 2025) * 12 + today.month - 11 + 1
    assert out.getvalue().startswith(f"{months} months, ")
    assert count(area=municipality, month=date(2025, 11, 1), target_group=EVERYONE, dimension=Dimension.TOTAL) == 2
