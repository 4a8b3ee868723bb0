"""Asking the registers before sending, at the office (where staff have checked who the person is): the
form's registers are asked once, each call logged with its legal basis; the answers are shown in words;
for each document a register answers for the person chooses the register's answer or the paper. Kept
answers are not asked again once the application is sent; a declined one makes the document needed."""

from __future__ import annotations

import datetime
import io
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, office_of, staff_member
from grizha.applications.models import Application, ApplicationType, DocumentRequirement, RegistryResult
from grizha.applications.services import RegisterPreview, application_submit, registry_preview
from grizha.applications.tests.testing import EGN, LAW, simulator, submission
from grizha.core.audit import AuditEvent
from grizha.core.tasks import run_queued
from grizha.registers.models import RegisterCall
from grizha.territory.models import Office

pytestmark = pytest.mark.django_db

NEW = "/staff/applications/new/"
NELK = "Medical expertise register (NELK): decision on disability"


@pytest.fixture(autouse=True)
def _english(client: Client, settings: Any, tmp_path: Any) -> Iterator[None]:
    client.cookies["django_language"] = "en"
    settings.GRIZHA_UPLOADS_DIR = tmp_path / "uploads"
    yield


@pytest.fixture
def decision(form: ApplicationType) -> DocumentRequirement:
    return DocumentRequirement.objects.create(
        application_type=form,
        name="Решение на ТЕЛК",
        name_en="Disability decision",
        register_check="disability-decision",
    )


@pytest.fixture
def member(client: Client) -> Any:
    member = staff_member(Role.FRONT_OFFICE, office=office_of(Office.Kind.MAYORALTY, "SLV20-01"))
    log_in(client, member)
    return member


def data(key: uuid.UUID, **changes: Any) -> dict[str, Any]:
    values = {
        "identifier": EGN,
        "given_name": "Атанас",
        "family_name": "Костов",
        "email": "",
        "phone": "",
        "language": "bg",
        "answer_household_size": "3",
        "answer_lives_alone": "no",
        "answer_note": "",
        "consent": "on",
        "declaration": "on",
        "submission_key": str(key),
    }
    return {name: value for name, value in (values | changes).items() if value is not None}


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format="PNG")
    return SimpleUploadedFile("telk.png", buffer.getvalue(), content_type="image/png")


def ask(client: Client, form: ApplicationType, key: uuid.UUID, **changes: Any) -> str:
    """Press "Ask the registers now" with the person's identity and consent alone."""
    only_who = {"given_name": "", "family_name": "", "declaration": None, "preview": "1"}
    response = client.post(f"{NEW}?type={form.pk}", data(key, **(only_who | changes)))
    assert response.status_code == 200
    return response.content.decode()


def test_asking_the_registers_now_calls_each_once_logs_it_and_shows_the_answers_in_words(
    client: Client, form: ApplicationType, decision: DocumentRequirement, member: Any
) -> None:
    key = uuid.uuid4()
    page = ask(client, form, key)
    assert "Error:" not in page  # the names and the declaration are not needed yet
    calls = RegisterCall.objects.filter(service_uri=str(key))
    assert sorted(calls.values_list("check_name", flat=True)) == ["disability-decision", "person"]
    assert {(call.law_reason, call.employee) for call in calls} == {(LAW, member)}
    assert "АТАНАС АТАНАСОВ КОСТОВ, born on 1985-06-25" in page
    assert "No: the register holds no decision" in page
    assert f"A register can stand for this document: {NELK}." in page
    assert "Use the register&#x27;s answer" in page and "The person will bring the document" in page
    assert 'value="register" checked' in page  # what stands for it until the person says otherwise
    assert AuditEvent.objects.filter(action="grizha.application.registers_previewed", actor=member).exists()
    assert not Application.objects.exists()


def test_the_registers_are_not_asked_without_the_persons_consent(
    client: Client, form: ApplicationType, decision: DocumentRequirement, member: Any
) -> None:
    page = ask(client, form, uuid.uuid4(), consent=None)
    assert 'href="#id_consent">Confirm that the person agreed to the register checks' in page
    assert not RegisterCall.objects.exists()


