"""Casework in the admin: the front office finds requests by office, status and kind, and cannot
change what people told us."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from grizha.accounts.testing import log_in
from grizha.casework.models import AccessibilityFeedback, CallbackRequest
from grizha.casework.services import accessibility_feedback_create, callback_request_create
from grizha.casework.tests.factories import BIKOVO, SLIVEN

pytestmark = pytest.mark.django_db

LIST = "/admin/casework/callbackrequest/"


@pytest.fixture
def staff(client: Client) -> Client:
    user = get_user_model().objects.create_superuser("front-office", "front@example.org", "a long password 123")
    log_in(client, user)
    return client


def make(**changes: Any) -> CallbackRequest:
    values: dict[str, Any] = {
        "municipality": "SLV20",
        "kind": CallbackRequest.Kind.HOME_VISIT,
        "name": "Ivanka Petrova",
        "phone": "0881234567",
        "best_time": "any",
        "note": "Help at home",
        "settlement": SLIVEN,
        "language": "bg",
    }
    values.update(changes)
    return callback_request_create(**values)


def test_the_list_shows_references_with_filters_by_office_status_and_kind(staff: Client) -> None:
    first = make()
    second = make(settlement=BIKOVO, kind=CallbackRequest.Kind.CALL_BACK, name="Petar Ivanov")
    page = staff.get(LIST).content.decode()
    assert first.reference in page and second.reference in page
    for parameter in ("office__id__exact", "status__exact", "kind__exact"):
        assert f"?{parameter}=" in page
    assert second.office is not None
    filtered = staff.get(f"{LIST}?office__id__exact={second.office.id}").content.decode()
    assert second.reference in filtered and first.reference not in filtered
    by_kind = staff.get(f"{LIST}?kind__exact=call_back").content.decode()
    assert second.reference in by_kind and first.reference not in by_kind


def test_the_list_reads_a_fixed_number_of_queries(staff: Client) -> None:
    make()
    staff.get(LIST)
    with CaptureQueriesContext(connection) as few:
        staff.get(LIST)
    for _ in range(5):
        make(settlement=BIKOVO)
    with CaptureQueriesContext(connection) as many:
        staff.get(LIST)
    assert len(many) == len(few)


def test_what_people_told_us_is_read_only_and_the_status_can_change(staff: Client) -> None:
    request = make(visit_needs=["sign_language"])
    url = f"{LIST}{request.id}/change/"
    page = staff.get(url).content.decode()
    assert 'name="name"' not in page and 'name="phone"' not in page
    assert "Ivanka Petrova" in page
    with translation.override("bg"):  # the staff pages are in Bulgarian unless the person chose English
        assert str(request.visit_need_labels[0]) in page
    assert 'name="status"' in page and 'name="office"' in page
    assert request.office is not None
    response = staff.post(url, {"status": "handled", "office": str(request.office.id), "_save": "Save"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == CallbackRequest.Status.HANDLED
    assert request.name == "Ivanka Petrova"


def test_requests_are_not_added_in_the_admin(staff: Client) -> None:
    assert staff.get(f"{LIST}add/").status_code == 403


def test_feedback_is_listed_and_read_only(staff: Client) -> None:
    feedback = accessibility_feedback_create(problem="The focus is hard to see", page_url="/", language="en")
    page = staff.get("/admin/casework/accessibilityfeedback/").content.decode()
    assert "The focus is hard to see" in page
    assert "?status__exact=" in page
    change = staff.get(f"/admin/casework/accessibilityfeedback/{feedback.id}/change/").content.decode()
    assert 'name="problem"' not in change and 'name="status"' in change
    assert AccessibilityFeedback.objects.count() == 1
