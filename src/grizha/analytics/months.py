"""Whole calendar months, the unit every figure is counted in, in the project's time zone."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def month_start(day: date | datetime) -> date:
    return date(day.year, day.month, 1)


def next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month as an interval of aware datetimes: from its first midnight to the next month's."""
    start = timezone.make_aware(datetime.combine(month, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(next_month(month), datetime.min.time()))
    return start, end


def months_between(first: date, last: date) -> list[date]:
    """Every month from `first` to `last`, both included (first days)."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months