def test_confirmed_answers_are_kept_and_not_asked_again(
    client: Client,
    form: ApplicationType,
    decision: DocumentRequirement,
    member: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    key = uuid.uuid4()
    ask(client, form, key)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"{NEW}?type={form.pk}", data(key, **{f"evidence_{decision.pk}": "register"}))
    application = Application.objects.get()
    assert sent["Location"] == f"/staff/applications/{application.pk}/"
    run_queued()
    assert RegisterCall.objects.count() == 2  # the two asked before sending, and no more
    assert application.registers == Application.Registers.DONE
    results = {r.check_name: r for r in application.registry_results.all()}
    assert results["person"].status == RegistryResult.Status.OK and results["person"].attempts == 1
    assert results["person"].data["PersonNames"]["FirstName"] == "АТАНАС"
    assert results["disability-decision"].status == RegistryResult.Status.NOT_FOUND
    assert application.evidence[str(decision.pk)]["source"] == "register"
    detail = client.get(f"/staff/applications/{application.pk}/").content.decode()
    assert f"From the register: {NELK}" in detail
    calls = detail.split('id="calls-title"')[1].split("</table>")[0]
    assert calls.count("<tr>") == 3  # the heading and the two calls made before sending


def test_a_declined_answer_makes_the_document_needed(
    client: Client, form: ApplicationType, decision: DocumentRequirement, member: Any
) -> None:
    key = uuid.uuid4()
    ask(client, form, key)
    declined = data(key, **{f"evidence_{decision.pk}": "document"})
    page = client.post(f"{NEW}?type={form.pk}", declined).content.decode()
    assert "Upload these documents before you send the application: Disability decision" in page
    assert not Application.objects.exists()
    sent = client.post(f"{NEW}?type={form.pk}", declined | {f"document_{decision.pk}": png()})
    application = Application.objects.get()
    assert sent["Location"] == f"/staff/applications/{application.pk}/"
    assert application.documents.get().requirement == decision
    assert application.evidence[str(decision.pk)] == {
        "name": "Disability decision",
        "source": "document",
        "check": "disability-decision",
    }
    detail = client.get(f"/staff/applications/{application.pk}/").content.decode()
    assert "The person chose to send it rather than have the register answer for it" in detail


def test_answers_about_another_person_are_not_kept(
    client: Client, form: ApplicationType, decision: DocumentRequirement, member: Any
) -> None:
    key = uuid.uuid4()
    ask(client, form, key)
    # The EGN was mistyped and corrected after asking: the answers shown were someone else's.
    client.post(f"{NEW}?type={form.pk}", data(key, identifier="7501020018"))
    application = Application.objects.get()
    assert application.registers == Application.Registers.PENDING
    assert set(application.registry_results.values_list("status", flat=True)) == {RegistryResult.Status.PENDING}


def test_a_register_that_did_not_answer_is_asked_again_after_sending(
    form: ApplicationType, decision: DocumentRequirement, member: Any
) -> None:
    key = uuid.uuid4()
    failing = "9003030005"  # the simulator's register that fails
    preview = registry_preview(
        application_type=form, identifier=failing, submission_key=key, by=member, client=simulator()
    )
    assert {answer.status for answer in preview.answers.values()} == {"error"}
    application = application_submit(
        submission=submission(form, submission_key=key, identifier=failing, preview=preview)
    ).application
    assert application.registers == Application.Registers.PENDING
    assert set(application.registry_results.values_list("attempts", flat=True)) == {0}


def test_old_answers_are_asked_again(form: ApplicationType, decision: DocumentRequirement, member: Any) -> None:
    key = uuid.uuid4()
    preview = registry_preview(application_type=form, identifier=EGN, submission_key=key, by=member, client=simulator())
    stale = RegisterPreview(preview.identifier, preview.asked_at - datetime.timedelta(hours=3), preview.answers)
    assert RegisterPreview.from_session(stale.as_session()) == stale
    application = application_submit(submission=submission(form, submission_key=key, preview=stale)).application
    assert application.registers == Application.Registers.PENDING
