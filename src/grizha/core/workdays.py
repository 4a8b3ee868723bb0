"""Working days in Bulgaria: Monday to Friday, except the official holidays of the Labour Code (art. 154,
with the day after one that falls on a weekend) and the days the Council of Ministers declares off, as the
`holidays` package keeps them."""

from __future__ import annotations

import datetime
import functools

import holidays
from django.utils import timezone


@functools.cache
def _days_off(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("BG", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _days_off(day.year)


def working_days_before(moment: datetime.datetime, days: int) -> datetime.datetime:
    """The same time of day `days` working days before `moment`, where the municipality is."""
    day = timezone.localtime(moment)
    while days > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day.date()):
            days -= 1
    return day
