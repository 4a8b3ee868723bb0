"""The work queue: what a specialist and their offices have to follow up today, what is overdue and what
waits on others, the new requests from the public site and the number of today's appointments.

Each list is its first rows and a total, read in a fixed number of queries whatever the amount of work
(bench/work_queue.py measures it): one query numbers and counts the rows of every list of referrals and
consultations, within its part (the member's own, the offices') and section, on the rows' own columns;
one reads the referrals shown and one the consultations shown; one the requests, one the appointments.
The numbering runs along partial indexes of the open referrals and of the consultations to follow up
(models.py). Rows are plain values of the columns shown, not model instances: building those cost more
than reading them."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When, Window
from django.utils import timezone
from django.utils.translation import get_language, ngettext

from grizha.accounts.selectors import StaffScope
from grizha.casework.lifecycle import OPEN, WAITING
from grizha.casework.models import Appointment, CallbackRequest, Consultation, Referral
from grizha.casework.selectors.inbox import REQUEST_ROW_COLUMNS, requests_in
from grizha.territory.models import Office

# The first rows of each list: the most pressing, and a page a screen reader can go through; "And N more"
# links each list to its full, filtered list.
LIMIT = 5
LANGUAGES = [code for code, _label in settings.LANGUAGES]
PERSON_COLUMNS = ("username", "first_name", "last_name")
# The office filter: empty for the member's own offices, "all" for every office they see, or an office's id.
HOME = ""
ALL = "all"
# The parts of the queue, and the sections of each, in the order of the page (numbers: the database sorts
# them faster than words, which it compares by the rules of a language).
MINE, OFFICE = 1, 2
DUE, OVERDUE, WAITING_ON_OTHERS, FOLLOW_UPS = 1, 2, 3, 4


@dataclass(frozen=True)
class ReferralRow:
    id: UUID
    reference: str
    status: str
    receiver: str
    follow_up_on: datetime.date | None
    followed_by: str
    office: str
    days_late: int

    @property
    def status_label(self) -> str:
        return _said(get_language(), "status", self.status)

    @property
    def overdue_text(self) -> str:
        return _said(get_language(), "overdue", self.days_late)


@dataclass(frozen=True)
class ConsultationRow:
    id: UUID
    occurred_at: datetime.datetime
    channel: str
    settlement: str
    follow_up_on: datetime.date | None
    specialist: str
    office: str
    days_late: int

    @property
    def channel_label(self) -> str:
        return _said(get_language(), "channel", self.channel)

    @property
    def overdue_text(self) -> str:
        return _said(get_language(), "overdue", self.days_late)


@functools.lru_cache(maxsize=1024)
def _said(language: str | None, kind: str, value: str | int) -> str:
    """A status, a channel or "overdue by N days" in the page's language (`language`, the active one, keys
    the cache): worked out once per process, as a page shows the same few many times."""
    if kind == "status":
        return str(Referral.Status(str(value)).label)
    if kind == "channel":
        return str(Consultation.Channel(str(value)).label)
    return ngettext("overdue by %(days)d day", "overdue by %(days)d days", int(value)) % {"days": value}


Row = TypeVar("Row")


@dataclass(frozen=True)
class Section(Generic[Row]):
    rows: list[Row]
    total: int

    @property
    def more(self) -> int:
        """How many are not shown."""
        return self.total - len(self.rows)


EMPTY: Section[Any] = Section(rows=[], total=0)


@dataclass(frozen=True)
class QueuePart:
    """The follow-ups of one person, or of offices."""

    due_today: Section[ReferralRow]
    overdue: Section[ReferralRow]
    waiting: Section[ReferralRow]
    follow_ups: Section[ConsultationRow]

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
    """The offices a member may look at, in the order of scope_offices (home offices first), with only
    what the queue needs of them: an office's full row, translated, costs more to build than to read."""
    offices = Office.objects.filter(id__in=scope.office_ids).only(
        "kind", "municipality_id", *(f"name_{code}" for code in LANGUAGES)
    )
    return sorted(offices, key=lambda o: (o.id not in scope.home_office_ids, o.kind != Office.Kind.CENTRAL, o.name))


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
    """The queue of `user` and of the offices chosen by `office` (see HOME and ALL), limited to `scope`:
    five queries after the offices (the first of every list, their referrals, their consultations, the
    requests and the appointments), whatever the amount of work."""
    office = office or HOME
    today = today or timezone.localdate()
    choices = office_choices(scope) if choices is None else choices
    offices = chosen_offices(scope, choices, office)
    office_ids = [o.id for o in offices]
    # A request for which no office was found is the central office's.
    without_office = {o.municipality_id for o in offices if o.kind == Office.Kind.CENTRAL}
    # The chosen offices lie in the scope; what the member follows may lie in an office they left.
    in_scope = Q(office_id__in=scope.office_ids)
    first = _first_of_each_list(
        {
            MINE: _lists(today, Q(in_scope, assigned_to=user), Q(in_scope, specialist=user)),
            OFFICE: _lists(today, Q(office_id__in=office_ids), Q(office_id__in=office_ids)),
        }
    )
    referrals = _referral_rows([id_ for _part, section, _total, id_ in first if section != FOLLOW_UPS], today)
    consultations = _consultation_rows([id_ for _part, section, _total, id_ in first if section == FOLLOW_UPS], today)
    sections: dict[tuple[int, int], Section[Any]] = {}
    for part, section, total, id_ in first:
        rows = consultations if section == FOLLOW_UPS else referrals
        sections.setdefault((part, section), Section(rows=[], total=total)).rows.append(rows[id_])
    requests = CallbackRequest.objects.filter(
        requests_in(office_ids, without_office=without_office), status=CallbackRequest.Status.NEW
    )
    return WorkQueue(
        today=today,
        choice=office,
        offices=offices,
        choices=choices,
        mine=_part(sections, MINE),
        office=_part(sections, OFFICE),
        requests=_requests(requests),
        appointments_today=_appointments_on(today, office_ids),
    )


