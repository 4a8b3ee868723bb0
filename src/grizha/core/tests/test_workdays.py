"""Working days in Bulgaria: weekends and official holidays are not counted."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from grizha.core.workdays import is_working_day, working_days_before

SOFIA = ZoneInfo("Europe/Sofia")


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (datetime.date(2026, 11, 25), True),  # a Wednesday
        (datetime.date(2026, 11, 28), False),  # a Saturday
        (datetime.date(2026, 3, 3), False),  # Liberation Day
        (datetime.date(2026, 4, 13), False),  # Easter Monday (Orthodox)
        (datetime.date(2026, 5, 25), False),  # 24 May fell on a Sunday: the Monday is off
        (datetime.date(2026, 12, 28), False),  # Christmas on the weekend: the Monday is off
    ],
)
def test_weekends_and_official_holidays_are_not_working_days(day: datetime.date, working: bool) -> None:
    assert is_working_day(day) is working


def test_counting_back_skips_weekends_and_holidays_and_keeps_the_time_of_day() -> None:
    wednesday = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=SOFIA)
    assert working_days_before(wednesday, 5) == wednesday - datetime.timedelta(days=7)
    after_christmas = datetime.datetime(2026, 12, 30, 10, 0, tzinfo=SOFIA)
    assert working_days_before(after_christmas, 2) == datetime.datetime(2026, 12, 23, 10, 0, tzinfo=SOFIA)
