"""Considering an application: each step says what it needs, is recorded as a step and in the audit
trail, tells the person when it asks or decides (after the commit), and of two members of staff deciding
at once only the first wins; the person's answer and withdrawal; reading it is audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from grizha.accounts.roles import Role
from grizha.accounts.testing import office_of, staff_member
from grizha.applications.models import Application, ApplicationEvent, ApplicationType
from grizha.applications.services import (
    TransitionRefused,
    application_approve,
    application_information_give,
    application_information_request,
    application_refer,
    application_refuse,
    application_submit,
    application_take,
    application_viewed,
    application_withdraw,
    review,
)
from grizha.applications.tests.testing import submission
from grizha.core.audit import history

pytestmark = pytest.mark.django_db

S = Application.Status
Capture = Callable[..., Any]


@pytest.fixture
def application(form: ApplicationType) -> Application:
    return application_submit(submission=submission(form)).application


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What the person is told: (reference, event), as the notifications module is called."""
    calls: list[tuple[str, str]] = []

    def record(*, application: Application, event: str, follow_code: str = "") -> None:
        calls.append((application.reference, event))

    monkeypatch.setattr(review, "applicant_notify", record)
    return calls


def worker() -> Any:
    return staff_member(Role.CASE_WORKER)


def test_asking_for_information_needs_to_say_what_is_missing(application: Application) -> None:
    with pytest.raises(ValidationError) as error:
        application_information_request(application=application, by=worker(), message="  ")
    assert list(error.value.message_dict) == ["message"]
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert not application.events.exists()


def test_a_refusal_needs_a_reason(application: Application) -> None:
    with pytest.raises(ValidationError) as error:
        application_refuse(application=application, by=worker(), reason="")
    assert "message" in error.value.message_dict


def test_a_referral_needs_a_reason_and_where_to(application: Application) -> None:
    with pytest.raises(ValidationError) as error:
        application_refer(application=application, by=worker(), reason="", referred_to=" ")
    assert set(error.value.message_dict) == {"message", "referred_to"}


def test_a_step_is_recorded_with_what_was_said_and_by_whom(application: Application) -> None:
    who = worker()
    application_refer(
        application=application, by=who, reason="Услугата е за безработни.", referred_to="Агенция по заетостта"
    )
    event = application.events.get()
    assert (event.kind, event.actor, event.message, event.referred_to) == (
        ApplicationEvent.Kind.REFERRED,
        who,
        "Услугата е за безработни.",
        "Агенция по заетостта",
    )
    audit = history(application).get(action="grizha.application.refer")
    assert (audit.actor, audit.office_id) == (who, application.office_id)
    assert audit.data["referred_to"] == "Агенция по заетостта"


def test_the_person_is_told_after_the_commit_when_asked_and_when_decided(
    application: Application, told: list[tuple[str, str]], django_capture_on_commit_callbacks: Capture
) -> None:
    who = worker()
    with django_capture_on_commit_callbacks(execute=True):
        application_take(application=application, by=who)
    assert told == []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application_information_request(application=application, by=who, message="Приложете решението на ТЕЛК.")
    assert told == []  # not before the commit
    for callback in callbacks:
        callback()
    application_information_give(application=application, message="Изпращам го.")
    with django_capture_on_commit_callbacks(execute=True):
        application_approve(application=application, by=who)
    assert told == [(application.reference, "information_requested"), (application.reference, "decided")]


def test_of_two_decisions_at_once_only_the_first_wins(application: Application) -> None:
    # Both opened the page while the application was received; each holds it as it was then.
    first = Application.objects.get(pk=application.pk)
    second = Application.objects.get(pk=application.pk)
    application_approve(application=first, by=worker())
    with translation.override("en"), pytest.raises(TransitionRefused) as refused:
        application_refuse(application=second, by=worker(), reason="Не отговаря на условията.")
    assert "now “approved”" in refused.value.messages[0]
    assert "Reload the page" in refused.value.messages[0]
    application.refresh_from_db()
    assert application.status == S.APPROVED
    assert list(application.events.values_list("kind", flat=True)) == ["approved"]
    assert not history(application).filter(action="grizha.application.refuse").exists()


def test_a_staff_step_needs_a_member_of_staff(application: Application) -> None:
    with pytest.raises(TransitionRefused):
        review.application_transition(application=application, action="approve", by=None)


def test_the_persons_answer_brings_the_application_back_to_consideration(application: Application) -> None:
    application_information_request(application=application, by=worker(), message="Колко сте у дома?")
    application_information_give(application=application, message="Двама сме.")
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    answer = application.events.get(kind=ApplicationEvent.Kind.INFORMATION_GIVEN)
    assert (answer.actor, answer.message) == (None, "Двама сме.")
    assert history(application).get(action="grizha.application.answer").actor is None


def test_the_person_cannot_answer_what_was_not_asked(application: Application) -> None:
    with pytest.raises(TransitionRefused):
        application_information_give(application=application, message="Ето.")


def test_the_person_may_withdraw_an_open_application_but_not_a_decided_one(form: ApplicationType) -> None:
    open_one = application_submit(submission=submission(form)).application
    assert application_withdraw(application=open_one).status == S.WITHDRAWN
    decided = application_submit(submission=submission(form)).application
    application_approve(application=decided, by=worker())
    with pytest.raises(TransitionRefused):
        application_withdraw(application=decided)


def test_reading_an_application_is_audited_with_its_office(application: Application) -> None:
    reader = staff_member(office=office_of())
    application_viewed(application=application, by=reader)
    event = history(application).get(action=review.VIEWED)
    assert (event.actor, event.office_id) == (reader, application.office_id)
