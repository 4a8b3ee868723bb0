"""The staff pages of applications at /staff/applications/: the offices' applications only, each read
with an audit event, the declared facts beside the registers', the steps by those who may decide, the
documents to staff in scope, and an application made on a person's behalf at a mayoralty."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, office_of, staff_member
from grizha.applications.models import Application, ApplicationDocument, ApplicationType
from grizha.applications.services import application_submit, registry_checks_run
from grizha.applications.services.review import DOCUMENT_READ, VIEWED
from grizha.applications.tests.testing import EGN, simulator, submission
from grizha.core.audit import history
from grizha.territory.models import Office

pytestmark = pytest.mark.django_db

LIST = "/staff/applications/"
NEW = "/staff/applications/new/"
PDF = b"%PDF-1.4\n% a small test document\n%%EOF\n"


def bikovo() -> Office:
    return office_of(Office.Kind.MAYORALTY, "SLV20-01")


def url(application: Application, rest: str = "") -> str:
    return f"{LIST}{application.pk}/{rest}"


@pytest.fixture(autouse=True)
def _english(client: Client) -> None:
    client.cookies["django_language"] = "en"


@pytest.fixture
def application(form: ApplicationType) -> Application:
    """An application to the central office, its registers asked."""
    sent = application_submit(submission=submission(form)).application
    return registry_checks_run(application=sent, client=simulator())


def as_member(client: Client, role: str = Role.CASE_WORKER, office: Office | None = None) -> Client:
    return log_in(client, staff_member(role, office=office))


def a_document(application: Application, uploads: Path, settings: Any) -> ApplicationDocument:
    settings.GRIZHA_UPLOADS_DIR = uploads
    document = ApplicationDocument(
        application=application,
        draft_key=application.submission_key,
        original_name="решение ТЕЛК.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
    )
    document.file.save("telk.pdf", ContentFile(PDF), save=False)
    document.save()
    return document


# --- who may come in ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [LIST, NEW, f"{LIST}{uuid.uuid4()}/"])
def test_an_anonymous_visitor_is_sent_to_the_login(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_a_member_who_neither_consults_nor_decides_may_not_read_applications(client: Client) -> None:
    as_member(client, Role.ANALYST)
    assert client.get(LIST).status_code == 403


def test_the_menu_leads_to_the_applications(client: Client) -> None:
    as_member(client, Role.FRONT_OFFICE)
    assert f'href="{LIST}" aria-current="page"' in client.get(LIST).content.decode()


# --- the queue ----------------------------------------------------------------------------------------


def test_the_queue_shows_the_offices_open_applications_without_names(client: Client, application: Application) -> None:
    as_member(client)
    html = client.get(LIST).content.decode()
    assert html.count("<h1") == 1
    assert application.reference in html
    assert "1 application" in html
    assert application.family_name not in html
    assert not history(application).filter(action=VIEWED).exists()


def test_a_mayoralty_does_not_see_the_central_offices_applications(client: Client, application: Application) -> None:
    as_member(client, Role.FRONT_OFFICE, office=bikovo())
    assert application.reference not in client.get(LIST).content.decode()
    assert client.get(url(application)).status_code == 404


def test_the_queue_filters_by_status_and_by_waiting_for_a_register(
    client: Client, form: ApplicationType, application: Application
) -> None:
    waiting = application_submit(submission=submission(form)).application  # its registers not asked yet
    as_member(client)
    html = client.get(LIST, {"waiting": "on"}).content.decode()
    assert waiting.reference in html and application.reference not in html
    html = client.get(LIST, {"status": "approved"}).content.decode()
    assert application.reference not in html and "No application matches" in html


def test_a_wrong_filter_says_so_and_shows_the_open_applications(client: Client, application: Application) -> None:
    as_member(client)
    response = client.get(LIST, {"status": "nonsense"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select one of the options on the list" in html
    assert application.reference in html


def test_the_queue_reads_as_many_queries_for_many_applications_as_for_one(
    client: Client, form: ApplicationType
) -> None:
    as_member(client)
    application_submit(submission=submission(form))
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for _ in range(5):
        application_submit(submission=submission(form), by=staff_member(Role.CASE_WORKER))
    with CaptureQueriesContext(connection) as many:
        assert "6 applications" in client.get(LIST).content.decode()
    assert len(many) == len(one)


# --- one application ----------------------------------------------------------------------------------


def test_reading_an_application_is_audited_and_shows_the_registers_beside_the_answers(
    client: Client, application: Application
) -> None:
    as_member(client, Role.FRONT_OFFICE)
    response = client.get(url(application))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert EGN in html
    assert "What the person declared" in html and "What the register says" in html
    assert '<th scope="row">Given name' in html
    assert history(application).filter(action=VIEWED).count() == 1


def test_a_difference_is_marked_with_a_word_not_only_a_colour(client: Client, form: ApplicationType) -> None:
    sent = application_submit(submission=submission(form, family_name="Николова")).application
    registry_checks_run(application=sent, client=simulator())
    as_member(client)
    html = client.get(url(sent)).content.decode()
    assert '<span aria-hidden="true">✗</span> Differs' in html


def test_an_application_waiting_for_a_register_says_so(client: Client, form: ApplicationType) -> None:
    sent = application_submit(submission=submission(form)).application
    as_member(client)
    html = client.get(url(sent)).content.decode()
    assert "Waiting for a register." in html
    assert "Nothing to compare yet" in html


def test_the_page_reads_as_many_queries_for_many_steps_as_for_few(client: Client, application: Application) -> None:
    as_member(client)
    client.get(url(application))
    with CaptureQueriesContext(connection) as few:
        client.get(url(application))
    worker = as_member(Client(), Role.CASE_WORKER)
    worker.post(url(application, "steps/take/"))
    worker.post(url(application, "steps/ask/"), {"ask-message": "Колко души сте?"})
    with CaptureQueriesContext(connection) as many:
        client.get(url(application))
    assert len(many) == len(few)


# --- the steps ----------------------------------------------------------------------------------------


def test_the_front_office_may_read_but_not_decide(client: Client, application: Application) -> None:
    as_member(client, Role.FRONT_OFFICE)
    assert "Approve the application" not in client.get(url(application)).content.decode()
    assert client.post(url(application, "steps/approve/")).status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_a_case_worker_takes_it_up_and_approves_it(client: Client, application: Application) -> None:
    as_member(client)
    assert client.post(url(application, "steps/take/"))["Location"] == url(application)
    response = client.post(
        url(application, "steps/approve/"), {"approve-message": "Отговаря на условията."}, follow=True
    )
    assert "Saved: the application is now “approved”." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED and application.decided_at is not None


def test_asking_without_saying_what_is_missing_shows_the_error_and_changes_nothing(
    client: Client, application: Application
) -> None:
    as_member(client)
    response = client.post(url(application, "steps/ask/"), {"ask-message": " "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert 'href="#id_ask-message">Say what information is missing' in html
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_a_referral_says_where_to(client: Client, application: Application) -> None:
    as_member(client)
    data = {"refer-message": "Помощта е от Агенцията.", "refer-referred_to": "Дирекция „Социално подпомагане“"}
    client.post(url(application, "steps/refer/"), data)
    event = application.events.get()
    assert (event.kind, event.referred_to) == ("referred", "Дирекция „Социално подпомагане“")


def test_the_second_of_two_decisions_at_once_is_refused_with_the_reason(
    client: Client, application: Application
) -> None:
    first, second = as_member(Client()), as_member(client)
    # Both have the page open; the first approves.
    first.post(url(application, "steps/approve/"))
    response = second.post(url(application, "steps/refuse/"), {"refuse-message": "Не отговаря на условията."})
    html = response.content.decode()
    assert response.status_code == 200
    assert "This application is now “approved”, so it cannot be changed this way." in html
    assert 'href="#steps"' in html
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert list(application.events.values_list("kind", flat=True)) == ["approved"]


def test_a_step_that_is_not_staffs_is_not_found(client: Client, application: Application) -> None:
    as_member(client)
    assert client.post(url(application, "steps/withdraw/")).status_code == 404
    assert client.post(url(application, "steps/explode/")).status_code == 404
    assert client.get(url(application, "steps/approve/")).status_code == 405


# --- documents ----------------------------------------------------------------------------------------


def test_a_document_is_streamed_as_a_download_and_audited(
    client: Client, application: Application, tmp_path: Path, settings: Any
) -> None:
    document = a_document(application, tmp_path, settings)
    as_member(client, Role.FRONT_OFFICE)
    response = client.get(url(application, f"documents/{document.pk}/"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    event = history(application).get(action=DOCUMENT_READ)
    assert event.data["document"] == str(document.pk)


def test_the_detail_links_to_its_documents(
    client: Client, application: Application, tmp_path: Path, settings: Any
) -> None:
    document = a_document(application, tmp_path, settings)
    as_member(client)
    assert url(application, f"documents/{document.pk}/") in client.get(url(application)).content.decode()


def test_another_offices_document_is_not_found_and_not_audited(
    client: Client, application: Application, tmp_path: Path, settings: Any
) -> None:
    document = a_document(application, tmp_path, settings)
    as_member(client, Role.FRONT_OFFICE, office=bikovo())
    assert client.get(url(application, f"documents/{document.pk}/")).status_code == 404
    assert not history(application).filter(action=DOCUMENT_READ).exists()


# --- on a person's behalf -----------------------------------------------------------------------------


def on_behalf_data(key: uuid.UUID, **changes: str) -> dict[str, str]:
    data = {
        "identifier": EGN,
        "given_name": "Иван",
        "family_name": "Петров",
        "email": "",
        "phone": "0888 123 456",
        "language": "bg",
        "answer_household_size": "2",
        "answer_lives_alone": "no",
        "answer_note": "",
        "consent": "on",
        "declaration": "on",
        "submission_key": str(key),
    }
    return data | changes


def test_the_forms_open_for_applications_are_offered(client: Client, form: ApplicationType) -> None:
    as_member(client, Role.FRONT_OFFICE, office=bikovo())
    html = client.get(NEW).content.decode()
    assert f"{NEW}?type={form.pk}" in html
    html = client.get(NEW, {"type": str(form.pk)}).content.decode()
    assert form.consent_text in html and form.declaration_text in html
    assert 'name="submission_key"' in html


def test_a_mayoralty_applies_on_a_persons_behalf_once_however_often_it_is_sent(
    client: Client, form: ApplicationType
) -> None:
    member = staff_member(Role.FRONT_OFFICE, office=bikovo())
    log_in(client, member)
    data = on_behalf_data(uuid.uuid4())
    response = client.post(f"{NEW}?type={form.pk}", data)
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == url(application)
    assert (application.submitted_by, application.office) == (member, bikovo())
    assert application.answers == {"household_size": "2", "lives_alone": "no", "note": ""}
    again = client.post(f"{NEW}?type={form.pk}", data, follow=True)  # a double click
    assert Application.objects.count() == 1
    assert "This application was sent already" in again.content.decode()


def test_the_follow_code_is_shown_once_to_give_to_the_person(client: Client, form: ApplicationType) -> None:
    as_member(client, Role.FRONT_OFFICE, office=bikovo())
    response = client.post(f"{NEW}?type={form.pk}", on_behalf_data(uuid.uuid4()), follow=True)
    html = response.content.decode()
    assert "Give the person the reference and this code" in html


def test_wrong_answers_are_shown_beside_their_fields_and_nothing_is_sent(client: Client, form: ApplicationType) -> None:
    as_member(client, Role.FRONT_OFFICE, office=bikovo())
    data = on_behalf_data(uuid.uuid4(), identifier="8506251244", given_name="", answer_household_size="two")
    data.pop("consent")
    response = client.post(f"{NEW}?type={form.pk}", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert 'href="#id_given_name">Enter the person&#x27;s given name' in html
    assert 'href="#id_consent">Confirm that the person agreed to the register checks' in html
    assert not Application.objects.exists()
    # The names are right now: a wrong check digit is told as on the person's own page.
    response = client.post(f"{NEW}?type={form.pk}", on_behalf_data(uuid.uuid4(), identifier="8506251244"))
    html = response.content.decode()
    assert 'href="#id_identifier">This EGN is not valid: check the digits against the identity card' in html
    response = client.post(f"{NEW}?type={form.pk}", on_behalf_data(uuid.uuid4(), answer_household_size="two"))
    assert 'href="#id_answer_household_size">Enter a whole number' in response.content.decode()
    assert not Application.objects.exists()


def test_a_form_sent_without_its_key_is_refused_with_a_message(client: Client, form: ApplicationType) -> None:
    as_member(client, Role.FRONT_OFFICE, office=bikovo())
    response = client.post(f"{NEW}?type={form.pk}", on_behalf_data(uuid.uuid4(), submission_key="not-a-key"))
    assert response.status_code == 200
    assert "<title>Error:" in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize("type_id", ["not-a-uuid", str(uuid.uuid4())])
def test_an_unknown_or_closed_form_is_not_found(client: Client, form: ApplicationType, type_id: str) -> None:
    as_member(client, Role.FRONT_OFFICE, office=bikovo())
    assert client.get(NEW, {"type": type_id}).status_code == 404
    form.is_active = False
    form.save()
    assert client.get(NEW, {"type": str(form.pk)}).status_code == 404
