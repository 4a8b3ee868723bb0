"""Writes of analytics: bringing the demand cube and the monthly capacity up to date (run by a periodic
task, or `grizha analytics-refresh`). Each month is rebuilt whole from its sources, in one transaction,
so a reader sees a month either as it was or as it is now, never half of it."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from grizha.analytics.models import COUNTRY, EVERYONE, CapacityMonth, DemandCell, Dimension, Refresh, Source
from grizha.analytics.months import month_bounds, month_start, months_between
from grizha.applications.models import Application
from grizha.casework.models import Consultation, Referral
from grizha.catalog import reference
from grizha.catalog.models import Attribute, Capacity
from grizha.core.identifiers import age_on, birth_date
from grizha.screening.models import NeedSignal, age_band
from grizha.territory.models import Settlement

DEMAND = "demand"
# A row changed just before the last refresh may have been committed just after it: look back this far.
OVERLAP = timedelta(minutes=10)

# (municipality, settlement, age band, needs, target groups, service type or None) and how many
Event = tuple[str, str, str, tuple[str, ...], tuple[str, ...], str | None]
CellKey = tuple[str, str, str, str, str]  # area, target group, dimension, source, value


@dataclass(frozen=True)
class RefreshResult:
    months: int
    cells: int
    took_ms: int


def _band(born: date | None, on: date) -> str:
    return age_band(None if born is None else age_on(born, on))


def _service_terms() -> dict[Any, tuple[str | None, tuple[str, ...]]]:
    """Each service's type (the first, by the term's order) and the needs it meets, by service id."""
    terms: dict[Any, tuple[str | None, tuple[str, ...]]] = {}
    rows = (
        Attribute.objects.filter(
            service__isnull=False,
            taxonomy_term__taxonomy__code__in=(reference.SERVICE_TYPE, reference.NEED),
            link_type__in=("service_type", "need"),
        )
        .order_by("taxonomy_term__position")
        .values_list("service_id", "link_type", "taxonomy_term__code")
    )
    for service_id, link_type, code in rows:
        kind, needs = terms.get(service_id, (None, ()))
        if link_type == "service_type":
            terms[service_id] = (kind or code, needs)
        elif code not in needs:
            terms[service_id] = (kind, (*needs, code))
    return terms


def _codes(value: Any) -> tuple[str, ...]:
    return tuple(sorted({str(code) for code in value or () if code}))


def _screening(start: datetime, end: datetime) -> Iterator[tuple[Event, int]]:
    rows = (
        NeedSignal.objects.filter(created_at__gte=start, created_at__lt=end)
        .values_list("municipality_id", "settlement_id", "age_band", "needs", "target_groups")
        .annotate(n=Count("id"))
        .order_by()
    )
    for municipality, settlement, band, needs, groups, n in rows:
        yield (municipality or "", settlement or "", band, _codes(needs), _codes(groups), None), n


def _consultations(start: datetime, end: datetime, on: date) -> Iterator[tuple[Event, int]]:
    rows = (
        Consultation.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
        .values_list(
            "office__municipality_id",
            Coalesce("settlement_id", "person__settlement_id"),
            "person__birth_date",
            "needs",
            "target_groups",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    for municipality, settlement, born, needs, groups, n in rows:
        event = (municipality, settlement or "", _band(born, on), _codes(needs), _codes(groups), None)
        yield event, n


def _referrals(start: datetime, end: datetime, on: date, terms: dict[Any, Any]) -> Iterator[tuple[Event, int]]:
    rows = (
        Referral.objects.filter(sent_at__gte=start, sent_at__lt=end)
        .values_list(
            "office__municipality_id",
            Coalesce("consultation__settlement_id", "person__settlement_id"),
            "person__birth_date",
            "needs",
            "consultation__target_groups",
            "service_id",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    for municipality, settlement, born, needs, groups, service_id, n in rows:
        kind = terms.get(service_id, (None, ()))[0] if service_id else None
        event = (municipality, settlement or "", _band(born, on), _codes(needs), _codes(groups), kind or "")
        yield event, n


def _applications(start: datetime, end: datetime, on: date, terms: dict[Any, Any]) -> Iterator[tuple[Event, int]]:
    rows = Application.objects.filter(created_at__gte=start, created_at__lt=end).values_list(
        "office__municipality_id", "identifier", "application_type__service_id"
    )
    counts: Counter[Event] = Counter()
    for municipality, identifier, service_id in rows.iterator(chunk_size=2000):
        kind, needs = terms.get(service_id, (None, ()))
        counts[(municipality, "", _band(birth_date(identifier), on), needs, (), kind or "")] += 1
    yield from counts.items()


def _cells(
    events: Iterable[tuple[Event, int]], source: str, mayoralties: dict[str, tuple[str, str]]
) -> Counter[CellKey]:
    """Explode events into the cube's cells: for the country, the municipality and the mayoralty, for
    everyone and for each target group stated, one cell per dimension value."""
    cells: Counter[CellKey] = Counter()
    for (municipality, settlement, band, needs, groups, kind), n in events:
        municipality_of, mayoralty = mayoralties.get(settlement, (municipality, ""))
        municipality = municipality_of or municipality
        areas = [(COUNTRY, municipality), (municipality, settlement)]
        if mayoralty:
            areas.append((mayoralty, settlement))
        for group in (EVERYONE, *groups):
            for area, place in areas:
                cells[(area, group, Dimension.TOTAL, source, "")] += n
                cells[(area, group, Dimension.AGE_BAND, source, band)] += n
                cells[(area, group, Dimension.PLACE, source, place)] += n
                for need in needs:
                    cells[(area, group, Dimension.NEED, source, need)] += n
                if kind is not None:
                    cells[(area, group, Dimension.SERVICE_TYPE, source, kind)] += n
    return cells


def _month_cells(month: date, terms: dict[Any, Any], mayoralties: dict[str, tuple[str, str]]) -> Counter[CellKey]:
    start, end = month_bounds(month)
    middle = month + timedelta(days=14)
    cells = _cells(_screening(start, end), Source.SCREENING, mayoralties)
    cells += _cells(_consultations(start, end, middle), Source.CONSULTATION, mayoralties)
    cells += _cells(_referrals(start, end, middle, terms), Source.REFERRAL, mayoralties)
    cells += _cells(_applications(start, end, middle, terms), Source.APPLICATION, mayoralties)
    return cells


def _write(month: date, cells: Counter[CellKey]) -> None:
    """Replace the month's cells: by COPY on PostgreSQL (a national month is hundreds of thousands of
    rows), in batches elsewhere."""
    DemandCell.objects.filter(month=month).delete()
    if connection.vendor == "postgresql":
        table = DemandCell._meta.db_table
        columns = "month, area, target_group, dimension, source, value, count"
        with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for (area, group, dimension, source, value), n in cells.items():
                copy.write_row((month, area, group, dimension, source, value, n))
        return
    DemandCell.objects.bulk_create(
        (
            DemandCell(
                month=month, area=area, target_group=group, dimension=dimension, source=source, value=value, count=n
            )
            for (area, group, dimension, source, value), n in cells.items()
        ),
        batch_size=2000,
    )


def _first_month() -> date | None:
    firsts = [
        NeedSignal.objects.aggregate(first=Min("created_at"))["first"],
        Consultation.objects.aggregate(first=Min("occurred_at"))["first"],
        Referral.objects.aggregate(first=Min("sent_at"))["first"],
        Application.objects.aggregate(first=Min("created_at"))["first"],
    ]
    known = [timezone.localtime(first) for first in firsts if first is not None]
    return month_start(min(known)) if known else None


def _months_of(rows: QuerySet[Any], field: str) -> set[date]:
    return {month_start(timezone.localtime(at)) for at in rows.datetimes(field, "month")}


def _changed_months(since: datetime) -> set[date]:
    """The months whose figures rows created or changed since `since` fall in."""
    return (
        _months_of(NeedSignal.objects.filter(created_at__gte=since), "created_at")
        | _months_of(Consultation.objects.filter(updated_at__gte=since), "occurred_at")
        | _months_of(Referral.objects.filter(updated_at__gte=since, sent_at__isnull=False), "sent_at")
        | _months_of(Application.objects.filter(updated_at__gte=since), "created_at")
    )


def _all_months(upto: datetime) -> set[date]:
    first = _first_month()
    return set(months_between(first, month_start(upto))) if first is not None else set()


def capacity_snapshot(*, month: date) -> int:
    """Keep every service's capacity as it stands now as the month's figure; the number kept."""
    terms = _service_terms()
    rows = [
        CapacityMonth(
            month=month,
            service_id=capacity.service_id,
            municipality=capacity.service.municipality_id,
            service_type=terms.get(capacity.service_id, (None, ()))[0] or "",
            places=capacity.places,
            occupied=capacity.occupied,
            waiting=capacity.waiting,
        )
        for capacity in Capacity.objects.select_related("service").filter(
            Q(places__isnull=False) | Q(waiting__isnull=False)
        )
    ]
    with transaction.atomic():
        CapacityMonth.objects.filter(month=month).delete()
        CapacityMonth.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def demand_refresh(*, full: bool = False, now: datetime | None = None) -> RefreshResult:
    """Rebuild the months with changes since the last refresh (every month with `full`, or the first
    time), and keep this month's capacity. Safe to run at any time; two runs at once rebuild the same
    months twice, not wrongly."""
    began = time.monotonic()
    upto = now or timezone.now()
    state = Refresh.objects.filter(name=DEMAND).first()
    months = _all_months(upto) if full or state is None else _changed_months(state.upto - OVERLAP)
    terms = _service_terms()
    mayoralties = {
        ekatte: (municipality, mayoralty or "")
        for ekatte, municipality, mayoralty in Settlement.objects.values_list(
            "ekatte", "municipality_id", "mayoralty_id"
        )
    }
    written = 0
    for month in sorted(months):
        cells = _month_cells(month, terms, mayoralties)
        with transaction.atomic():
            _write(month, cells)
        written += len(cells)
    capacity_snapshot(month=month_start(timezone.localtime(upto)))
    took_ms = int((time.monotonic() - began) * 1000)
    Refresh.objects.update_or_create(name=DEMAND, defaults={"upto": upto, "took_ms": took_ms, "cells": written})
    return RefreshResult(months=len(months), cells=written, took_ms=took_ms)
