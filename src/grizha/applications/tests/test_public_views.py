"""The citizen's application pages, driven as a person would: the task list, "your details" (a wrong
EGN told plainly), one question a page, documents checked by their content, check your answers, one
application however often "send" is pressed, and the status page opened by reference and code, where
the registers consulted are listed and a request for information is answered."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import Image

from grizha.accounts.roles import Role
from grizha.accounts.testing import staff_member
from grizha.applications.models import Application, ApplicationDocument, ApplicationType
from grizha.applications.services import application_information_request
from grizha.applications.views import public as views
from grizha.catalog.versioning import current_version
from grizha.core.forms import started_token
from grizha.core.tasks import run_queued
from grizha.demo.applications import ensure_demo_forms
from grizha.registers.models import RegisterCall

pytestmark = pytest.mark.django_db

EGN = "7501020018"  # the simulator's Мария Ангелова Русева


@pytest.fixture(autouse=True)
def _fresh(settings: Any, tmp_path: Any) -> Iterator[None]:
    settings.GRIZHA_UPLOADS_DIR = tmp_path / "uploads"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def patronage() -> ApplicationType:
    ensure_demo_forms()
    return ApplicationType.objects.get(title_en="Application for home social patronage")


@pytest.fixture
def assistance() -> ApplicationType:
    ensure_demo_forms()
    return ApplicationType.objects.get(title_en="Application for assistant support")


def in_language(lang: str, message: str) -> str:
    with translation.override(lang):
        return escape(gettext(message))


def prefix(lang: str) -> str:
    return "" if lang == "bg" else "/en"


def identity(**changes: str) -> dict[str, str]:
    return {
        "identifier": EGN,
        "given_name": "Мария",
        "family_name": "Русева",
        "email": "maria@example.com",
        "phone": "0888 123 456",
        "consent": "on",
        "started": started_token(at=time.time() - 60),
        "website": "",
    } | changes


def fill_in(client: Client, form: ApplicationType, answers: dict[str, str], lang: str = "bg") -> str:
    """Start, give the details and answer each question in turn; the check page's address."""
    base = f"{prefix(lang)}/applications/{form.pk}/"
    assert client.post(base)["Location"] == f"{base}tasks/"
    location = client.post(f"{base}details/", identity())["Location"]
    for key, value in answers.items():
        assert location.endswith(f"/questions/{key}/") or location.endswith("/tasks/"), location
        location = client.post(f"{base}questions/{key}/", {"answer": value})["Location"]
    return f"{base}check/"


PATRONAGE = {"settlement": "Сливен", "meals": "yes", "pension": "560"}


def send(client: Client, form: ApplicationType, lang: str = "bg") -> Any:
    check = fill_in(client, form, PATRONAGE, lang)
    page = client.get(check)
    assert page.status_code == 200
    key = re.search(r'name="submission_key" value="([^"]+)"', page.content.decode())
    assert key is not None
    return client.post(check, {"submission_key": key.group(1), "declaration": "on"}), key.group(1)


def test_the_open_forms_are_listed_in_both_languages(client: Client, patronage: ApplicationType) -> None:
    page = client.get("/applications/").content.decode()
    assert "Заявление за домашен социален патронаж" in page and f"/applications/{patronage.pk}/" in page
    english = client.get("/en/applications/").content.decode()
    assert "Application for home social patronage" in english


def test_the_start_page_names_the_registers_asked_instead_of_papers(
    client: Client, assistance: ApplicationType
) -> None:
    page = client.get(f"/en/applications/{assistance.pk}/").content.decode()
    assert "Population register (GRAO): family members" in page
    assert "Electronic Governance Act" in page or "Закона за електронното управление" in page
    assert "A medical document about the state of health" in page


def test_a_closed_form_is_not_found(client: Client, patronage: ApplicationType) -> None:
    ApplicationType.objects.filter(pk=patronage.pk).update(is_active=False)
    assert client.get(f"/applications/{patronage.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("7501020019", "This EGN is not valid: check the digits against the identity card"),  # check digit
        ("7502300014", "This EGN is not valid: check the digits against the identity card"),  # 30 February
        ("75010200", "Enter the 10 digits of the personal number"),
        ("", "Enter your EGN or LNCh"),
    ],
)
@pytest.mark.parametrize("lang", ["bg", "en"])
def test_a_wrong_personal_number_is_told_plainly(
    client: Client, patronage: ApplicationType, value: str, message: str, lang: str
) -> None:
    base = f"{prefix(lang)}/applications/{patronage.pk}/"
    client.post(base)
    page = client.post(f"{base}details/", identity(identifier=value))
    assert page.status_code == 200
    assert in_language(lang, message) in page.content.decode()
    assert 'href="#id_identifier"' in page.content.decode()