def _part(sections: dict[tuple[int, int], Section[Any]], part: int) -> QueuePart:
    return QueuePart(
        due_today=sections.get((part, DUE), EMPTY),
        overdue=sections.get((part, OVERDUE), EMPTY),
        waiting=sections.get((part, WAITING_ON_OTHERS), EMPTY),
        follow_ups=sections.get((part, FOLLOW_UPS), EMPTY),
    )


def _lists(today: datetime.date, referrals: Q, consultations: Q) -> list[QuerySet[Any, Any]]:
    """The rows of one part's lists, as _first_of_each_list reads them: its open referrals (each in its
    section: due today, overdue, or waiting on others, which are sent or accepted and not yet due) and its
    consultations to follow up."""
    section = Case(
        When(follow_up_on=today, then=Value(DUE)),
        When(follow_up_on__lt=today, then=Value(OVERDUE)),
        default=Value(WAITING_ON_OTHERS),
        output_field=IntegerField(),
    )
    waiting = Q(status__in=WAITING) & (Q(follow_up_on__gt=today) | Q(follow_up_on__isnull=True))
    return [
        Referral.objects.filter(referrals, Q(follow_up_on__lte=today) | waiting, status__in=OPEN)
        .order_by()
        .values(section=section, row_id=F("id"), row_follow_up_on=F("follow_up_on"), row_created_at=F("created_at")),
        Consultation.objects.filter(consultations, outcome=Consultation.Outcome.FOLLOW_UP, follow_up_on__lte=today)
        .order_by()
        .values(
            section=Value(FOLLOW_UPS, output_field=IntegerField()),
            row_id=F("id"),
            row_follow_up_on=F("follow_up_on"),
            row_created_at=F("occurred_at"),
        ),
    ]


