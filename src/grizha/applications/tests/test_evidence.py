"""Evidence from the registers online: a document a register answers for is not asked for once the
person agrees to the register checks, unless they would rather send it; the application keeps what
stood for each document. The status page says how each register answered and whether it agrees with
what the person declared, never what it holds, and lets the person send the paper instead."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from grizha.accounts.roles import Role
from grizha.accounts.testing import staff_member
from grizha.applications.models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationType,
    DocumentRequirement,
    Fact,
    Question,
)
from grizha.applications.services import (
    application_approve,
    application_submit,
    evidence_from_registers,
    missing_documents,
    registry_checks_run,
)
from grizha.applications.tests.test_public_views import identity, png_bytes
from grizha.applications.tests.testing import EGN, simulator, submission
from grizha.core.audit import history

pytestmark = pytest.mark.django_db

NELK = "Medical expertise register (NELK): decision on disability"
ANSWERS = {"household_size": "2", "lives_alone": "no", "note": ""}


@pytest.fixture(autouse=True)
def _fresh(settings: Any, tmp_path: Any) -> Iterator[None]:
    settings.GRIZHA_UPLOADS_DIR = tmp_path / "uploads"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def decision(form: ApplicationType) -> DocumentRequirement:
    """A required document the disability register (which the form asks) answers for."""
    return DocumentRequirement.objects.create(
        application_type=form,
        name="Решение на ТЕЛК",
        name_en="Disability decision",
        register_check="disability-decision",
    )


def base(form: ApplicationType) -> str:
    return f"/en/applications/{form.pk}/"


def started(client: Client, form: ApplicationType, *, details: bool = True) -> str:
    """Start the form, give the details with consent (when `details`) and answer every question."""
    url = base(form)
    client.post(url)
    if details:
        assert client.post(f"{url}details/", identity(identifier=EGN))["Location"].startswith(url)
    for key, value in ANSWERS.items():
        client.post(f"{url}questions/{key}/", {"answer": value})
    return url


def documents_task(client: Client, form: ApplicationType) -> str:
    tasks = client.get(f"{base(form)}tasks/").content.decode()
    return re.search(r">Documents</a>\s*<strong[^>]*>([^<]+)<", tasks).group(1)  # type: ignore[union-attr]


def send(client: Client, form: ApplicationType) -> Any:
    page = client.get(f"{base(form)}check/")
    key = re.search(r'name="submission_key" value="([^"]+)"', page.content.decode())
    assert key is not None, page
    return client.post(f"{base(form)}check/", {"submission_key": key.group(1), "declaration": "on"})


def upload(client: Client, form: ApplicationType, requirement: DocumentRequirement) -> None:
    scan = SimpleUploadedFile("telk.png", png_bytes(), content_type="image/png")
    client.post(f"{base(form)}documents/", {"requirement": str(requirement.pk), "upload": scan})


# --- the documents step ---------------------------------------------------------------------------------


def test_with_consent_the_register_is_asked_and_the_document_is_not(
    client: Client, form: ApplicationType, decision: DocumentRequirement
) -> None:
    url = started(client, form)
    assert documents_task(client, form) == "Completed"
    page = client.get(f"{url}documents/").content.decode()
    assert f"You do not need to send this. With your consent, we ask the register for it: {NELK}." in page
    assert "We use the answer for: решението на ТЕЛК." in page
    assert "I would rather send the document myself" in page
    assert f'name="requirement" value="{decision.pk}"' not in page  # no upload asked for it
    check = client.get(f"{url}check/").content.decode()
    assert f"Disability decision: we ask the register ({NELK})" in check
    assert send(client, form)["Location"] == "/en/applications/sent/"
    application = Application.objects.get()
    assert application.evidence == {
        str(decision.pk): {"name": "Disability decision", "source": "register", "check": "disability-decision"}
    }
    assert not application.documents.exists()


def test_sending_it_myself_makes_it_required(
    client: Client, form: ApplicationType, decision: DocumentRequirement
) -> None:
    url = started(client, form)
    client.post(f"{url}documents/", {"send_myself": str(decision.pk)})
    assert documents_task(client, form) == "Not completed"
    page = client.get(f"{url}documents/").content.decode()
    assert f'name="requirement" value="{decision.pk}"' in page
    assert f"You chose to send this yourself. We can ask the register instead: {NELK}." in page
    assert client.get(f"{url}check/")["Location"] == f"{url}tasks/"  # not complete without it
    upload(client, form, decision)
    assert documents_task(client, form) == "Completed"
    assert send(client, form)["Location"] == "/en/applications/sent/"
    application = Application.objects.get()
    assert application.evidence[str(decision.pk)]["source"] == "document"
    assert application.evidence[str(decision.pk)]["check"] == "disability-decision"
    assert application.documents.get().requirement == decision


def test_the_person_may_let_the_register_answer_again(
    client: Client, form: ApplicationType, decision: DocumentRequirement
) -> None:
    url = started(client, form)
    client.post(f"{url}documents/", {"send_myself": str(decision.pk)})
    client.post(f"{url}documents/", {"use_register": str(decision.pk)})
    assert documents_task(client, form) == "Completed"


def test_without_consent_the_document_is_asked_for_as_before(
    client: Client, form: ApplicationType, decision: DocumentRequirement
) -> None:
    url = started(client, form, details=False)
    assert documents_task(client, form) == "Not completed"
    page = client.get(f"{url}documents/").content.decode()
    assert f'name="requirement" value="{decision.pk}"' in page
    assert "If you agree to the register checks in “Your details”, we ask the register instead" in page
    assert "I would rather send the document myself" not in page
    assert evidence_from_registers(application_type=form, consent=False) == []
    assert missing_documents(application_type=form, draft_key=uuid.uuid4()) == [decision]


def test_a_register_the_form_does_not_ask_stands_for_nothing(
    client: Client, form: ApplicationType, decision: DocumentRequirement
) -> None:
    form.registry_checks.filter(check_name="disability-decision").delete()
    url = started(client, form)
    assert documents_task(client, form) == "Not completed"
    assert "I would rather send the document myself" not in client.get(f"{url}documents/").content.decode()


def test_the_submission_refuses_a_document_the_person_chose_to_send_but_did_not(
    form: ApplicationType, decision: DocumentRequirement
) -> None:
    with pytest.raises(ValidationError) as refused:
        application_submit(submission=submission(form, paper=frozenset({decision.pk})))
    assert "documents" in refused.value.message_dict
    sent = application_submit(submission=submission(form))
    assert sent.application.evidence[str(decision.pk)]["source"] == "register"


# --- the status page --------------------------------------------------------------------------------


@pytest.fixture
def declared(form: ApplicationType) -> Question:
    """A question whose answer the disability register also gives."""
    return Question.objects.create(
        application_type=form,
        key="has_disability",
        label="Have you a disability decision?",
        kind="yes_no",
        compare_with=Fact.DISABILITY,
        position=9,
    )


def follow(client: Client, identifier: str = EGN, **answers: str) -> Application:
    """An application sent with the service, opened on the status page with its reference and code."""
    form = ApplicationType.objects.get()
    sent = application_submit(submission=submission(form, identifier=identifier, answers=ANSWERS | answers))
    reference = sent.application.reference
    opened = client.post("/en/applications/status/", {"reference": reference, "code": sent.follow_code})
    assert opened["Location"] == f"/en/applications/status/{reference}/"
    return sent.application


def status_page(client: Client, application: Application) -> str:
    return client.get(f"/en/applications/status/{application.reference}/").content.decode()


def test_the_status_page_says_how_each_register_answered_and_never_what_it_holds(
    client: Client, form: ApplicationType, declared: Question
) -> None:
    application = follow(client, has_disability="no")
    waiting = status_page(client, application)
    assert "Population register (GRAO): names and date of birth" in waiting
    assert waiting.count("Waiting: not asked yet") == 2
    registry_checks_run(application=application, client=simulator())
    page = status_page(client, application)
    assert "Found: the register answered" in page  # the population register knows the person
    assert "Not found: the register holds nothing on you" in page  # no disability decision
    # Nothing the register holds: not the names it has, nor its words about the decision; nor whether it
    # agrees with what was declared, which would tell someone who typed another person's EGN whose it is.
    for held in ("АТАНАС", "КОСТОВ", "ATANAS", "1985-06-25", "No: the register holds no decision"):
        assert held not in page
    assert "The register agrees" not in page and "says otherwise" not in page


def test_a_register_that_could_not_be_reached_is_said_so(client: Client, form: ApplicationType) -> None:
    application = follow(client, identifier="9003030005")  # the simulator's register that fails
    registry_checks_run(application=application, client=simulator())
    assert "Could not be reached: we ask it again" in status_page(client, application)


def test_the_person_sends_the_paper_instead_of_the_registers_answer(
    client: Client, form: ApplicationType, decision: DocumentRequirement
) -> None:
    application = follow(client)
    page = status_page(client, application)
    assert "Documents a register answered for" in page and f"From the register: {NELK}" in page
    url = f"/en/applications/status/{application.reference}/"
    disguised = SimpleUploadedFile("telk.png", b"MZ\x90\x00 not a picture", content_type="image/png")
    refused = client.post(url, {"requirement": str(decision.pk), "upload": disguised, "message": ""})
    assert refused.status_code == 400 and "Send a PDF, JPEG or PNG file" in refused.content.decode()
    assert f'href="#instead-{decision.pk}"' in refused.content.decode()
    assert not ApplicationDocument.objects.exists()
    scan = SimpleUploadedFile("telk.png", png_bytes(), content_type="image/png")
    sent = client.post(url, {"requirement": str(decision.pk), "upload": scan, "message": "Имам ново решение."})
    assert sent["Location"] == url
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED  # nothing decided by it
    assert application.evidence[str(decision.pk)]["source"] == "document"
    assert application.documents.get().requirement == decision
    event = application.events.get(kind=ApplicationEvent.Kind.INFORMATION_GIVEN)
    assert "Disability decision" in event.message and "Имам ново решение." in event.message
    assert history(application).filter(action="grizha.application.document_instead").exists()
    assert "Documents a register answered for" not in status_page(client, application)


def test_once_the_office_decides_the_paper_is_not_taken(
    client: Client, form: ApplicationType, decision: DocumentRequirement
) -> None:
    application = follow(client)
    url = f"/en/applications/status/{application.reference}/"
    application_approve(application=application, by=staff_member(Role.CASE_WORKER, office=application.office))
    assert "Documents a register answered for" not in status_page(client, application)
    scan = SimpleUploadedFile("telk.png", png_bytes(), content_type="image/png")
    refused = client.post(url, {"requirement": str(decision.pk), "upload": scan})
    assert refused.status_code == 400
    assert "The office has decided on this application already" in refused.content.decode()
    assert not ApplicationDocument.objects.exists()


def test_a_document_no_register_answered_for_is_not_taken_this_way(
    client: Client, form: ApplicationType, decision: DocumentRequirement
) -> None:
    application = follow(client)
    url = f"/en/applications/status/{application.reference}/"
    scan = SimpleUploadedFile("plan.png", png_bytes(), content_type="image/png")
    refused = client.post(url, {"requirement": str(uuid.uuid4()), "upload": scan})
    assert refused.status_code == 400
    assert "No register answers for this document in your application" in refused.content.decode()
    assert not ApplicationDocument.objects.exists()
