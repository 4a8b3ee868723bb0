"""The work queue's sections hold the right referrals, consultations and requests, and nothing of offices
outside the member's scope."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from grizha.accounts.selectors import staff_scope
from grizha.accounts.testing import office_of, staff_member
from grizha.casework.lifecycle import OPEN
from grizha.casework.models import (
    Appointment,
    AppointmentSlot,
    CallbackRequest,
    Consultation,
    Referral,
)
from grizha.casework.selectors.queue import ALL, LIMIT, work_queue
from grizha.catalog.models import Service
from grizha.territory.models import Office

pytestmark = pytest.mark.django_db

S = Referral.Status
TODAY = datetime.date(2026, 3, 10)


def bikovo() -> Office:
    return office_of(Office.Kind.MAYORALTY, "SLV20-01")


def byala() -> Office:
    return office_of(Office.Kind.MAYORALTY, "SLV20-06")


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def referral(
    office: Office, user: Any, status: str = S.SENT, follow_up_on: datetime.date | None = TODAY, **fields: Any
) -> Referral:
    return Referral.objects.create(
        reference=uuid.uuid4().hex[:12],
        office=office,
        created_by=user,
        assigned_to=fields.pop("assigned_to", user),
        service=Service.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY).order_by("id").first(),
        status=status,
        follow_up_on=follow_up_on,
        **fields,
    )


def consultation(
    office: Office,
    user: Any,
    follow_up_on: datetime.date | None = TODAY,
    outcome: str = Consultation.Outcome.FOLLOW_UP,
) -> Consultation:
    return Consultation.objects.create(
        office=office,
        specialist=user,
        occurred_at=timezone.now() - datetime.timedelta(days=3),
        channel=Consultation.Channel.PHONE,
        outcome=outcome,
        follow_up_on=follow_up_on,
    )


def callback_request(office: Office | None, status: str = CallbackRequest.Status.NEW, **fields: Any) -> CallbackRequest:
    return CallbackRequest.objects.create(
        reference=uuid.uuid4().hex[:12],
        municipality_id=settings.GRIZHA_MUNICIPALITY,
        office=office,
        name=fields.pop("name", "Ivanka Petrova"),
        phone="+359881234567",
        language="bg",
        consent_given_at=timezone.now(),
        status=status,
        **fields,
    )


def queue_of(user: Any, office: str | None = None) -> Any:
    return work_queue(staff_scope(user), user, office, today=TODAY)


def items(section: Any) -> list[Any]:
    """The records of a section's rows, by their ids."""
    return [row.id for row in section.rows]


# --- referrals ----------------------------------------------------------------------------------------


def test_referrals_due_today_are_the_open_ones_followed_up_today() -> None:
    me = staff_member(office=bikovo())
    due = referral(bikovo(), me, S.DRAFT)
    referral(bikovo(), me, S.CLOSED_SUCCESSFUL)
    referral(bikovo(), me, S.SENT, days(1))
    assert items(queue_of(me).mine.due_today) == [due.id]
    assert queue_of(me).mine.due_today.total == 1


def test_overdue_referrals_say_by_how_many_days_oldest_first() -> None:
    me = staff_member(office=bikovo())
    later = referral(bikovo(), me, S.STARTED, days(-1))
    first = referral(bikovo(), me, S.SENT, days(-9))
    referral(bikovo(), me, S.WITHDRAWN, days(-20))
    overdue = queue_of(me).mine.overdue
    assert items(overdue) == [first.id, later.id]
    assert [row.days_late for row in overdue.rows] == [9, 1]


def test_waiting_on_others_is_sent_or_accepted_and_not_yet_due() -> None:
    me = staff_member(office=bikovo())
    sent = referral(bikovo(), me, S.SENT, days(5))
    accepted = referral(bikovo(), me, S.ACCEPTED, days(2))
    referral(bikovo(), me, S.DRAFT, days(3))
    referral(bikovo(), me, S.STARTED, days(3))
    referral(bikovo(), me, S.DECLINED, days(3))
    referral(bikovo(), me, S.SENT, days(-1))  # overdue: listed there, not twice
    assert items(queue_of(me).mine.waiting) == [accepted.id, sent.id]


def test_my_part_holds_what_i_follow_and_the_office_part_what_my_office_follows() -> None:
    me, colleague = staff_member(office=bikovo()), staff_member(office=bikovo())
    mine = referral(bikovo(), me)
    theirs = referral(bikovo(), colleague)
    queue = queue_of(me)
    assert items(queue.mine.due_today) == [mine.id]
    assert set(items(queue.office.due_today)) == {mine.id, theirs.id}


