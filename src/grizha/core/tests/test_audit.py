"""One audit module: every event says who, what, when and why, and reads back as a sentence."""

from __future__ import annotations

import pytest
from django.utils import translation

from grizha.accounts.roles import Role
from grizha.accounts.testing import staff_member
from grizha.core.audit import action_text, history, log_action, person_history
from grizha.territory.models import Office

pytestmark = pytest.mark.django_db


def test_an_event_records_who_what_when_why_and_whose_data() -> None:
    user = staff_member(Role.FRONT_OFFICE)
    office = Office.objects.first()
    assert office is not None
    event = log_action(
        "grizha.staff.logged_in", actor=user, obj=office, person="5b0a9e5e-2f55-4c1a-9c59-0d8e1b8b2a11", reason="test"
    )
    assert (event.actor, event.actor_name, event.reason) == (user, user.username, "test")
    assert event.at is not None and event.object_type == "territory.office" and event.object_id == str(office.pk)
    assert list(history(office)) == [event]
    assert list(person_history("5b0a9e5e-2f55-4c1a-9c59-0d8e1b8b2a11")) == [event]


def test_an_unnamed_action_is_refused() -> None:
    with pytest.raises(ValueError, match="unregistered"):
        log_action("grizha.nothing.done", actor=None)


def test_actions_read_in_the_readers_language() -> None:
    with translation.override("en"):
        assert action_text("grizha.staff.logged_in") == "logged in"
    assert action_text("grizha.unknown") == "grizha.unknown"
