"""The work queue: what a specialist and their offices have to follow up today, what is overdue and what
waits on others, the new requests from the public site and the number of today's appointments.

Each list is its first rows and a total, read in a fixed number of queries whatever the amount of work
(bench/work_queue.py measures it): one query for each part's referrals (numbered and counted within their
section by window functions), one for each part's consultations, one for the requests, one for the
appointments. They run along the indexes of Referral (office or assigned_to, status, follow_up_on) and
Consultation (office or specialist, follow_up_on). Rows are plain values of the columns shown, not model
instances: building those cost more than reading them."""

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
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When, Window
from django.utils import timezone
from django.utils.translation import get_language, ngettext

from grizha.accounts.selectors import StaffScope
from grizha.casework.lifecycle import OPEN, WAITING
from grizha.casework.models import Appointment, CallbackRequest, Consultation, Referral
from grizha.casework.selectors.inbox import REQUEST_ROW_COLUMNS, requests_in
from grizha.territory.models import Office

LIMIT = 10
LANGUAGES = [code for code, _label in settings.LANGUAGES]
PERSON_COLUMNS = ("username", "first_name", "last_name")
# The office filter: empty for the member's own offices, "all" for every office they see, or an office's id.
HOME = ""
ALL = "all"
# The sections of a part's referrals, in the order of the page.
DUE, OVERDUE, WAITING_ON_OTHERS = "due", "overdue", "waiting"


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