def test_a_valid_lnch_is_taken(client: Client, patronage: ApplicationType) -> None:
    base = f"/applications/{patronage.pk}/"
    client.post(base)
    response = client.post(f"{base}details/", identity(identifier="1000000001"))
    assert response.status_code == 302


def test_one_question_a_page_then_the_task_list(client: Client, assistance: ApplicationType) -> None:
    base = f"/en/applications/{assistance.pk}/"
    client.post(base)
    assert client.post(f"{base}details/", identity())["Location"] == f"{base}questions/for_whom/"
    assert client.post(f"{base}questions/for_whom/", {"answer": "For myself"})["Location"] == (
        f"{base}questions/birth_date/"
    )
    wrong = client.post(f"{base}questions/birth_date/", {"answer": "31.02.1950"})
    assert in_language("en", "Enter the date as day, month and year, like 31.03.1950") in wrong.content.decode()
    # The end of a section leads back to the task list, where the sections done say so.
    assert client.post(f"{base}questions/birth_date/", {"answer": "2.1.1975"})["Location"] == f"{base}tasks/"
    tasks = client.get(f"{base}tasks/").content.decode()
    # Your details, "who it is for", and the documents (the only one asked for is optional).
    assert tasks.count(">Completed<") == 3 and tasks.count(">Not completed<") == 2 and "Cannot start yet" in tasks
    # Check and send cannot be opened before every part is done.
    assert client.get(f"{base}check/")["Location"] == f"{base}tasks/"


def test_an_application_is_sent_once_however_often_send_is_pressed(client: Client, patronage: ApplicationType) -> None:
    response, key = send(client, patronage)
    assert response["Location"] == "/applications/sent/"
    page = client.get("/applications/sent/").content.decode()
    application = Application.objects.get()
    assert application.reference in page
    code = re.search(r'id="code">([A-Z0-9]+)<', page)
    assert code is not None and len(code.group(1)) == 8
    assert application.answers == {"settlement": "Сливен", "meals": "yes", "pension": "560"}
    assert application.phone == "+359888123456" and application.identifier == EGN
    # A second press of "send", from this tab or another: the same application.
    again = client.post(f"/applications/{patronage.pk}/check/", {"submission_key": key, "declaration": "on"})
    assert again["Location"] == "/applications/sent/"
    assert Application.objects.count() == 1


def test_the_declaration_must_be_made(client: Client, patronage: ApplicationType) -> None:
    check = fill_in(client, patronage, PATRONAGE, "en")
    page = client.get(check).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page)
    assert key is not None
    response = client.post(check, {"submission_key": key.group(1)})
    assert in_language("en", "Confirm the declaration to send the application") in response.content.decode()
    assert not Application.objects.exists()


def test_sending_is_rate_limited(client: Client, patronage: ApplicationType, monkeypatch: Any) -> None:
    monkeypatch.setattr(views, "SENDS_PER_HOUR", 0)
    response, _key = send(client, patronage, "en")
    assert response.status_code == 429
    assert "Your answers are kept" in response.content.decode()
    assert not Application.objects.exists()


def sent_application(client: Client, form: ApplicationType) -> tuple[Application, str]:
    send(client, form)
    page = client.get("/applications/sent/").content.decode()
    code = re.search(r'id="code">([A-Z0-9]+)<', page)
    assert code is not None
    return Application.objects.get(), code.group(1)


def test_the_status_page_opens_with_reference_and_code_only(client: Client, patronage: ApplicationType) -> None:
    application, code = sent_application(client, patronage)
    stranger = Client()
    assert stranger.get(f"/en/applications/status/{application.reference}/")["Location"] == ("/en/applications/status/")
    not_found = in_language("en", str(views.NOT_FOUND))
    wrong_code = stranger.post("/en/applications/status/", {"reference": application.reference, "code": "ABCDEFGH"})
    unknown = stranger.post("/en/applications/status/", {"reference": "2020-999999", "code": code})
    # The same answer whether the reference exists or not: nothing to learn by guessing.
    assert wrong_code.status_code == unknown.status_code == 400
    assert not_found in wrong_code.content.decode() and not_found in unknown.content.decode()
    found = stranger.post("/en/applications/status/", {"reference": f" {application.reference} ", "code": code.lower()})
    assert found["Location"] == f"/en/applications/status/{application.reference}/"
    page = stranger.get(found["Location"]).content.decode()
    assert "Received" in page or "received" in page
    assert EGN not in page


