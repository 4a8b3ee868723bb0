"""Reminders: a receiver who has not answered a referral for more than five working days, or has not
started the service ten days after accepting, is e-mailed the link again, once in each such period; the
periodic task does it and schedules itself."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from grizha.casework.models import Referral
from grizha.casework.services.reminders import referral_reminders_send
from grizha.casework.tasks import send_referral_reminders
from grizha.casework.tests.referrals_testing import a_person, a_referral, a_service, an_organization
from grizha.catalog.models import Organization
from grizha.core.audit import history
from grizha.core.tasks import run_queued

pytestmark = pytest.mark.django_db

S = Referral.Status
SOFIA = ZoneInfo("Europe/Sofia")
# A Wednesday at ten: five working days before it is the Wednesday before, seven calendar days.
NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=SOFIA)


def waiting(
    status: str = S.SENT, *, days: float, reminded_days: float | None = None, receiver: Organization | None = None
) -> Referral:
    """A referral in `status` since `days` before NOW (reminded `reminded_days` before NOW, if given)."""
    referral = a_referral(status, receiver=receiver or a_service(email="dc@example.org"))
    at = NOW - datetime.timedelta(days=days)
    changes = {"sent_at": at, "answered_at": at if status != S.SENT else None}
    if reminded_days is not None:
        changes["reminded_at"] = NOW - datetime.timedelta(days=reminded_days)
    Referral.objects.filter(pk=referral.pk).update(**changes)
    referral.refresh_from_db()
    return referral


def test_days_off_do_not_count_towards_the_wait() -> None:
    """Sent on Wednesday 23 December 2026 at nine: by the next Wednesday only two working days have passed
    (24 to 28 December are Christmas days off), though five weekdays have."""
    referral = a_referral(S.SENT, receiver=a_service(email="dc@example.org"))
    Referral.objects.filter(pk=referral.pk).update(sent_at=datetime.datetime(2026, 12, 23, 9, 0, tzinfo=SOFIA))
    assert referral_reminders_send(now=datetime.datetime(2026, 12, 30, 10, 0, tzinfo=SOFIA)) == 0
    assert referral_reminders_send(now=datetime.datetime(2027, 1, 8, 10, 0, tzinfo=SOFIA)) == 1


def test_a_referral_unanswered_for_more_than_five_working_days_is_reminded() -> None:
    referral = waiting(days=7.1)
    assert referral_reminders_send(now=NOW) == 1
    [message] = mail.outbox
    assert message.to == ["dc@example.org"]
    assert referral.reference in message.subject
    assert "/referrals/answer/" in message.body
    referral.refresh_from_db()
    assert referral.reminded_at == NOW
    event = history(referral).get(action="grizha.referral.reminded")
    assert event.actor is None


def test_five_calendar_days_over_a_weekend_are_not_yet_five_working_days() -> None:
    waiting(days=6)
    assert referral_reminders_send(now=NOW) == 0
    assert mail.outbox == []


def test_a_reminder_is_not_sent_twice() -> None:
    waiting(days=8)
    assert referral_reminders_send(now=NOW) == 1
    assert referral_reminders_send(now=NOW + datetime.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1


def test_a_receiver_reminded_recently_is_not_reminded_again() -> None:
    waiting(days=20, reminded_days=3)
    assert referral_reminders_send(now=NOW) == 0


def test_a_receiver_reminded_long_ago_is_reminded_again() -> None:
    waiting(days=30, reminded_days=8)
    assert referral_reminders_send(now=NOW) == 1


def test_a_referral_accepted_and_not_started_for_more_than_ten_days_is_reminded() -> None:
    referral = waiting(S.ACCEPTED, days=11)
    assert referral_reminders_send(now=NOW) == 1
    assert "кога започва услугата" in mail.outbox[0].body  # the e-mail is in the office's language
    assert history(referral).filter(action="grizha.referral.reminded").count() == 1


def test_a_referral_accepted_ten_days_ago_or_less_is_not_reminded() -> None:
    waiting(S.ACCEPTED, days=9)
    assert referral_reminders_send(now=NOW) == 0


@pytest.mark.parametrize("status", [S.DRAFT, S.DECLINED, S.STARTED, S.CLOSED_SUCCESSFUL, S.WITHDRAWN])
def test_a_referral_that_waits_on_nobody_is_not_reminded(status: str) -> None:
    waiting(status, days=40)
    assert referral_reminders_send(now=NOW) == 0


def test_a_receiver_without_an_e_mail_address_is_not_marked_reminded() -> None:
    referral = waiting(days=10, receiver=an_organization())
    assert referral_reminders_send(now=NOW) == 0
    referral.refresh_from_db()
    assert referral.reminded_at is None


def test_the_reminder_names_only_a_person_who_agreed() -> None:
    referral = waiting(days=10)
    Referral.objects.filter(pk=referral.pk).update(person=a_person(given_name="Гергана"))
    referral_reminders_send(now=NOW)
    assert "Гергана" not in mail.outbox[0].body


def test_the_periodic_task_reminds_and_schedules_its_next_run() -> None:
    referral = waiting(days=10)
    Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - datetime.timedelta(days=10))
    send_referral_reminders.enqueue()
    assert run_queued() == 1
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.filter(
        task_path=send_referral_reminders.module_path, status=TaskResultStatus.READY
    ).exists()
