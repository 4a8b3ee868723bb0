"""Marking a request for a home visit or a call back handled, and reading it, leave audit events."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from grizha.accounts.testing import staff_member
from grizha.casework.models import CallbackRequest
from grizha.casework.services.inbox import callback_request_handle, callback_request_viewed
from grizha.casework.tests.test_queue_selectors import bikovo, callback_request
from grizha.core.audit import history

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """The refusals are read in English (the messages' own words), whatever language is active."""
    with translation.override("en"):
        yield


def test_marking_a_request_handled_changes_its_status_and_is_audited() -> None:
    request, me = callback_request(bikovo()), staff_member(office=bikovo())
    callback_request_handle(request=request, by=me, note="Called back, visit on Friday")
    request.refresh_from_db()
    assert request.status == CallbackRequest.Status.HANDLED
    event = history(request).get(action="grizha.request.handled")
    assert (event.actor, event.office_id, event.reason) == (me, bikovo().id, "Called back, visit on Friday")


def test_a_request_handled_already_is_not_handled_twice() -> None:
    request, me = callback_request(bikovo()), staff_member(office=bikovo())
    callback_request_handle(request=request, by=me)
    with pytest.raises(ValidationError, match="handled already"):
        callback_request_handle(request=request, by=staff_member(office=bikovo()))
    assert history(request).filter(action="grizha.request.handled").count() == 1


def test_reading_a_request_is_audited_with_its_office() -> None:
    request, me = callback_request(bikovo()), staff_member(office=bikovo())
    callback_request_viewed(request=request, by=me)
    event = history(request).get()
    assert (event.action, event.actor, event.office_id) == ("grizha.request.viewed", me, bikovo().id)
