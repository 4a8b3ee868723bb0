"""Telling the person: an e-mail and an SMS in the language they applied in, with what they need to
follow the application, never their EGN, and never an error for a message that could not go."""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings

from grizha.applications.models import Application, ApplicationEvent, ApplicationType
from grizha.applications.services import applicant_notify, application_submit
from grizha.applications.tests.testing import EGN, submission
from grizha.core import sms
from grizha.core.sms import BaseBackend, Sms

pytestmark = pytest.mark.django_db

BASE_URL = "https://grizha.example.bg"
MOBILE = "+359888123456"


class RefusingMailServer(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPServerDisconnected("the mail server went away")


class BrokenGateway(BaseBackend):
    def send(self, *, to: str, text: str) -> bool:
        raise ConnectionError("the operator does not answer")


@pytest.fixture(autouse=True)
def texts() -> Iterator[list[Sms]]:
    sms.outbox.clear()
    with override_settings(GRIZHA_SMS_BACKEND="grizha.core.sms.MemoryBackend", GRIZHA_BASE_URL=BASE_URL):
        yield sms.outbox
    sms.outbox.clear()


def apply(form: ApplicationType, **changes: Any) -> tuple[Application, str]:
    """Send an application of the `form` fixture (conftest.py) with an e-mail address and a mobile number."""
    contacts: dict[str, Any] = {"email": "ivan@example.org", "phone": "0888 123 456"}
    sent = application_submit(submission=submission(form, **(contacts | changes)))
    return sent.application, sent.follow_code


def no_egn(mails: list[mail.EmailMessage], texts: list[Sms]) -> bool:
    return all(EGN not in message.subject + message.body for message in mails) and all(
        EGN not in text.text for text in texts
    )


# --- Submitted -----------------------------------------------------------------------------------------


def test_the_person_is_sent_their_reference_code_and_status_page_in_bulgarian(
    form: ApplicationType, mailoutbox: list[mail.EmailMessage], texts: list[Sms]
) -> None:
    application, code = apply(form)
    applicant_notify(application=application, event="submitted", follow_code=code)
    (message,) = mailoutbox
    assert message.to == ["ivan@example.org"]
    assert application.reference in message.subject
    for part in (application.reference, code, f"{BASE_URL}/applications/status/", "Иван", "Община"):
        assert part in message.body
    assert "registers" in message.body or "регистр" in message.body
    (text,) = texts
    assert text.to == MOBILE
    assert application.reference in text.text and code in text.text
    assert f"{BASE_URL}/applications/status/" in text.text
    assert len(text.text) < 160
    assert no_egn(mailoutbox, texts)


def test_an_application_in_english_is_answered_in_english(
    form: ApplicationType, mailoutbox: list[mail.EmailMessage], texts: list[Sms]
) -> None:
    application, code = apply(form, language="en")
    applicant_notify(application=application, event="submitted", follow_code=code)
    (message,) = mailoutbox
    assert message.subject == f"We have received your application {application.reference}"
    assert "Application for a personal assistant" in message.body
    assert f"{BASE_URL}/en/applications/status/" in message.body
    assert "We will check the national registers" in message.body
    assert "Municipality of" in message.body
    (text,) = texts
    assert text.text == (
        f"Application {application.reference} received. Your code: {code}. "
        f"Follow it at {BASE_URL}/en/applications/status/"
    )
    assert no_egn(mailoutbox, texts)


def test_without_a_code_the_messages_do_not_speak_of_one(
    form: ApplicationType, mailoutbox: list[mail.EmailMessage], texts: list[Sms]
) -> None:
    application, _code = apply(form, language="en")
    applicant_notify(application=application, event="submitted")
    assert "Your code to follow it is" not in mailoutbox[0].body
    assert (
        texts[0].text
        == f"Application {application.reference} received. Follow it at {BASE_URL}/en/applications/status/"
    )


def test_sending_an_application_tells_the_person_once_it_is_saved(
    form: ApplicationType,
    mailoutbox: list[mail.EmailMessage],
    texts: list[Sms],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _application, code = apply(form)
    assert mailoutbox == [] and texts == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == len(texts) == 1
    assert code in mailoutbox[0].body and code in texts[0].text


# --- Information requested -----------------------------------------------------------------------------


def test_a_request_for_information_is_told_in_the_email_but_not_in_the_sms(
    form: ApplicationType, mailoutbox: list[mail.EmailMessage], texts: list[Sms]
) -> None:
    application, _code = apply(form)
    question = "Изпратете решението на ТЕЛК за заболяването на сина ви Георги."
    ApplicationEvent.objects.create(application=application, kind="information_requested", message="Старо.")
    ApplicationEvent.objects.create(application=application, kind="information_requested", message=question)
    applicant_notify(application=application, event="information_requested")
    (message,) = mailoutbox
    assert question in message.body and "Старо." not in message.body
    assert f"{BASE_URL}/applications/status/" in message.body
    (text,) = texts
    assert "ТЕЛК" not in text.text and "Георги" not in text.text
    assert application.reference in text.text and f"{BASE_URL}/applications/status/" in text.text
    assert len(text.text) < 160
    assert no_egn(mailoutbox, texts)


def test_a_request_for_information_in_english(
    form: ApplicationType, mailoutbox: list[mail.EmailMessage], texts: list[Sms]
) -> None:
    application, _code = apply(form, language="en")
    ApplicationEvent.objects.create(application=application, kind="information_requested", message="Send the decision")
    applicant_notify(application=application, event="information_requested")
    assert mailoutbox[0].subject == f"Your application {application.reference}: we need more information"
    assert "What we need:\nSend the decision" in mailoutbox[0].body
    assert texts[0].text.startswith(f"Application {application.reference}: the office needs more information")


# --- Decided -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "language", "outcome"),
    [
        (Application.Status.APPROVED, "bg", "одобрено"),
        (Application.Status.REFUSED, "bg", "отказано"),
        (Application.Status.REFERRED, "bg", "насочено другаде"),
        (Application.Status.APPROVED, "en", "approved"),
        (Application.Status.REFUSED, "en", "refused"),
    ],
)
def test_a_decision_gives_its_outcome_and_sends_to_the_status_page_for_the_reasons(
    form: ApplicationType,
    mailoutbox: list[mail.EmailMessage],
    texts: list[Sms],
    status: str,
    language: str,
    outcome: str,
) -> None:
    application, _code = apply(form, language=language)
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    ApplicationEvent.objects.create(application=application, kind=status, message="Доходът е над прага.")
    applicant_notify(application=application, event="decided")
    (message,) = mailoutbox
    (text,) = texts
    page = f"{BASE_URL}/applications/status/" if language == "bg" else f"{BASE_URL}/en/applications/status/"
    for part in (outcome, application.reference, page):
        assert part in message.body and part in text.text
    assert "Доходът" not in message.body + text.text
    assert len(text.text) < 160
    assert no_egn(mailoutbox, texts)


# --- Where nothing is sent, or sending fails -----------------------------------------------------------


def test_no_address_and_a_landline_mean_no_message(
    form: ApplicationType, mailoutbox: list[mail.EmailMessage], texts: list[Sms]
) -> None:
    application, code = apply(form, email="", phone="044 611 100")
    applicant_notify(application=application, event="submitted", follow_code=code)
    assert mailoutbox == [] and texts == []


def test_a_mail_server_or_gateway_that_fails_does_not_stop_anything(
    form: ApplicationType, caplog: pytest.LogCaptureFixture
) -> None:
    application, code = apply(form)
    with override_settings(
        EMAIL_BACKEND=f"{__name__}.RefusingMailServer", GRIZHA_SMS_BACKEND=f"{__name__}.BrokenGateway"
    ):
        applicant_notify(application=application, event="submitted", follow_code=code)
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "mail not sent" in logged and "SMS not sent" in logged


def test_an_unknown_event_is_a_mistake_of_the_caller(form: ApplicationType) -> None:
    application, _code = apply(form)
    with pytest.raises(ValueError):
        applicant_notify(application=application, event="archived")
