"""The demo's appointment times: the central office and the Bikovo mayoralty offer times on the next
fourteen working days, so that a visitor can book one at once. Run again, it adds only what is missing."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from grizha.casework.services.appointments import slots_publish
from grizha.territory.models import Office

WORKING_DAYS = 14
WEEKDAYS = (0, 1, 2, 3, 4)
TIMES = {
    # The central office: mornings and early afternoons, two people at a time.
    None: (["09:00-09:30", "09:30-10:00", "10:00-10:30", "10:30-11:00", "14:00-14:30", "14:30-15:00"], 2),
    # Bikovo's mayoralty: a specialist comes on weekday mornings.
    "SLV20-01": (["09:00-09:30", "09:30-10:00", "10:00-10:30"], 1),
}


def working_days_ahead(count: int, after: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and the last of the next `count` working days (Monday to Friday) after `after`."""
    days: list[datetime.date] = []
    day = after
    while len(days) < count:
        day += datetime.timedelta(days=1)
        if day.weekday() in WEEKDAYS:
            days.append(day)
    return days[0], days[-1]


def ensure_demo_slots() -> int:
    """Publish the demo's times from tomorrow on; returns how many were added."""
    first_day, last_day = working_days_ahead(WORKING_DAYS, timezone.localdate())
    offices = Office.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY).order_by("name", "id")
    added = 0
    for mayoralty, (times, capacity) in TIMES.items():
        if mayoralty is None:
            office = offices.filter(kind=Office.Kind.CENTRAL).first()
        else:
            office = offices.filter(kind=Office.Kind.MAYORALTY, mayoralty_id=mayoralty).first()
        if office is None:
            continue
        added += slots_publish(
            office=office,
            first_day=first_day,
            last_day=last_day,
            weekdays=WEEKDAYS,
            times=times,
            capacity=capacity,
            by=None,
        )
    return added
