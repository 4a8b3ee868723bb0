"""The work queue: what a specialist and their offices have to follow up today, what is overdue and what
waits on others, the new requests from the public site and the number of today's appointments.

Each list is its first rows and a total, read in a fixed number of queries whatever the amount of work
(bench/work_queue.py measures it), along the indexes of Referral (office or assigned_to, status,
follow_up_on) and Consultation (office or specialist, follow_up_on)."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from typing import Generic, TypeVar
from uuid import UUID

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from grizha.accounts.selectors import StaffScope, scope_offices
from grizha.casework.lifecycle import OPEN, WAITING
from grizha.casework.models import Appointment, CallbackRequest, Consultation, Referral
from grizha.casework.selectors.inbox import requests_in
from grizha.territory.models import Office

LIMIT = 25
# The office filter: empty for the member's own offices, "all" for every office they see, or an office's id.
HOME = ""
ALL = "all"

Row = TypeVar("Row")
M = TypeVar("M", Referral, Consultation)


@dataclass(frozen=True)
class Late(Generic[Row]):
    """A row of the queue and how many days its follow-up is late (0: due today or not yet due)."""

    item: Row
    days_late: int


@dataclass(frozen=True)
class Section(Generic[Row]):
    rows: list[Row]
    total: int

    @property
    def more(self) -> int:
        """How many are not shown."""
        return self.total - len(self.rows)


@dataclass(frozen=True)
class QueuePart:
    """The follow-ups of one person, or of offices."""

    due_today: Section[Late[Referral]]
    overdue: Section[Late[Referral]]
    waiting: Section[Late[Referral]]
    follow_ups: Section[Late[Consultation]]

    @property
    def total(self) -> int:
        return self.due_today.total + self.overdue.total + self.waiting.total + self.follow_ups.total


@dataclass(frozen=True)
class WorkQueue:
    today: datetime.date
    choice: str
    offices: list[Office]  # whose work the office part shows
    choices: list[Office]  # the offices the member may choose from
    mine: QueuePart
    office: QueuePart
    requests: Section[CallbackRequest]
    appointments_today: int

    @property
    def all_offices(self) -> bool:
        return self.choice == ALL

    @property
    def several_offices(self) -> bool:
        return len(self.choices) > 1

    @property
    def office_names(self) -> str:
        return ", ".join(o.name for o in self.offices)


def office_choices(scope: StaffScope) -> list[Office]:
    """The offices a member may look at, home offices first (one query)."""
    return scope_offices(scope)


def chosen_offices(scope: StaffScope, choices: list[Office], choice: str) -> list[Office]:
    """The offices of the filter: the member's own, all of theirs, or one of them (anything else: none)."""
    if choice == HOME:
        return [o for o in choices if o.id in scope.home_office_ids]
    if choice == ALL:
        return choices
    return [o for o in choices if str(o.id) == choice]


def work_queue(
    scope: StaffScope,
    user: User,
    office: str | None = None,
    today: datetime.date | None = None,
    *,
    choices: list[Office] | None = None,
) -> WorkQueue:
    """The queue of `user` and of the offices chosen by `office` (see HOME and ALL), limited to `scope`."""
    office = office or HOME
    today = today or timezone.localdate()
    choices = office_choices(scope) if choices is None else choices
    offices = chosen_offices(scope, choices, office)
    office_ids = [o.id for o in offices]
    # A request for which no office was found is the central office's.
    without_office = {o.municipality_id for o in offices if o.kind == Office.Kind.CENTRAL}

    referrals = Referral.objects.filter(office_id__in=scope.office_ids, status__in=OPEN)
    mine_referrals = referrals.filter(assigned_to=user)
    office_referrals = referrals.filter(office_id__in=office_ids)
    counts = referrals.filter(Q(assigned_to=user) | Q(office_id__in=office_ids)).aggregate(
        **_referral_counts("mine", Q(assigned_to=user), today),
        **_referral_counts("office", Q(office_id__in=office_ids), today),
    )
    consultations = Consultation.objects.filter(
        office_id__in=scope.office_ids, outcome=Consultation.Outcome.FOLLOW_UP, follow_up_on__lte=today
    )
    consultation_counts = consultations.filter(Q(specialist=user) | Q(office_id__in=office_ids)).aggregate(
        mine=Count("id", filter=Q(specialist=user)), office=Count("id", filter=Q(office_id__in=office_ids))
    )
    new_requests = CallbackRequest.objects.filter(
        requests_in(office_ids, without_office=without_office), status=CallbackRequest.Status.NEW
    )
    return WorkQueue(
        today=today,
        choice=office,
        offices=offices,
        choices=choices,
        mine=_part("mine", mine_referrals, consultations.filter(specialist=user), counts, consultation_counts, today),
        office=_part(
            "office",
            office_referrals,
            consultations.filter(office_id__in=office_ids),
            counts,
            consultation_counts,
            today,
        ),
        requests=Section(
            rows=list(new_requests.select_related("settlement", "office").order_by("created_at", "id")[:LIMIT]),
            total=new_requests.count(),
        ),
        appointments_today=_appointments_on(today, office_ids),
    )


def _referral_counts(prefix: str, who: Q, today: datetime.date) -> dict[str, Count]:
    return {
        f"{prefix}_due_today": Count("id", filter=who & Q(follow_up_on=today)),
        f"{prefix}_overdue": Count("id", filter=who & Q(follow_up_on__lt=today)),
        f"{prefix}_waiting": Count("id", filter=who & _waiting(today)),
    }


def _waiting(today: datetime.date) -> Q:
    """Waiting on others: sent or accepted, and not yet due for a follow-up (those are in the other lists)."""
    return Q(status__in=WAITING) & (Q(follow_up_on__gt=today) | Q(follow_up_on__isnull=True))


def _part(
    prefix: str,
    referrals: QuerySet[Referral],
    consultations: QuerySet[Consultation],
    counts: dict[str, int],
    consultation_counts: dict[str, int],
    today: datetime.date,
) -> QueuePart:
    referrals = referrals.select_related("service", "organization", "assigned_to", "office")
    consultations = consultations.select_related("office", "settlement", "specialist")
    return QueuePart(
        due_today=_section(
            referrals.filter(follow_up_on=today).order_by("created_at", "id"), counts[f"{prefix}_due_today"], today
        ),
        overdue=_section(
            referrals.filter(follow_up_on__lt=today).order_by("follow_up_on", "id"), counts[f"{prefix}_overdue"], today
        ),
        waiting=_section(
            referrals.filter(_waiting(today)).order_by("follow_up_on", "id"), counts[f"{prefix}_waiting"], today
        ),
        follow_ups=_section(consultations.order_by("follow_up_on", "id"), consultation_counts[prefix], today),
    )


def _section(rows: QuerySet[M], total: int, today: datetime.date) -> Section[Late[M]]:
    return Section(
        rows=[Late(item=row, days_late=_days_late(row.follow_up_on, today)) for row in rows[:LIMIT]], total=total
    )


def _days_late(follow_up_on: datetime.date | None, today: datetime.date) -> int:
    return max((today - follow_up_on).days, 0) if follow_up_on else 0


def _appointments_on(day: datetime.date, office_ids: Collection[UUID]) -> int:
    """Appointments booked for `day` at the offices (those cancelled left out)."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    return (
        Appointment.objects.filter(slot__office_id__in=office_ids, slot__starts_at__gte=start, slot__starts_at__lt=end)
        .exclude(status=Appointment.Status.CANCELLED)
        .count()
    )