def _first_of_each_list(parts: dict[int, list[QuerySet[Any, Any]]]) -> list[tuple[int, int, int, UUID]]:
    """(part, section, total, id) of the first LIMIT rows of each section of each part, the soonest
    follow-up first, in one query: the rows of every list are numbered and counted within their part and
    section, on their own columns only (the columns shown are read for the first rows alone).

    The numbering is written around the ORM's queries rather than with Window(...) and a filter on it:
    Django builds such a query (QUALIFY emulated by a subquery) at about twice the cost of running it
    (bench/work_queue.py). Every value stays a parameter; only quoted names of our own and the ORM's SQL
    go into the text."""
    connection = connections[next(iter(parts.values()))[0].db]
    q = connection.ops.quote_name
    found, params = [], []
    for part, querysets in parts.items():
        for rows in querysets:
            try:
                sql, more = rows.query.get_compiler(rows.db).as_sql()
            except EmptyResultSet:  # no office to look at
                continue
            found.append(f"SELECT {int(part)} AS {q('part')}, {q('rows')}.* FROM ({sql}) {q('rows')}")  # noqa: S608
            params.extend(more)
    if not found:
        return []
    numbered = (
        f"SELECT {q('part')}, {q('section')}, {q('row_id')}, "  # noqa: S608
        f"ROW_NUMBER() OVER (PARTITION BY {q('part')}, {q('section')} ORDER BY {q('row_follow_up_on')} IS NULL, "
        f"{q('row_follow_up_on')}, {q('row_created_at')}, {q('row_id')}) AS {q('position')}, "
        f"COUNT(*) OVER (PARTITION BY {q('part')}, {q('section')}) AS {q('total')} "
        f"FROM ({' UNION ALL '.join(found)}) {q('found')}"
    )
    query = (
        f"SELECT {q('part')}, {q('section')}, {q('total')}, {q('row_id')} FROM ({numbered}) {q('numbered')} "  # noqa: S608
        f"WHERE {q('position')} <= %s ORDER BY {q('part')}, {q('section')}, {q('position')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, (*params, LIMIT))
        # SQLite gives a uuid as its text.
        return [(part, section, total, UUID(str(id_))) for part, section, total, id_ in cursor.fetchall()]


def _referral_rows(ids: list[UUID], today: datetime.date) -> dict[UUID, ReferralRow]:
    """The referrals shown, by id, with the columns the page shows of them."""
    rows = Referral.objects.filter(id__in=ids).values_list(
        "id",
        "reference",
        "status",
        "follow_up_on",
        *_translated("service__name", "organization__name", "office__name"),
        *(f"assigned_to__{name}" for name in PERSON_COLUMNS),
    )
    found = {}
    for id_, reference, status, follow_up_on, *rest in rows.order_by() if ids else []:
        service, organization, office = _in_language(rest[:6], 3)
        found[id_] = ReferralRow(
            id=id_,
            reference=reference,
            status=status,
            receiver=service or organization,
            follow_up_on=follow_up_on,
            followed_by=_person(*rest[6:]),
            office=office,
            days_late=_days_late(follow_up_on, today),
        )
    return found


def _consultation_rows(ids: list[UUID], today: datetime.date) -> dict[UUID, ConsultationRow]:
    """The consultations shown, by id, with the columns the page shows of them."""
    rows = Consultation.objects.filter(id__in=ids).values_list(
        "id",
        "occurred_at",
        "channel",
        "follow_up_on",
        *_translated("settlement__name", "office__name"),
        *(f"specialist__{name}" for name in PERSON_COLUMNS),
    )
    found = {}
    for id_, occurred_at, channel, follow_up_on, *rest in rows.order_by() if ids else []:
        settlement, office = _in_language(rest[:4], 2)
        found[id_] = ConsultationRow(
            id=id_,
            occurred_at=occurred_at,
            channel=channel,
            settlement=settlement,
            follow_up_on=follow_up_on,
            specialist=_person(*rest[4:]),
            office=office,
            days_late=_days_late(follow_up_on, today),
        )
    return found


def _requests(requests: QuerySet[CallbackRequest]) -> Section[CallbackRequest]:
    """The first new requests, oldest first, and how many there are."""
    rows: list[CallbackRequest] = list(
        requests.select_related("settlement", "office")
        .only(*REQUEST_ROW_COLUMNS)
        .annotate(total=Window(Count("id")))
        .order_by("created_at", "id")[:LIMIT]
    )
    return Section(rows=rows, total=getattr(rows[0], "total", 0) if rows else 0)


def _translated(*names: str) -> list[str]:
    """The columns of translated fields, each in every language (see _in_language)."""
    return [f"{name}_{code}" for name in names for code in LANGUAGES]


def _in_language(values: list[Any], count: int) -> list[str]:
    """`count` translated values from their columns in every language: in the page's language, else in
    the default one (as modeltranslation falls back)."""
    here = LANGUAGES.index(get_language()) if get_language() in LANGUAGES else 0
    fallback = LANGUAGES.index(settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
    width = len(LANGUAGES)
    return [values[i * width + here] or values[i * width + fallback] or "" for i in range(count)]


def _person(username: str | None, first_name: str | None, last_name: str | None) -> str:
    full = f"{first_name or ''} {last_name or ''}".strip()
    return full or username or ""


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