def test_another_mayoraltys_referrals_are_not_in_the_queue() -> None:
    me, there = staff_member(office=bikovo()), staff_member(office=byala())
    referral(byala(), there)
    referral(byala(), there, assigned_to=me)  # assigned to me, but in an office I no longer see
    queue = queue_of(me, ALL)
    assert queue.mine.due_today.total == queue.office.due_today.total == 0


def test_a_section_shows_its_first_rows_and_counts_them_all() -> None:
    me = staff_member(office=bikovo())
    for n in range(LIMIT + 3):
        referral(bikovo(), me, S.SENT, days(-1 - n))
    overdue = queue_of(me).mine.overdue
    assert len(overdue.rows) == LIMIT
    assert overdue.total == LIMIT + 3
    assert overdue.more == 3


# --- consultations ------------------------------------------------------------------------------------


def test_consultations_to_follow_up_are_those_due_by_today() -> None:
    me = staff_member(office=bikovo())
    today = consultation(bikovo(), me, TODAY)
    late = consultation(bikovo(), me, days(-4))
    consultation(bikovo(), me, days(1))
    consultation(bikovo(), me, days(-1), outcome=Consultation.Outcome.INFORMED)
    follow_ups = queue_of(me).mine.follow_ups
    assert items(follow_ups) == [late.id, today.id]
    assert [row.days_late for row in follow_ups.rows] == [4, 0]


def test_consultations_of_another_mayoralty_are_not_followed_up_here() -> None:
    me = staff_member(office=bikovo())
    consultation(byala(), staff_member(office=byala()))
    assert queue_of(me, ALL).office.follow_ups.total == 0


# --- requests and appointments ------------------------------------------------------------------------


def test_new_requests_of_the_office_are_listed_oldest_first() -> None:
    me = staff_member(office=bikovo())
    first = callback_request(bikovo())
    second = callback_request(bikovo())
    callback_request(bikovo(), CallbackRequest.Status.HANDLED)
    callback_request(byala())
    assert items_of_requests(queue_of(me)) == [first, second]


def items_of_requests(queue: Any) -> list[CallbackRequest]:
    return list(queue.requests.rows)


def test_a_request_no_office_was_found_for_goes_to_the_central_office_only() -> None:
    orphan = callback_request(None)
    assert orphan in items_of_requests(queue_of(staff_member(office=office_of())))
    assert orphan not in items_of_requests(queue_of(staff_member(office=bikovo()), ALL))


def test_todays_appointments_are_counted_without_the_cancelled_ones() -> None:
    me = staff_member(office=bikovo())
    start = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(10)))
    slot = AppointmentSlot.objects.create(office=bikovo(), starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    other = AppointmentSlot.objects.create(office=byala(), starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    for n, (where, status) in enumerate(
        [(slot, Appointment.Status.BOOKED), (slot, Appointment.Status.CANCELLED), (other, Appointment.Status.BOOKED)]
    ):
        Appointment.objects.create(
            reference=f"A-{n}-{uuid.uuid4().hex[:6]}",
            slot=where,
            name="Ivan",
            phone="+359881234567",
            language="bg",
            consent_given_at=timezone.now(),
            status=status,
        )
    assert queue_of(me).appointments_today == 1


# --- the office filter --------------------------------------------------------------------------------


def test_the_central_office_sees_its_own_office_unless_it_asks_for_another_or_all() -> None:
    me = staff_member(office=office_of())
    at_bikovo = referral(bikovo(), staff_member(office=bikovo()))
    assert queue_of(me).office.due_today.total == 0
    assert items(queue_of(me, str(bikovo().id)).office.due_today) == [at_bikovo.id]
    assert at_bikovo.id in items(queue_of(me, ALL).office.due_today)


def test_a_mayoralty_cannot_choose_another_mayoraltys_office() -> None:
    me = staff_member(office=bikovo())
    referral(byala(), staff_member(office=byala()))
    queue = queue_of(me, str(byala().id))
    assert queue.offices == []
    assert queue.office.due_today.total == 0


def test_the_index_of_open_referrals_holds_exactly_the_open_statuses() -> None:
    """The queue reads open referrals from a partial index (models.py names the statuses, as a model's
    Meta cannot import the lifecycle): it must hold every open status and no other."""
    index = next(i for i in Referral._meta.indexes if i.name == "referral_open_follow_up")
    assert index.condition is not None
    ((lookup, statuses),) = index.condition.children
    assert lookup == "status__in"
    assert set(statuses) == set(OPEN)
