"""The referral's lifecycle: every step the table allows is taken, every other is refused and changes
nothing; a decline and an unsuccessful close need a reason; each step is audited with who and how."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from grizha.casework.lifecycle import FINAL, OPEN, STEPS, steps_from
from grizha.casework.models import Referral
from grizha.casework.services.referrals import TransitionRefused, referral_transition
from grizha.casework.tests.referrals_testing import a_referral, specialist
from grizha.core.audit import history

pytestmark = pytest.mark.django_db

S = Referral.Status
ALLOWED = sorted((step.action, source, to) for step in STEPS.values() for source in step.sources for to in step.targets)
REFUSED = [(status, step.action) for status in S.values for step in STEPS.values() if status not in step.sources]


def reason_for(action: str, to: str) -> str:
    return Referral.Reason.NO_CAPACITY if action == "decline" or to == S.CLOSED_UNSUCCESSFUL else ""


def test_every_state_is_open_or_final() -> None:
    assert set(S.values) == OPEN | FINAL
    assert not OPEN & FINAL


def test_a_final_state_allows_no_step() -> None:
    assert all(steps_from(status) == [] for status in FINAL)


def test_the_receiver_may_only_accept_decline_and_start() -> None:
    assert [s.action for s in steps_from(S.SENT, by_receiver=True)] == ["accept", "decline"]
    assert [s.action for s in steps_from(S.ACCEPTED, by_receiver=True)] == ["start"]
    assert steps_from(S.STARTED, by_receiver=True) == []


@pytest.mark.parametrize(("action", "source", "to"), ALLOWED, ids=[f"{a}-{s}-{t}" for a, s, t in ALLOWED])
def test_an_allowed_step_moves_the_referral(action: str, source: str, to: str) -> None:
    referral = a_referral(source)
    moved = referral_transition(referral=referral, action=action, to=to, by=specialist(), reason=reason_for(action, to))
    moved.refresh_from_db()
    assert moved.status == to


def test_the_refused_table_holds_the_usual_mistakes() -> None:
    assert {(S.DRAFT, "accept"), (S.DECLINED, "start"), (S.CLOSED_SUCCESSFUL, "withdraw")} <= set(REFUSED)


@pytest.mark.parametrize(("status", "action"), REFUSED, ids=[f"{status}-{action}" for status, action in REFUSED])
def test_a_step_not_in_the_table_is_refused_and_changes_nothing(status: str, action: str) -> None:
    referral = a_referral(status)
    events = history(referral).count()
    to = next(iter(STEPS[action].targets))
    with pytest.raises(TransitionRefused):
        referral_transition(referral=referral, action=action, to=to, by=specialist(), reason=reason_for(action, to))
    referral.refresh_from_db()
    assert referral.status == status
    assert history(referral).count() == events


def test_a_step_to_a_state_it_does_not_lead_to_is_refused() -> None:
    referral = a_referral(S.SENT)
    with pytest.raises(TransitionRefused):
        referral_transition(referral=referral, action="accept", to=S.CLOSED_SUCCESSFUL, by=specialist())


def test_an_unknown_step_is_refused() -> None:
    with pytest.raises(TransitionRefused):
        referral_transition(referral=a_referral(S.SENT), action="approve", to=S.ACCEPTED, by=specialist())


@pytest.mark.parametrize(
    ("status", "action", "to"), [(S.SENT, "decline", S.DECLINED), (S.STARTED, "close", S.CLOSED_UNSUCCESSFUL)]
)
def test_a_decline_or_an_unsuccessful_close_needs_a_reason(status: str, action: str, to: str) -> None:
    referral = a_referral(status)
    with pytest.raises(ValidationError) as refused:
        referral_transition(referral=referral, action=action, to=to, by=specialist())
    assert "reason" in refused.value.message_dict
    referral.refresh_from_db()
    assert referral.status == status


def test_a_reason_that_is_not_on_the_list_is_refused() -> None:
    with pytest.raises(ValidationError):
        referral_transition(
            referral=a_referral(S.SENT), action="decline", to=S.DECLINED, by=specialist(), reason="bored"
        )


def test_the_reason_and_its_note_are_kept_for_the_analytics() -> None:
    referral = referral_transition(
        referral=a_referral(S.STARTED),
        action="close",
        to=S.CLOSED_UNSUCCESSFUL,
        by=specialist(),
        reason=Referral.Reason.COULD_NOT_CONTACT,
        note="  No answer on three calls  ",
    )
    assert (referral.reason, referral.reason_note) == ("could_not_contact", "No answer on three calls")
    assert referral.closed_at is not None


def test_a_successful_close_needs_no_reason() -> None:
    referral = referral_transition(
        referral=a_referral(S.STARTED), action="close", to=S.CLOSED_SUCCESSFUL, by=specialist()
    )
    assert referral.status == S.CLOSED_SUCCESSFUL
    assert referral.reason == ""


def test_each_step_records_when_it_was_taken() -> None:
    referral = a_referral(S.STARTED)
    assert referral.sent_at and referral.answered_at and referral.started_at
    assert referral.sent_at <= referral.answered_at <= referral.started_at
    assert referral.closed_at is None


def test_a_step_by_staff_is_audited_with_who_and_how() -> None:
    member = specialist()
    referral = referral_transition(referral=a_referral(S.SENT), action="accept", to=S.ACCEPTED, by=member)
    event = history(referral).get(action="grizha.referral.accept")
    assert event.actor == member
    assert event.data == {"to": "accepted", "reason": "", "via": "staff"}
    assert str(event.office_id) == str(referral.office_id)


def test_a_step_through_the_link_is_audited_without_an_account() -> None:
    referral = referral_transition(
        referral=a_referral(S.SENT),
        action="decline",
        to=S.DECLINED,
        by=None,
        via="link",
        reason=Referral.Reason.NOT_ELIGIBLE,
        note="Over the age limit",
    )
    event = history(referral).get(action="grizha.referral.decline")
    assert event.actor is None
    assert event.data == {"to": "declined", "reason": "not_eligible", "via": "link"}
    assert event.reason == "Over the age limit"


def test_every_step_on_the_way_is_audited_once() -> None:
    referral = a_referral(S.CLOSED_SUCCESSFUL)
    actions = list(history(referral).order_by("at", "id").values_list("action", flat=True))
    assert actions == [
        "grizha.referral.created",
        "grizha.referral.send",
        "grizha.referral.accept",
        "grizha.referral.close",
    ]