EMPTY: Section[ReferralRow] = Section(rows=[], total=0)


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
    six queries after the offices (each part's referrals, each part's consultations, the requests and the
    appointments), whatever the amount of work."""
    office = office or HOME
    today = today or timezone.localdate()
    choices = office_choices(scope) if choices is None else choices
    offices = chosen_offices(scope, choices, office)
    office_ids = [o.id for o in offices]
    # A request for which no office was found is the central office's.
    without_office = {o.municipality_id for o in offices if o.kind == Office.Kind.CENTRAL}
    referrals = Referral.objects.filter(status__in=OPEN)
    consultations = Consultation.objects.filter(outcome=Consultation.Outcome.FOLLOW_UP, follow_up_on__lte=today)
    # The chosen offices lie in the scope; what the member follows may lie in an office they left.
    in_scope = Q(office_id__in=scope.office_ids)
    requests = CallbackRequest.objects.filter(
        requests_in(office_ids, without_office=without_office), status=CallbackRequest.Status.NEW
    )
    return WorkQueue(
        today=today,
        choice=office,
        offices=offices,
        choices=choices,
        mine=_part(
            referrals.filter(in_scope, assigned_to=user), consultations.filter(in_scope, specialist=user), today
        ),
        office=_part(referrals.filter(office_id__in=office_ids), consultations.filter(office_id__in=office_ids), today),
        requests=_requests(requests),
        appointments_today=_appointments_on(today, office_ids),
    )


def _waiting(today: datetime.date) -> Q:
    """Waiting on others: sent or accepted, and not yet due for a follow-up (those are in the other lists)."""
    return Q(status__in=WAITING) & (Q(follow_up_on__gt=today) | Q(follow_up_on__isnull=True))


def _part(referrals: QuerySet[Referral], consultations: QuerySet[Consultation], today: datetime.date) -> QueuePart:
    sections = _referral_sections(referrals, today)
    return QueuePart(
        due_today=sections.get(DUE, EMPTY),
        overdue=sections.get(OVERDUE, EMPTY),
        waiting=sections.get(WAITING_ON_OTHERS, EMPTY),
        follow_ups=_consultations(consultations, today),
    )


def _referral_sections(referrals: QuerySet[Referral], today: datetime.date) -> dict[str, Section[ReferralRow]]:
    """The first rows of each section and its total, in one query: the rows are numbered within their
    section (due today, overdue, waiting on others) and counted there, and only the first are read."""
    section = Case(
        When(follow_up_on=today, then=Value(DUE)),
        When(follow_up_on__lt=today, then=Value(OVERDUE)),
        default=Value(WAITING_ON_OTHERS),
        output_field=CharField(),
    )
    columns = {
        "row_id": F("id"),
        "row_reference": F("reference"),
        "row_status": F("status"),
        "row_follow_up_on": F("follow_up_on"),
        "row_created_at": F("created_at"),
        **{
            name.replace("__", "_"): F(name)
            for name in _translated("service__name", "organization__name", "office__name")
        },
        **{f"who_{name}": F(f"assigned_to__{name}") for name in PERSON_COLUMNS},
    }
    rows = referrals.filter(Q(follow_up_on__lte=today) | _waiting(today)).values(section=section, **columns)
    found: dict[str, tuple[list[ReferralRow], int]] = {}
    for name, total, id_, reference, status, follow_up_on, *rest in _first_of_each_section(rows, list(columns)):
        follow_up_on = _as_date(follow_up_on)
        service, organization, office = _in_language(rest[1:7], 3)  # rest[0]: created_at, for the order only
        found.setdefault(name, ([], total))[0].append(
            ReferralRow(
                id=UUID(str(id_)),
                reference=reference,
                status=status,
                receiver=service or organization,
                follow_up_on=follow_up_on,
                followed_by=_person(*rest[7:]),
                office=office,
                days_late=_days_late(follow_up_on, today),
            )
        )
    return {name: Section(rows=rows_, total=total) for name, (rows_, total) in found.items()}


def _first_of_each_section(rows: QuerySet[Any, Any], columns: list[str]) -> list[tuple[Any, ...]]:
    """(section, total, *columns) of the first LIMIT rows of each section, soonest follow-up first.

    The numbering and counting are written around the ORM's query rather than with Window(...) and a filter
    on it: Django builds such a query (QUALIFY emulated by a subquery) at about twice the cost of running it,
    and this page asks two of them on every visit (bench/work_queue.py). The parameters stay the ORM's."""
    connection = connections[rows.db]
    try:
        sql, params = rows.query.get_compiler(rows.db).as_sql()
    except EmptyResultSet:  # no office to look at
        return []
    q = connection.ops.quote_name
    selected = ", ".join(q(name) for name in columns)
    # Only quoted names of our own and the ORM's SQL go into the text; every value is a parameter.
    numbered = (
        f"SELECT {q('section')}, {selected}, "  # noqa: S608
        f"ROW_NUMBER() OVER (PARTITION BY {q('section')} ORDER BY {q('row_follow_up_on')} IS NULL, "
        f"{q('row_follow_up_on')}, {q('row_created_at')}, {q('row_id')}) AS {q('position')}, "
        f"COUNT(*) OVER (PARTITION BY {q('section')}) AS {q('total')} FROM ({sql}) {q('found')}"
    )
    query = (
        f"SELECT {q('section')}, {q('total')}, {selected} FROM ({numbered}) {q('numbered')} "  # noqa: S608
        f"WHERE {q('position')} <= %s ORDER BY {q('section')}, {q('position')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, (*params, LIMIT))
        return cursor.fetchall()


def _as_date(value: datetime.date | str | None) -> datetime.date | None:
    """A date read by hand from the database: SQLite gives its text."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _consultations(consultations: QuerySet[Consultation], today: datetime.date) -> Section[ConsultationRow]:
    """The first consultations to follow up, the longest overdue first, and how many there are."""
    rows = list(
        consultations.annotate(total=Window(Count("id")))
        .order_by("follow_up_on", "id")
        .values_list(
            "total",
            "id",
            "occurred_at",
            "channel",
            "follow_up_on",
            *_translated("settlement__name", "office__name"),
            *(f"specialist__{name}" for name in PERSON_COLUMNS),
        )[:LIMIT]
    )
    found = []
    for _total, id_, occurred_at, channel, follow_up_on, *rest in rows:
        settlement, office = _in_language(rest[:4], 2)
        found.append(
            ConsultationRow(
                id=id_,
                occurred_at=occurred_at,
                channel=channel,
                settlement=settlement,
                follow_up_on=follow_up_on,
                specialist=_person(*rest[4:]),
                office=office,
                days_late=_days_late(follow_up_on, today),
            )
        )
    return Section(rows=found, total=rows[0][0] if rows else 0)


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
