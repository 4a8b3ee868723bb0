"""The application's lifecycle: every step the table allows is taken, every other is refused and changes
nothing; decisions are dated, taking up names who considers it; staff and the person each have theirs."""

from __future__ import annotations

import pytest

from grizha.accounts.roles import Role
from grizha.accounts.testing import staff_member
from grizha.applications.lifecycle import DECIDED, FINAL, OPEN, STEPS, steps_from
from grizha.applications.models import Application, ApplicationEvent, ApplicationType
from grizha.applications.services import TransitionRefused, application_submit, application_transition
from grizha.applications.tests.testing import submission
from grizha.core.audit import history

pytestmark = pytest.mark.django_db

S = Application.Status
ALLOWED = sorted((step.action, source) for step in STEPS.values() for source in step.sources)
REFUSED = [(status, step.action) for status in S.values for step in STEPS.values() if status not in step.sources]


def an_application(form: ApplicationType, status: str = S.SUBMITTED) -> Application:
    application = application_submit(submission=submission(form)).application
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


def take(application: Application, action: str) -> Application:
    step = STEPS[action]
    return application_transition(
        application=application,
        action=action,
        by=None if step.by_applicant else staff_member(Role.CASE_WORKER),
        message="Липсва служебна бележка." if step.needs_message else "",
        referred_to="Дирекция „Социално подпомагане“" if step.needs_referred_to else "",
    )


def test_every_state_is_open_or_final() -> None:
    assert set(S.values) == OPEN | FINAL
    assert not OPEN & FINAL


def test_a_final_state_allows_no_step() -> None:
    assert all(steps_from(status) == [] and steps_from(status, by_applicant=True) == [] for status in FINAL)


def test_the_person_may_only_answer_and_withdraw() -> None:
    assert [s.action for s in steps_from(S.NEEDS_INFORMATION, by_applicant=True)] == ["answer", "withdraw"]
    assert [s.action for s in steps_from(S.SUBMITTED, by_applicant=True)] == ["withdraw"]
    assert "answer" not in [s.action for s in steps_from(S.NEEDS_INFORMATION)]


def test_staff_may_not_approve_while_information_is_missing() -> None:
    assert [s.action for s in steps_from(S.NEEDS_INFORMATION)] == ["refuse", "refer"]
    assert [s.action for s in steps_from(S.SUBMITTED)] == ["take", "ask", "approve", "refuse", "refer"]


@pytest.mark.parametrize(("action", "source"), ALLOWED, ids=[f"{a}-{s}" for a, s in ALLOWED])
def test_an_allowed_step_moves_the_application_and_is_recorded(form: ApplicationType, action: str, source: str) -> None:
    application = take(an_application(form, source), action)
    application.refresh_from_db()
    assert application.status == STEPS[action].target
    assert list(application.events.values_list("kind", flat=True)) == [STEPS[action].event]
    assert history(application).filter(action=f"grizha.application.{action}").count() == 1


@pytest.mark.parametrize(("status", "action"), REFUSED, ids=[f"{s}-{a}" for s, a in REFUSED])
def test_a_step_not_in_the_table_is_refused_and_changes_nothing(
    form: ApplicationType, status: str, action: str
) -> None:
    application = an_application(form, status)
    with pytest.raises(TransitionRefused):
        take(application, action)
    application.refresh_from_db()
    assert application.status == status
    assert not ApplicationEvent.objects.filter(application=application).exists()
    assert not history(application).filter(action=f"grizha.application.{action}").exists()


@pytest.mark.parametrize("action", ["approve", "refuse", "refer"])
def test_a_decision_is_dated(form: ApplicationType, action: str) -> None:
    application = take(an_application(form, S.IN_REVIEW), action)
    assert application.status in DECIDED
    assert application.decided_at is not None


@pytest.mark.parametrize("action", ["take", "ask", "withdraw"])
def test_a_step_that_decides_nothing_leaves_no_date(form: ApplicationType, action: str) -> None:
    assert take(an_application(form), action).decided_at is None


def test_taking_up_names_who_considers_it(form: ApplicationType) -> None:
    worker = staff_member(Role.CASE_WORKER)
    application = application_transition(application=an_application(form), action="take", by=worker)
    assert application.assigned_to == worker


def test_an_unknown_step_is_refused(form: ApplicationType) -> None:
    with pytest.raises(TransitionRefused):
        application_transition(application=an_application(form), action="delete", by=staff_member(Role.CASE_WORKER))
