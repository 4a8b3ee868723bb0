"""Submitting an application (once, whatever is sent twice; nothing kept from a wrong one) and asking
the registers for it (in the background; a register that does not answer is asked again later)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from grizha.accounts.testing import office_of, staff_member
from grizha.applications.models import Application, ApplicationType, RegistryResult
from grizha.applications.services import (
    CODE_LENGTH,
    application_submit,
    follow_code_hash,
    registry_checks_run,
)
from grizha.applications.tasks import check_waiting_registers
from grizha.applications.tests.testing import EGN, LAW, simulator, submission
from grizha.core.tasks import run_queued
from grizha.registers.client import CircuitBreaker, RegixClient
from grizha.registers.models import RegisterCall

pytestmark = pytest.mark.django_db


def unreachable() -> RegixClient:
    return RegixClient(url="http://127.0.0.1:9/RegiXEntryPoint.svc", timeout=1, breaker=CircuitBreaker(failures=99))


def test_an_application_gets_a_reference_and_a_code_of_which_only_a_hash_is_kept(form: ApplicationType) -> None:
    sent = application_submit(submission=submission(form))
    application = sent.application
    assert sent.created and len(sent.follow_code) == CODE_LENGTH
    assert application.reference.startswith(f"{timezone.localdate().year}-")
    assert application.follow_code_hash == follow_code_hash(application.reference, sent.follow_code)
    assert sent.follow_code not in str(Application.objects.filter(pk=application.pk).values().get())
    assert application.office == office_of()  # no office chosen: the central office's
    assert application.registers == Application.Registers.PENDING
    assert sorted(application.registry_results.values_list("check_name", "status")) == [
        ("disability-decision", "pending"),
        ("person", "pending"),
    ]


def test_the_same_submission_sent_twice_is_one_application(form: ApplicationType) -> None:
    first = submission(form)
    one = application_submit(submission=first)
    again = application_submit(submission=first)
    assert (again.created, again.application.pk, again.follow_code) == (False, one.application.pk, "")
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"identifier": "8506251244"}, "identifier"),
        ({"identifier": "8502301238"}, "identifier"),
        ({"given_name": " "}, "given_name"),
        ({"consent": False}, "consent"),
        ({"declaration": False}, "declaration"),
        ({"answers": {"lives_alone": "no"}}, "household_size"),
        ({"answers": {"household_size": "two", "lives_alone": "no"}}, "household_size"),
        ({"answers": {"household_size": "2", "lives_alone": "maybe"}}, "lives_alone"),
    ],
)
def test_a_wrong_submission_says_what_to_fix_and_keeps_nothing(
    form: ApplicationType, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        application_submit(submission=submission(form, **changes))
    assert field in error.value.message_dict
    assert Application.objects.count() == RegistryResult.objects.count() == 0


def test_the_registers_are_asked_in_the_background_after_the_application_is_saved(
    form: ApplicationType, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = application_submit(submission=submission(form)).application
    assert run_queued() >= 1
    application.refresh_from_db()
    assert application.registers == Application.Registers.DONE
    person = application.registry_results.get(check_name="person")
    assert person.status == "ok" and person.data["EGN"] == EGN
    calls = RegisterCall.objects.filter(service_uri=application.reference)
    assert sorted(calls.values_list("check_name", "law_reason")) == [("disability-decision", LAW), ("person", LAW)]


def test_a_register_that_does_not_answer_loses_nothing_and_is_asked_again_later(form: ApplicationType) -> None:
    application = application_submit(submission=submission(form)).application
    now = timezone.now()
    registry_checks_run(application=application, client=unreachable(), now=now)
    application.refresh_from_db()
    assert application.registers == Application.Registers.WAITING
    person = application.registry_results.get(check_name="person")
    assert person.status == "error" and person.attempts == 1 and person.next_attempt_at > now
    # Not due yet: nothing is asked.
    registry_checks_run(application=application, client=simulator(), now=now + datetime.timedelta(seconds=30))
    assert application.registry_results.get(check_name="person").attempts == 1
    registry_checks_run(application=application, client=simulator(), now=now + datetime.timedelta(minutes=3))
    application.refresh_from_db()
    assert application.registers == Application.Registers.DONE
    assert application.registry_results.get(check_name="person").attempts == 2


def test_the_periodic_task_asks_again_the_registers_whose_wait_is_over(form: ApplicationType) -> None:
    application = application_submit(submission=submission(form)).application
    registry_checks_run(application=application, client=unreachable(), now=timezone.now() - datetime.timedelta(hours=1))
    assert check_waiting_registers.call() == 1  # the simulator in process answers now
    application.refresh_from_db()
    assert application.registers == Application.Registers.DONE


def test_a_specialist_applying_on_a_persons_behalf_is_named_in_the_register_calls(form: ApplicationType) -> None:
    specialist = staff_member(office=office_of())
    application = application_submit(submission=submission(form), by=specialist).application
    registry_checks_run(application=application, client=simulator())
    assert set(RegisterCall.objects.values_list("employee", flat=True)) == {specialist.pk}
    assert application.submitted_by == specialist