@pytest.mark.parametrize(
    ("reference", "code", "message"),
    [
        ("2026/12", "ABCDEFGH", "Enter the reference number as it is written, like 2026-000123"),
        ("2026-000001", "ABC", "Enter the code as it is written: %(length)s Latin letters and digits"),
        ("2026-000001", "ABCDEFG0", "Enter the code as it is written: %(length)s Latin letters and digits"),
    ],
)
def test_a_mistyped_reference_or_code_is_told_plainly(client: Client, reference: str, code: str, message: str) -> None:
    response = client.post("/applications/status/", {"reference": reference, "code": code})
    assert response.status_code == 400
    with translation.override("bg"):
        expected = escape(gettext(message) % {"length": 8}) if "%(" in message else escape(gettext(message))
    assert expected in response.content.decode()


def test_guessing_codes_is_stopped(client: Client, patronage: ApplicationType) -> None:
    application, code = sent_application(client, patronage)
    guesser = Client()
    statuses = [
        guesser.post("/applications/status/", {"reference": application.reference, "code": "ABCDEFGH"}).status_code
        for _ in range(views.STATUS_TRIES_PER_HOUR + 1)
    ]
    assert statuses[:-1] == [400] * views.STATUS_TRIES_PER_HOUR and statuses[-1] == 429
    # Even the right code waits until the hour is over.
    right = guesser.post("/applications/status/", {"reference": application.reference, "code": code})
    assert right.status_code == 429


def test_the_person_sees_which_registers_were_consulted(
    client: Client, patronage: ApplicationType, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application, _code = sent_application(client, patronage)
    run_queued()
    assert RegisterCall.objects.filter(service_uri=application.reference).count() == 3
    page = client.get(f"/en/applications/status/{application.reference}/").content.decode()
    assert "Registers consulted for this application" in page
    assert "National Social Security Institute: pension" in page
    assert "Закона за електронното управление" in page


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_request_for_information_is_answered_with_a_document(client: Client, patronage: ApplicationType) -> None:
    application, _code = sent_application(client, patronage)
    worker = staff_member(Role.CASE_WORKER, office=application.office)
    application_information_request(application=application, by=worker, message="Моля, изпратете етажен план.")
    status_url = f"/en/applications/status/{application.reference}/"
    page = client.get(status_url).content.decode()
    assert "The office needs more information" in page and "етажен план" in page
    disguised = SimpleUploadedFile("plan.png", b"MZ\x90\x00 not really a picture", content_type="image/png")
    refused = client.post(status_url, {"message": "Ето го.", "upload": disguised})
    assert refused.status_code == 400
    assert "Send a PDF, JPEG or PNG file" in refused.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.NEEDS_INFORMATION  # nothing kept from the refused answer
    assert not ApplicationDocument.objects.exists()
    plan = SimpleUploadedFile("plan.png", png_bytes(), content_type="image/png")
    assert client.post(status_url, {"message": "Ето го.", "upload": plan})["Location"] == status_url
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW
    document = ApplicationDocument.objects.get()
    assert document.application == application and document.content_type == "image/png"


def test_documents_are_uploaded_and_removed(
    client: Client, assistance: ApplicationType, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    base = f"/en/applications/{assistance.pk}/"
    client.post(base)
    requirement = assistance.documents.get(register_check="")
    upload = SimpleUploadedFile("scan.png", png_bytes(), content_type="image/png")
    response = client.post(f"{base}documents/", {"requirement": str(requirement.pk), "upload": upload})
    assert response["Location"] == f"{base}documents/"
    document = ApplicationDocument.objects.get()
    assert document.requirement == requirement and document.application is None
    stored = settings.GRIZHA_UPLOADS_DIR / document.file.name
    assert stored.read_bytes() == png_bytes()
    page = client.get(f"{base}documents/").content.decode()
    assert "scan.png" in page
    html = SimpleUploadedFile("scan.png", b"<html><script>alert(1)</script></html>", content_type="image/png")
    refused = client.post(f"{base}documents/", {"requirement": str(requirement.pk), "upload": html})
    assert refused.status_code == 400 and 'href="#upload-1"' in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the row is gone for good
        client.post(f"{base}documents/", {"remove": str(document.pk)})
    assert not ApplicationDocument.objects.exists() and not stored.exists()


def test_a_service_page_offers_its_open_form(client: Client, patronage: ApplicationType) -> None:
    page = f"/en/services/{patronage.service_id}/"
    assert f'href="/en/applications/{patronage.pk}/"' in client.get(page).content.decode()
    patronage.is_active = False
    patronage.save()
    cache.clear()  # the page made before is kept under the catalog's version, which moves at the commit
    main = client.get(page).content.decode().split("<main")[1].split("</main>")[0]
    assert "/en/applications/" not in main


def test_a_change_to_a_form_is_a_change_to_the_catalog(django_capture_on_commit_callbacks: Any) -> None:
    before = current_version()
    with django_capture_on_commit_callbacks(execute=True):
        ensure_demo_forms()
    assert current_version() == before + 1  # once, however many rows the forms took
