"""The inbox of requests for a home visit or a call back at /staff/requests/: the offices' requests only,
each one read with an audit event, marked handled by a button."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, office_of, staff_member
from grizha.casework.models import CallbackRequest
from grizha.casework.tests.test_queue_selectors import bikovo, byala, callback_request
from grizha.catalog import reference
from grizha.catalog.models import Service, TaxonomyTerm
from grizha.core.audit import history

pytestmark = pytest.mark.django_db

LIST = "/staff/requests/"


def detail_url(request: CallbackRequest) -> str:
    return f"/staff/requests/{request.id}/"


@pytest.fixture(autouse=True)
def _english(client: Client) -> None:
    client.cookies["django_language"] = "en"


@pytest.fixture
def bikovo_client(client: Client) -> Client:
    return log_in(client, staff_member(office=bikovo()))


# --- who may come in ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST, "/staff/requests/00000000-0000-0000-0000-000000000000/"])
def test_an_anonymous_visitor_is_sent_to_the_login(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_marking_handled_needs_a_login_too(client: Client) -> None:
    request = callback_request(bikovo())
    response = client.post(f"{detail_url(request)}handled/")
    assert response["Location"].startswith("/staff/login/")
    request.refresh_from_db()
    assert request.status == CallbackRequest.Status.NEW


def test_a_member_without_casework_may_not_read_requests(client: Client) -> None:
    log_in(client, staff_member(Role.ANALYST))
    assert client.get(LIST).status_code == 403


# --- the list -----------------------------------------------------------------------------------------


def test_the_list_shows_the_offices_new_requests_and_not_another_mayoraltys(bikovo_client: Client) -> None:
    ours, theirs = callback_request(bikovo()), callback_request(byala())
    handled = callback_request(bikovo(), CallbackRequest.Status.HANDLED)
    html = bikovo_client.get(LIST).content.decode()
    assert html.count("<h1") == 1
    assert ours.reference in html
    assert theirs.reference not in html
    assert handled.reference not in html
    assert "1 request" in html


def test_the_list_does_not_show_names_or_phone_numbers(bikovo_client: Client) -> None:
    request = callback_request(bikovo(), name="Ivanka Petrova")
    html = bikovo_client.get(LIST).content.decode()
    assert request.reference in html
    assert "Ivanka Petrova" not in html
    assert not history(request).exists()


def test_the_list_filters_by_status_and_kind(bikovo_client: Client) -> None:
    visit = callback_request(bikovo(), kind=CallbackRequest.Kind.HOME_VISIT)
    call = callback_request(bikovo(), kind=CallbackRequest.Kind.CALL_BACK)
    handled = callback_request(bikovo(), CallbackRequest.Status.HANDLED, kind=CallbackRequest.Kind.HOME_VISIT)
    html = bikovo_client.get(LIST, {"status": "all", "kind": "home_visit"}).content.decode()
    assert visit.reference in html and handled.reference in html
    assert call.reference not in html
    html = bikovo_client.get(LIST, {"status": "handled"}).content.decode()
    assert handled.reference in html and visit.reference not in html


def test_a_filter_off_the_list_is_explained_and_the_new_requests_shown(bikovo_client: Client) -> None:
    request = callback_request(bikovo())
    html = bikovo_client.get(LIST, {"status": "lost"}).content.decode()
    assert "<title>Error: " in html
    assert 'href="#id_status"' in html
    assert "Select one of the options on the list" in html
    assert request.reference in html


def test_the_list_asks_the_same_number_of_queries_for_5_or_50_requests(bikovo_client: Client) -> None:
    for _ in range(5):
        callback_request(bikovo())
    bikovo_client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        bikovo_client.get(LIST)
    for _ in range(45):
        callback_request(bikovo())
    with CaptureQueriesContext(connection) as many:
        html = bikovo_client.get(LIST).content.decode()
    assert "50 requests" in html
    assert len(many) == len(few)


def test_a_long_list_is_shown_page_by_page(bikovo_client: Client) -> None:
    for _ in range(51):
        callback_request(bikovo())
    html = bikovo_client.get(LIST).content.decode()
    assert "Page 1 of 2" in html
    assert "page=2" in html
    assert "Page 2 of 2" in bikovo_client.get(LIST, {"page": "2"}).content.decode()


# --- one request --------------------------------------------------------------------------------------


def test_a_request_shows_everything_the_person_told_us_and_the_reading_is_audited(bikovo_client: Client) -> None:
    service = Service.objects.filter(municipality_id="SLV20").order_by("id").first()
    assert service is not None
    need = TaxonomyTerm.objects.filter(taxonomy__code=reference.NEED).order_by("code").first()
    assert need is not None
    request = callback_request(
        bikovo(),
        name="Ivanka Petrova",
        email="ivanka@example.com",
        best_time=CallbackRequest.BestTime.MORNING,
        note="Help at home for my mother",
        visit_needs=["sign_language"],
        service=service,
        needs=[need.code],
        service_ids=[str(service.id), "not-an-id"],
        settlement_id="04039",
    )
    response = bikovo_client.get(detail_url(request))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    for text in (
        "Ivanka Petrova",
        "+359881234567",
        "ivanka@example.com",
        "In the morning",
        "Help at home for my mother",
        "A Bulgarian sign language interpreter",
        str(service.name),
        str(need.name),
    ):
        assert text in html
    assert f'href="/staff/consultations/new/?request={request.id}"' in html
    event = history(request).get()
    assert event.action == "grizha.request.viewed"


def test_another_mayoraltys_request_is_not_found(bikovo_client: Client) -> None:
    theirs = callback_request(byala())
    assert bikovo_client.get(detail_url(theirs)).status_code == 404
    assert bikovo_client.post(f"{detail_url(theirs)}handled/").status_code == 404
    assert not history(theirs).exists()


def test_an_unknown_request_is_not_found(bikovo_client: Client) -> None:
    assert bikovo_client.get("/staff/requests/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert bikovo_client.get("/staff/requests/not-an-id/").status_code == 404


def test_a_request_no_office_was_found_for_is_read_by_the_central_office_only(client: Client) -> None:
    orphan = callback_request(None)
    assert log_in(client, staff_member(office=bikovo())).get(detail_url(orphan)).status_code == 404
    assert log_in(client, staff_member(office=office_of())).get(detail_url(orphan)).status_code == 200


def test_marking_a_request_handled_is_audited_and_shown(bikovo_client: Client) -> None:
    request = callback_request(bikovo())
    response = bikovo_client.post(f"{detail_url(request)}handled/")
    assert response.status_code == 302
    assert response["Location"] == detail_url(request)
    request.refresh_from_db()
    assert request.status == CallbackRequest.Status.HANDLED
    assert history(request).filter(action="grizha.request.handled").count() == 1
    html = bikovo_client.get(detail_url(request)).content.decode()
    assert "The request is marked as handled." in html
    assert "marked the request as handled" in html
    assert "Mark as handled" not in html


def test_marking_a_handled_request_again_says_so(bikovo_client: Client) -> None:
    request = callback_request(bikovo(), CallbackRequest.Status.HANDLED)
    response = bikovo_client.post(f"{detail_url(request)}handled/", follow=True)
    assert "This request was marked as handled already." in response.content.decode()
    assert not history(request).filter(action="grizha.request.handled").exists()


def test_marking_handled_is_not_done_by_a_get(bikovo_client: Client) -> None:
    request = callback_request(bikovo())
    assert bikovo_client.get(f"{detail_url(request)}handled/").status_code == 405
