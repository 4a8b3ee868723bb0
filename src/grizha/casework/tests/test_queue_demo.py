"""The demo's casework fills the work queues of the central office and of the Bikovo mayoralty, and a second
load adds nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from grizha.accounts.selectors import staff_scope
from grizha.casework.models import CallbackRequest, Consent, Consultation, Person, Referral
from grizha.casework.selectors.queue import work_queue
from grizha.core.models import AuditEvent
from grizha.demo.casework import ensure_demo_casework

pytestmark = pytest.mark.django_db

MODELS = (Person, Consent, Consultation, Referral, CallbackRequest, AuditEvent)


@pytest.fixture(autouse=True)
def _quick_passwords(settings: Any) -> None:
    """The demo accounts' passwords are hashed quickly here: the tests are about casework."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_a_second_load_adds_nothing() -> None:
    added = ensure_demo_casework()
    counts = [model.objects.count() for model in MODELS]
    assert added > 0
    assert ensure_demo_casework() == 0
    assert [model.objects.count() for model in MODELS] == counts


def test_the_demo_has_a_referral_in_every_state() -> None:
    ensure_demo_casework()
    assert set(Referral.objects.values_list("status", flat=True)) == set(Referral.Status.values)


def test_every_person_of_the_demo_has_given_consent_to_casework() -> None:
    ensure_demo_casework()
    assert Person.objects.exists()
    assert not Person.objects.exclude(consents__purpose=Consent.Purpose.CASEWORK).exists()


@pytest.mark.parametrize("username", ["frontoffice", "bikovo"])
def test_the_demo_work_queues_have_work_due_overdue_and_waiting(username: str) -> None:
    ensure_demo_casework()
    user = get_user_model().objects.get(username=username)
    queue = work_queue(staff_scope(user), user)
    assert queue.mine.due_today.total and queue.mine.overdue.total and queue.mine.waiting.total
    assert queue.mine.follow_ups.total
    assert queue.requests.total
