"""The staff pages of people's records: search, a new record, the record with its history, changes and
consents. Gated by the casework capability and the member's offices; every look is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, office_of, staff_member
from grizha.casework.models import Consent, Person
from grizha.casework.services.consultations import ConsultationDetails, consultation_record
from grizha.casework.services.people import consent_withdraw
from grizha.casework.tests.test_people_services import BIKOVO, BYALA, EGN, OTHER_EGN, make_person, mayoralty
from grizha.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Client) -> Any:
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


def member(client: Client, role: str = Role.FRONT_OFFICE, mayoralty_code: str | None = None) -> Any:
    office = mayoralty(mayoralty_code) if mayoralty_code else office_of()
    user = staff_member(role, office)
    log_in(client, user)
    return user


def person_answers(**changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "office": str(office_of().pk),
        "given_name": "Ivanka",
        "middle_name": "",
        "family_name": "Ivanova",
        "identifier_kind": "egn",
        "identifier": EGN,
        "birth_date": "",
        "phone": "0881 234 567",
        "email": "",
        "settlement": "",
        "address": "",
        "preferred_language": "bg",
        "other_language": "",
        "accessible_channel": "phone",
        "consents": ["casework", "contact"],
        "consent_how": "signed form",
    }
    answers.update(changes)
    return {name: value for name, value in answers.items() if value is not None}


# --- the gate --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/staff/people/", "/staff/people/new/"])
def test_an_anonymous_visitor_is_sent_to_the_login(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_an_anonymous_visitor_is_sent_to_the_login_from_a_record(client: Client) -> None:
    person = make_person()
    response = client.get(f"/staff/people/{person.pk}/")
    assert response["Location"].startswith("/staff/login/")


def test_an_analyst_is_refused(client: Client) -> None:
    person = make_person()
    member(client, Role.ANALYST)
    assert client.get("/staff/people/").status_code == 403
    assert client.get(f"/staff/people/{person.pk}/").status_code == 403


@pytest.mark.parametrize("suffix", ["", "edit/", "consents/new/"])
def test_a_member_of_another_mayoralty_gets_not_found_for_a_bikovo_record(client: Client, suffix: str) -> None:
    person = make_person(office=mayoralty(BIKOVO))
    member(client, mayoralty_code=BYALA)
    assert client.get(f"/staff/people/{person.pk}/{suffix}").status_code == 404
    assert not AuditEvent.objects.filter(action="grizha.person.viewed", person_id=person.pk).exists()


def test_withdrawing_a_consent_of_another_mayoralty_is_not_found(client: Client) -> None:
    person = make_person(office=mayoralty(BIKOVO))
    member(client, mayoralty_code=BYALA)
    consent = person.consents.get()
    response = client.post(f"/staff/people/{person.pk}/consents/{consent.pk}/withdraw/")
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_the_central_office_sees_a_bikovo_record(client: Client) -> None:
    person = make_person(office=mayoralty(BIKOVO))
    member(client)
    assert client.get(f"/staff/people/{person.pk}/").status_code == 200


def test_an_unknown_record_is_not_found(client: Client) -> None:
    member(client)
    assert client.get("/staff/people/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/staff/people/not-an-id/").status_code == 404


# --- search ----------------------------------------------------------------------------------------


def test_the_search_finds_by_name_in_any_case_and_audits_it(client: Client) -> None:
    user = member(client)
    person = make_person(given_name="Иванка", family_name="Иванова")
    page = client.get("/staff/people/", {"q": "иванова", "why": "referral"}).content.decode()
    assert f"/staff/people/{person.pk}/?why=referral" in page
    assert "1 record found" in page
    event = AuditEvent.objects.get(action="grizha.person.searched", actor=user)
    assert event.data == {"name": "иванова", "found": 1, "shown": [str(person.pk)]}
    assert event.reason == "referral"


def test_the_search_by_egn_finds_exactly_and_keeps_no_number(client: Client) -> None:
    user = member(client)
    person = make_person()
    make_person(identifier=OTHER_EGN, given_name="Other")
    page = client.get("/staff/people/", {"q": "750101 0010"}).content.decode()
    assert f"/staff/people/{person.pk}/" in page
    assert "1 record found" in page
    event = AuditEvent.objects.get(action="grizha.person.searched", actor=user)
    assert event.data["identifier"] is True
    assert EGN not in str(event.data)


def test_the_search_asks_for_the_whole_personal_number(client: Client) -> None:
    member(client)
    page = client.get("/staff/people/", {"q": "75010"}).content.decode()
    assert "Enter all 10 digits of the EGN or LNCh, or search by name" in page
    assert "<title>Error:" in page


def test_the_search_does_not_find_records_outside_the_scope(client: Client) -> None:
    make_person(office=mayoralty(BIKOVO), family_name="Petkova")
    member(client, mayoralty_code=BYALA)
    page = client.get("/staff/people/", {"q": "Petkova"}).content.decode()
    assert "0 records found" in page


def test_the_search_list_takes_a_fixed_number_of_queries(client: Client) -> None:
    member(client)
    by = staff_member()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/staff/people/", {"q": "Ivanova"}).status_code == 200
        return len(captured)

    make_person(by=by, identifier_kind="none", identifier="")
    queries()  # the first request after logging in does more (its session)
    few = queries()
    for _ in range(5):
        make_person(by=by, identifier_kind="none", identifier="")
    assert queries() == few


# --- a new record ----------------------------------------------------------------------------------


def test_a_new_record_is_made_and_its_page_opened(client: Client) -> None:
    member(client)
    response = client.post("/staff/people/new/", person_answers())
    person = Person.objects.get(identifier=EGN)
    assert response.status_code == 302
    assert response["Location"] == f"/staff/people/{person.pk}/"
    assert set(person.consents.values_list("purpose", flat=True)) == {"casework", "contact"}


def test_a_new_record_without_the_casework_consent_is_refused_with_the_answers_kept(client: Client) -> None:
    member(client)
    page = client.post("/staff/people/new/", person_answers(consents=["contact"])).content.decode()
    assert "<title>Error:" in page
    assert '<a href="#id_consents_0">' in page
    assert 'value="Ivanova"' in page
    assert not Person.objects.exists()


def test_an_invalid_egn_is_named_beside_the_field(client: Client) -> None:
    member(client)
    page = client.post("/staff/people/new/", person_answers(identifier="7501010011")).content.decode()
    assert '<a href="#id_identifier">This EGN is not valid: check the digits against the identity card</a>' in page
    assert 'id="id_identifier-error"' in page


def test_a_duplicate_egn_links_to_the_existing_record(client: Client) -> None:
    member(client)
    person = make_person()
    page = client.post("/staff/people/new/", person_answers()).content.decode()
    assert f'href="/staff/people/{person.pk}/"' in page
    assert Person.objects.filter(identifier=EGN).count() == 1


def test_the_new_record_page_has_one_heading_and_no_browser_validation(client: Client) -> None:
    member(client)
    page = client.get("/staff/people/new/").content.decode()
    assert page.count("<h1") == 1
    assert "novalidate" in page


# --- the record ------------------------------------------------------------------------------------


def test_the_record_shows_consents_history_and_logs_the_reason(client: Client) -> None:
    user = member(client)
    person = make_person()
    page = client.get(f"/staff/people/{person.pk}/?why=request").content.decode()
    assert person.full_name in page
    assert "made the person&#x27;s record" in page
    assert f"/staff/people/{person.pk}/consents/" in page and "/withdraw/" in page
    event = AuditEvent.objects.get(action="grizha.person.viewed", person_id=person.pk)
    assert (event.actor, event.reason) == (user, "request")


def test_opening_the_record_without_a_reason_logs_casework(client: Client) -> None:
    member(client)
    person = make_person()
    client.get(f"/staff/people/{person.pk}/")
    assert AuditEvent.objects.get(action="grizha.person.viewed", person_id=person.pk).reason == "casework"


def test_the_record_lists_its_consultations(client: Client) -> None:
    user = member(client)
    person = make_person(by=user)
    consultation = consultation_record(
        by=user, details=ConsultationDetails(office=office_of(), channel="phone", person=person)
    )
    page = client.get(f"/staff/people/{person.pk}/").content.decode()
    assert f"/staff/consultations/{consultation.pk}/" in page


def test_the_record_page_takes_a_fixed_number_of_queries(client: Client) -> None:
    user = member(client)
    person = make_person(by=user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/staff/people/{person.pk}/").status_code == 200
        return len(captured)

    queries()  # the first request after logging in does more (its session)
    few = queries()
    for _ in range(3):
        consultation_record(by=user, details=ConsultationDetails(office=office_of(), channel="phone", person=person))
    assert queries() == few


# --- changes and consents --------------------------------------------------------------------------


def test_the_change_page_logs_a_look_for_correction_and_saves_a_change(client: Client) -> None:
    user = member(client)
    person = make_person()
    page = client.get(f"/staff/people/{person.pk}/edit/").content.decode()
    assert 'value="Ivanova"' in page
    assert 'name="consents"' not in page
    assert AuditEvent.objects.get(action="grizha.person.viewed", person_id=person.pk).reason == "correction"
    answers = person_answers(family_name="Georgieva", office=str(person.office_id))
    response = client.post(f"/staff/people/{person.pk}/edit/", answers)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.family_name == "Georgieva"
    assert AuditEvent.objects.get(action="grizha.person.updated", person_id=person.pk).actor == user


def test_withdrawing_the_casework_consent_says_what_follows(client: Client) -> None:
    member(client)
    person = make_person()
    consent = person.consents.get()
    response = client.post(f"/staff/people/{person.pk}/consents/{consent.pk}/withdraw/", follow=True)
    page = response.content.decode()
    assert "No new consultation can be attached to this record" in page
    assert f"/staff/consultations/new/?person={person.pk}" not in page
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_a_withdrawal_is_a_post(client: Client) -> None:
    member(client)
    person = make_person()
    consent = person.consents.get()
    assert client.get(f"/staff/people/{person.pk}/consents/{consent.pk}/withdraw/").status_code == 405


def test_a_consent_is_recorded_again_after_a_withdrawal(client: Client) -> None:
    user = member(client)
    person = make_person()
    consent_withdraw(consent=person.consents.get(), by=user)
    page = client.get(f"/staff/people/{person.pk}/consents/new/").content.decode()
    assert 'value="casework"' in page
    response = client.post(f"/staff/people/{person.pk}/consents/new/", {"purpose": "casework", "how": "signed"})
    assert response.status_code == 302
    assert person.consents.filter(purpose=Consent.Purpose.CASEWORK, withdrawn_at__isnull=True).exists()


def test_a_consent_without_a_purpose_says_what_to_choose(client: Client) -> None:
    member(client)
    person = make_person()
    page = client.post(f"/staff/people/{person.pk}/consents/new/", {"purpose": ""}).content.decode()
    assert "Choose what the person agrees to" in page
