from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.text import capfirst

from grizha.analytics.selectors.effectiveness import effectiveness
from grizha.analytics.selectors.filters import Filters
from grizha.analytics.tables import SUPPRESSED
from grizha.casework.models import Referral
from grizha.casework.tests.referrals_testing import a_referral, specialist

pytestmark = pytest.mark.django_db


def this_year(area: str) -> Filters:
    today = timezone.localdate()
    return Filters(start=date(today.year, 1, 1), end=date(today.year, 12, 1), area=area)


def test_referrals_are_counted_by_where_they_stand_and_why(municipality: str) -> None:
    by = specialist()
    for _ in range(6):
        a_referral(Referral.Status.DECLINED, by=by)
    for _ in range(5):
        a_referral(Referral.Status.STARTED, by=by)
    tables = effectiveness(this_year(municipality))
    outcomes = {row[0]: row[1] for row in tables["referral-outcomes"].rows}
    assert outcomes[capfirst(Referral.Status.DECLINED.label)] == 6
    assert outcomes[capfirst(Referral.Status.STARTED.label)] == 5
    reasons = tables["referral-reasons"].rows
    assert reasons and reasons[0][1] == 6  # all six declined for lack of capacity


def test_durations_of_fewer_than_five_referrals_are_hidden(municipality: str) -> None:
    by = specialist()
    for _ in range(3):
        a_referral(Referral.Status.ACCEPTED, by=by)
    times = effectiveness(this_year(municipality))["referral-times"].rows
    assert times[0][1] is SUPPRESSED and times[0][2] is SUPPRESSED


def test_the_median_time_to_an_answer_is_in_days(municipality: str) -> None:
    by = specialist()
    made = [a_referral(Referral.Status.ACCEPTED, by=by) for _ in range(5)]
    for days, referral in enumerate(made, start=1):
        Referral.objects.filter(id=referral.id).update(answered_at=referral.sent_at + timedelta(days=days))
    times = effectiveness(this_year(municipality))["referral-times"].rows
    assert times[0][1:3] == [5, 3.0]


def test_a_mayoralty_sees_only_the_referrals_of_its_offices(municipality: str) -> None:
    for _ in range(5):
        a_referral(Referral.Status.SENT)  # from Bikovo's office
    other = this_year("SLV20-06")
    assert all(row[1] == 0 for row in effectiveness(other)["referral-outcomes"].rows)
