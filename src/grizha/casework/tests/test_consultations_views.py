"""The staff pages of consultations: the filtered list, a new consultation (anonymous, for a record, or
answering a request), one consultation, changes, and the screening whose chosen results become referrals
in one step. Gated by the casework capability and the member's offices."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from grizha.accounts.roles import Role
from grizha.accounts.testing import office_of, staff_member
from grizha.casework.models import CallbackRequest, Consultation, Referral
from grizha.casework.services.people import consent_withdraw
from grizha.casework.tests.test_consultations_services import record, service, visit_request
from grizha.casework.tests.test_people_services import BIKOVO, BYALA, make_person, mayoralty
from grizha.casework.tests.test_people_views import member
from grizha.catalog import reference
from grizha.catalog.selectors import terms
from grizha.core.models import AuditEvent
from grizha.screening.models import NeedSignal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Client) -> Any:
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


def answers(**changes: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "office": str(office_of().pk),
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "in_person",
        "settlement": "",
        "needs": ["meals"],
        "target_groups": ["elderly"],
        "services_explained": [str(service("trapezaria").pk)],
        "leaflets_given": [],
        "outcome": "informed",
        "follow_up_on": "",
        "notes": "",
    }
    found.update(changes)
    return found


def screening_answers(**changes: Any) -> dict[str, Any]:
    """Every target group unknown but the elderly; an older person who needs meals and care at home."""
    found: dict[str, Any] = {f"group_{t.code}": "unknown" for t in terms(reference.TARGET_GROUP)}
    found |= {
        "group_elderly": "yes",
        "age": "78",
        "settlement": "67338",
        "needs": ["meals", "care-at-home"],
        "needs_assistance_of_another": "no",
        "monthly_income_per_member": "310",
        "disability_percent": "",
    }
    return found | changes


# --- the gate --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/staff/consultations/", "/staff/consultations/new/"])
def test_an_anonymous_visitor_is_sent_to_the_login(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


@pytest.mark.parametrize("suffix", ["", "edit/", "screening/"])
def test_an_anonymous_visitor_is_sent_to_the_login_from_a_consultation(client: Client, suffix: str) -> None:
    consultation = record()
    response = client.get(f"/staff/consultations/{consultation.pk}/{suffix}")
    assert response["Location"].startswith("/staff/login/")


def test_an_analyst_is_refused(client: Client) -> None:
    consultation = record()
    member(client, Role.ANALYST)
    assert client.get("/staff/consultations/").status_code == 403
    assert client.get(f"/staff/consultations/{consultation.pk}/").status_code == 403


@pytest.mark.parametrize("suffix", ["", "edit/", "screening/"])
def test_a_member_of_another_mayoralty_gets_not_found_for_a_bikovo_consultation(client: Client, suffix: str) -> None:
    consultation = record(office=mayoralty(BIKOVO))
    member(client, mayoralty_code=BYALA)
    assert client.get(f"/staff/consultations/{consultation.pk}/{suffix}").status_code == 404
    assert client.post(f"/staff/consultations/{consultation.pk}/{suffix}", answers()).status_code in (404, 405)


def test_a_bikovo_record_or_request_cannot_start_a_consultation_in_byala(client: Client) -> None:
    person = make_person(office=mayoralty(BIKOVO))
    request = visit_request()
    member(client, mayoralty_code=BYALA)
    assert client.get(f"/staff/consultations/new/?person={person.pk}").status_code == 404
    assert client.get(f"/staff/consultations/new/?request={request.pk}").status_code == 404
    assert client.get("/staff/consultations/new/?person=nonsense").status_code == 404


def test_the_central_office_sees_a_bikovo_consultation(client: Client) -> None:
    consultation = record(office=mayoralty(BIKOVO))
    member(client)
    assert client.get(f"/staff/consultations/{consultation.pk}/").status_code == 200


# --- the list --------------------------------------------------------------------------------------


def test_the_list_shows_only_the_members_offices(client: Client) -> None:
    bikovo, byala = record(office=mayoralty(BIKOVO)), record(office=mayoralty(BYALA))
    member(client, mayoralty_code=BIKOVO)
    page = client.get("/staff/consultations/").content.decode()
    assert f"/staff/consultations/{bikovo.pk}/" in page
    assert f"/staff/consultations/{byala.pk}/" not in page


def test_the_list_filters_by_channel_outcome_and_mine(client: Client) -> None:
    user = member(client)
    mine = record(by=user, channel="phone")
    theirs = record(channel="phone")
    in_person = record(by=user)
    page = client.get("/staff/consultations/", {"channel": "phone", "mine": "on"}).content.decode()
    assert f"/staff/consultations/{mine.pk}/" in page
    assert f"/staff/consultations/{theirs.pk}/" not in page
    assert f"/staff/consultations/{in_person.pk}/" not in page
    page = client.get("/staff/consultations/", {"outcome": "referred"}).content.decode()
    assert "0 consultations" in page


def test_the_list_filters_by_office_and_days(client: Client) -> None:
    member(client)
    bikovo = record(office=mayoralty(BIKOVO))
    old = record(occurred_at=timezone.now() - datetime.timedelta(days=40))
    today = timezone.localdate().isoformat()
    page = client.get("/staff/consultations/", {"office": str(mayoralty(BIKOVO).pk)}).content.decode()
    assert f"/staff/consultations/{bikovo.pk}/" in page and f"/staff/consultations/{old.pk}/" not in page
    page = client.get("/staff/consultations/", {"date_from": today, "date_to": today}).content.decode()
    assert f"/staff/consultations/{bikovo.pk}/" in page and f"/staff/consultations/{old.pk}/" not in page


def test_a_wrong_filter_is_named_and_the_rest_still_applies(client: Client) -> None:
    member(client)
    consultation = record(channel="phone")
    page = client.get("/staff/consultations/", {"date_from": "yesterday", "channel": "phone"}).content.decode()
    assert '<a href="#id_date_from">Enter the first day like 2026-03-01</a>' in page
    assert f"/staff/consultations/{consultation.pk}/" in page


def test_the_list_takes_a_fixed_number_of_queries_and_pages_by_fifty(client: Client) -> None:
    user = member(client)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/staff/consultations/").status_code == 200
        return len(captured)

    record(by=user)
    queries()  # the first request after logging in does more (its session)
    few = queries()
    person = make_person(by=user)
    for _ in range(5):
        record(by=user, person=person)
        record(by=staff_member())
    assert queries() == few
    Consultation.objects.bulk_create(
        Consultation(office=office_of(), specialist=user, occurred_at=timezone.now(), channel="phone")
        for _ in range(50)
    )
    page = client.get("/staff/consultations/").content.decode()
    assert page.count('<th scope="row">') == 50
    assert "page=2" in page


# --- new consultations and changes -----------------------------------------------------------------


def test_an_anonymous_consultation_is_recorded(client: Client) -> None:
    user = member(client)
    response = client.post("/staff/consultations/new/", answers())
    consultation = Consultation.objects.get(specialist=user)
    assert response["Location"] == f"/staff/consultations/{consultation.pk}/"
    assert consultation.person is None
    assert consultation.needs == ["meals"]


def test_a_consultation_for_a_record_is_attached_to_it(client: Client) -> None:
    user = member(client)
    person = make_person(by=user)
    page = client.get(f"/staff/consultations/new/?person={person.pk}").content.decode()
    assert person.full_name in page
    assert AuditEvent.objects.filter(action="grizha.person.viewed", reason="consultation").exists()
    client.post(f"/staff/consultations/new/?person={person.pk}", answers())
    assert Consultation.objects.get(specialist=user).person == person


def test_a_consultation_for_a_record_without_consent_is_refused_with_a_message(client: Client) -> None:
    user = member(client)
    person = make_person(by=user)
    consent_withdraw(consent=person.consents.get(), by=user)
    page = client.get(f"/staff/consultations/new/?person={person.pk}").content.decode()
    assert "cannot be attached to their record" in page
    page = client.post(f"/staff/consultations/new/?person={person.pk}", answers()).content.decode()
    assert "<title>Error:" in page
    assert "withdrawn their consent" in page
    assert not Consultation.objects.filter(person=person).exists()


def test_a_request_prefills_the_consultation_and_is_marked_handled(client: Client) -> None:
    request = visit_request()
    member(client, mayoralty_code=BIKOVO)
    page = client.get(f"/staff/consultations/new/?request={request.pk}").content.decode()
    assert 'value="home_visit" checked' in page
    assert '<option value="04039" selected>' in page
    assert 'value="meals" checked' in page
    assert request.reference in page
    url = f"/staff/consultations/new/?request={request.pk}"
    client.post(url, answers(office=str(mayoralty(BIKOVO).pk), channel="home_visit"))
    request.refresh_from_db()
    assert request.status == CallbackRequest.Status.HANDLED
    assert Consultation.objects.get(request=request).channel == "home_visit"


def test_wrong_answers_are_named_and_kept(client: Client) -> None:
    member(client)
    page = client.post(
        "/staff/consultations/new/", answers(channel="", occurred_at="soon", notes="kept note")
    ).content.decode()
    assert '<a href="#id_occurred_at">' in page
    assert '<a href="#id_channel_0">Choose how the consultation took place</a>' in page
    assert "kept note" in page
    assert not Consultation.objects.exists()


def test_a_follow_up_without_its_date_is_named(client: Client) -> None:
    member(client)
    page = client.post("/staff/consultations/new/", answers(outcome="follow_up")).content.decode()
    assert '<a href="#id_follow_up_on">Enter the date to follow up on</a>' in page


def test_a_consultation_page_lists_what_it_recorded_and_audits_a_look_at_a_record(client: Client) -> None:
    user = member(client)
    person = make_person(by=user)
    consultation = record(by=user, person=person)
    page = client.get(f"/staff/consultations/{consultation.pk}/").content.decode()
    assert "Meals and food" in page
    assert f"/staff/people/{person.pk}/?why=consultation" in page
    assert page.count("<h1") == 1
    assert AuditEvent.objects.filter(action="grizha.consultation.viewed", person_id=person.pk).exists()


def test_a_consultation_is_changed(client: Client) -> None:
    user = member(client)
    consultation = record(by=user)
    page = client.get(f"/staff/consultations/{consultation.pk}/edit/").content.decode()
    assert 'value="in_person" checked' in page
    response = client.post(f"/staff/consultations/{consultation.pk}/edit/", answers(channel="email"))
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.channel == "email"


# --- screening inside a consultation ---------------------------------------------------------------


def test_the_screening_is_prefilled_from_the_consultation(client: Client) -> None:
    user = member(client)
    consultation = record(by=user, needs=["meals"], target_groups=["elderly"], person=make_person(by=user))
    page = client.get(f"/staff/consultations/{consultation.pk}/screening/").content.decode()
    assert 'value="meals" checked' in page
    assert 'id="id_group_elderly_0" name="group_elderly" value="yes" checked' in page
    assert f'name="age" type="text" value="{timezone.localdate().year - 1975}"' in page  # born 1 January 1975
    assert page.count("<h1") == 1


def test_the_screening_shows_results_with_a_box_under_each_and_records_a_need_signal(client: Client) -> None:
    user = member(client)
    consultation = record(by=user)
    before = NeedSignal.objects.filter(channel="staff").count()
    url = f"/staff/consultations/{consultation.pk}/screening/"
    page = client.post(url, screening_answers(action="screen")).content.decode()
    patronazh = str(service("patronazh").pk)
    assert f'id="refer-{patronazh}" name="refer" value="{patronazh}"' in page
    assert "Refer to the chosen services" in page
    assert NeedSignal.objects.filter(channel="staff").count() == before + 1


def test_the_chosen_results_become_draft_referrals_in_one_step(client: Client) -> None:
    user = member(client)
    person = make_person(by=user)
    consultation = record(by=user, person=person)
    url = f"/staff/consultations/{consultation.pk}/screening/"
    chosen = [str(service("patronazh").pk), str(service("topal-obyad").pk)]
    response = client.post(url, screening_answers(action="refer", refer=chosen))
    assert response.status_code == 302
    assert response["Location"] == f"/staff/consultations/{consultation.pk}/"
    referrals = Referral.objects.filter(consultation=consultation).order_by("created_at")
    assert {str(r.service_id) for r in referrals} == set(chosen)
    assert all(r.status == Referral.Status.DRAFT and r.person == person for r in referrals)
    patronazh = referrals.get(service_id=chosen[0])
    assert patronazh.needs and set(patronazh.needs) <= {"meals", "care-at-home"}
    assert "It meets your need" in patronazh.why
    consultation.refresh_from_db()
    assert consultation.outcome == Consultation.Outcome.REFERRED
    page = client.get(response["Location"]).content.decode()
    for referral in referrals:
        assert f'href="/staff/referrals/{referral.pk}/"' in page


def test_referring_without_a_choice_says_what_to_do(client: Client) -> None:
    member(client)
    consultation = record()
    url = f"/staff/consultations/{consultation.pk}/screening/"
    page = client.post(url, screening_answers(action="refer")).content.decode()
    assert "<title>Error:" in page
    assert "Choose at least one service to refer to" in page
    assert 'href="#refer-' in page
    assert not Referral.objects.exists()


def test_a_service_that_is_not_among_the_results_is_not_referred_to(client: Client) -> None:
    member(client)
    consultation = record()
    url = f"/staff/consultations/{consultation.pk}/screening/"
    chosen = [str(service("patronazhna-grizha").pk)]  # inactive: never a result
    page = client.post(url, screening_answers(action="refer", refer=chosen)).content.decode()
    assert "<title>Error:" in page
    assert not Referral.objects.exists()
