"""Effectiveness and quality: what became of the referrals made in the period and why, how long each step
took, how applications were decided and in how many days, and how full the services were month by month."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from grizha.analytics.models import CapacityMonth
from grizha.analytics.privacy import share, suppress_count, suppress_parts
from grizha.analytics.selectors.filters import Filters
from grizha.analytics.selectors.survey import satisfaction
from grizha.analytics.tables import MIN_GROUP, SUPPRESSED, Cell, Column, Table
from grizha.applications.models import Application
from grizha.casework.models import Referral
from grizha.catalog.models import Service
from grizha.catalog.selectors import services_with_terms

DECIDED = (Application.Status.APPROVED, Application.Status.REFUSED, Application.Status.REFERRED)


def _in_area(rows: QuerySet[Any], filters: Filters, office: str = "office") -> QuerySet[Any]:
    if filters.is_mayoralty:
        return rows.filter(**{f"{office}__mayoralty_id": filters.area})
    if not filters.is_country:
        return rows.filter(**{f"{office}__municipality_id": filters.area})
    return rows


def _of_service_type(rows: QuerySet[Any], filters: Filters, service: str = "service") -> QuerySet[Any]:
    if not filters.service_type:
        return rows
    return rows.filter(**{f"{service}__in": services_with_terms("service_type", [filters.service_type])})


def referrals_in(filters: Filters) -> QuerySet[Referral]:
    """Referrals sent in the period from offices of the area (to services of the type, if chosen)."""
    start, end = filters.bounds()
    rows = _in_area(Referral.objects.filter(sent_at__gte=start, sent_at__lt=end), filters)
    return _of_service_type(rows, filters)


def _days(pairs: Sequence[tuple[datetime | None, datetime | None]]) -> list[float]:
    return [
        (later - earlier).total_seconds() / 86400 for earlier, later in pairs if earlier and later and later >= earlier
    ]


def _duration_row(name: Any, days: list[float]) -> list[Cell]:
    """How many, the median and the 90th percentile in days; hidden for fewer than MIN_GROUP."""
    if len(days) < MIN_GROUP:
        return [
            capfirst(str(name)),
            suppress_count(len(days)),
            SUPPRESSED if days else None,
            SUPPRESSED if days else None,
        ]
    p90 = statistics.quantiles(days, n=10, method="inclusive")[-1]
    return [capfirst(str(name)), len(days), round(statistics.median(days), 1), round(p90, 1)]


DURATION_COLUMNS = [
    Column("step", gettext_lazy("Step"), "text"),
    Column("count", gettext_lazy("How many")),
    Column("median", gettext_lazy("Median, days"), "days"),
    Column("p90", gettext_lazy("9 in 10 within, days"), "days"),
]


def _referral_outcomes(referrals: QuerySet[Referral]) -> Table:
    counts = dict(referrals.values_list("status").annotate(n=Count("id")).order_by())
    statuses = [s for s in Referral.Status if s != Referral.Status.DRAFT]
    shown = suppress_parts([counts.get(s, 0) for s in statuses])
    total = sum(counts.values())
    return Table(
        "referral-outcomes",
        gettext_lazy("Referrals sent in the period, by where they stand"),
        [
            Column("status", gettext_lazy("Status"), "text"),
            Column("count", gettext_lazy("Referrals")),
            Column("share", gettext_lazy("Share, %"), "percent"),
        ],
        [
            [
                capfirst(str(s.label)),
                shown[i],
                share(counts.get(s, 0), total) if shown[i] is not SUPPRESSED else SUPPRESSED,
            ]
            for i, s in enumerate(statuses)
        ],
    )


def _referral_reasons(referrals: QuerySet[Referral]) -> Table:
    rows = referrals.exclude(reason="").values_list("reason", "status").annotate(n=Count("id")).order_by()
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for reason, status, n in rows:
        counts[reason][status] += n
    kinds = (Referral.Status.DECLINED, Referral.Status.CLOSED_UNSUCCESSFUL, Referral.Status.WITHDRAWN)
    return Table(
        "referral-reasons",
        gettext_lazy("Why referrals were declined or closed without success"),
        [Column("reason", gettext_lazy("Reason"), "text"), *(Column(str(k), capfirst(k.label)) for k in kinds)],
        [
            [capfirst(str(r.label)), *(suppress_count(counts[r].get(k, 0)) for k in kinds)]
            for r in Referral.Reason
            if r in counts
        ],
    )


def _referral_times(referrals: QuerySet[Referral]) -> Table:
    times = list(referrals.values_list("sent_at", "answered_at", "started_at", "closed_at"))
    return Table(
        "referral-times",
        gettext_lazy("How long referrals took"),
        DURATION_COLUMNS,
        [
            _duration_row(gettext_lazy("From sending to an answer"), _days([(s, a) for s, a, _st, _c in times])),
            _duration_row(
                gettext_lazy("From sending to the start of the service"), _days([(s, st) for s, _a, st, _c in times])
            ),
            _duration_row(gettext_lazy("From sending to closing"), _days([(s, c) for s, _a, _st, c in times])),
        ],
    )


def _applications(filters: Filters) -> Table:
    start, end = filters.bounds()
    rows = _in_area(Application.objects.filter(decided_at__gte=start, decided_at__lt=end, status__in=DECIDED), filters)
    rows = _of_service_type(rows, filters, "application_type__service")
    days: dict[str, list[float]] = defaultdict(list)
    for status, created, decided in rows.values_list("status", "created_at", "decided_at"):
        days[status] += _days([(created, decided)])
    return Table(
        "application-decisions",
        gettext_lazy("Applications decided in the period, and in how many days"),
        [Column("decision", gettext_lazy("Decision"), "text"), *DURATION_COLUMNS[1:]],
        [_duration_row(status.label, days.get(status, [])) for status in DECIDED],
    )


def _occupancy(filters: Filters) -> Table:
    rows = CapacityMonth.objects.filter(month__gte=filters.start, month__lte=filters.end)
    if filters.is_mayoralty:
        # A subquery, not a join: a service with two places in the mayoralty is counted once.
        given_there = Service.objects.filter(service_at_locations__location__settlement__mayoralty_id=filters.area)
        rows = rows.filter(service_id__in=given_there.values("id"))
    elif not filters.is_country:
        rows = rows.filter(municipality=filters.area)
    if filters.service_type:
        rows = rows.filter(service_type=filters.service_type)
    sums = {
        month: (places or 0, occupied or 0, waiting or 0)
        for month, places, occupied, waiting in rows.values_list("month")
        .annotate(p=Sum("places"), o=Sum("occupied"), w=Sum("waiting"))
        .order_by()
    }
    table_rows: list[list[Cell]] = []
    for month in filters.months():
        if month not in sums:
            table_rows.append([f"{month:%Y-%m}", None, None, None, None])
            continue
        places, occupied, waiting = sums[month]
        table_rows.append(
            [f"{month:%Y-%m}", places, suppress_count(occupied), share(occupied, places), suppress_count(waiting)]
        )
    return Table(
        "occupancy",
        gettext_lazy("Places, occupancy and waiting lists by month"),
        [
            Column("month", gettext_lazy("Month"), "text"),
            Column("places", gettext_lazy("Places")),
            Column("occupied", gettext_lazy("Occupied")),
            Column("occupancy", gettext_lazy("Occupancy, %"), "percent"),
            Column("waiting", gettext_lazy("On the waiting list")),
        ],
        table_rows,
        note=gettext_lazy("As kept by the hourly refresh in each month; an empty month was not recorded."),
    )


def effectiveness(filters: Filters) -> dict[str, Table]:
    referrals = referrals_in(filters)
    tables = [
        _referral_outcomes(referrals),
        _referral_reasons(referrals),
        _referral_times(referrals),
        _applications(filters),
        _occupancy(filters),
        *satisfaction(filters),
    ]
    return {table.slug: table for table in tables}
