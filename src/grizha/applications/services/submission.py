"""Submitting an application.

A submission carries a key made when the form was first shown: the same key sent again (a double click,
a retry after a network error, a second tab) finds the first application instead of making another. The
register checks run after the application is saved, in the background (services.registers), except those
already answered at the office before sending; a document a register answers for is not asked for
(services.evidence)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
from collections.abc import Collection
from dataclasses import dataclass, field
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from grizha.applications.models import Application, ApplicationType, DocumentRequirement, Question, RegistryResult
from grizha.applications.services.documents import documents_attach, missing_documents
from grizha.applications.services.evidence import evidence_from_registers, evidence_record
from grizha.applications.services.notifications import applicant_notify
from grizha.applications.services.registers import RegisterPreview, preview_results
from grizha.casework.services.requests import next_reference
from grizha.core.audit import log_action, register_actions
from grizha.core.identifiers import clean_digits, unlabelled_identifier_kind
from grizha.territory.models import Office

# The code that, with the reference, lets the person follow the application: no 0/O or 1/I to misread.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8

register_actions(
    {
        "grizha.application.submitted": _("received the application"),
    }
)


@dataclass(frozen=True)
class Submission:
    application_type: ApplicationType
    submission_key: UUID
    identifier: str
    given_name: str
    family_name: str
    answers: dict[str, str]
    consent: bool
    declaration: bool
    email: str = ""
    phone: str = ""
    language: str = "bg"
    office: Office | None = None  # None: the municipality's central office
    # The documents a register could answer for that the person chooses to send themselves (by id).
    paper: frozenset[UUID] = frozenset()
    # What the registers answered at the office before sending, shown to the person (kept if it is theirs).
    preview: RegisterPreview | None = None


@dataclass(frozen=True)
class Submitted:
    application: Application
    created: bool
    # Shown once, when the application is made; only its hash is kept.
    follow_code: str = field(default="", repr=False)


def follow_code_hash(reference: str, code: str) -> str:
    message = f"{reference}:{code.strip().upper()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def answer_errors(questions: list[Question], answers: dict[str, str]) -> dict[str, str]:
    """What is wrong with the answers, by question key, in the person's language."""
    errors: dict[str, str] = {}
    for question in questions:
        value = (answers.get(question.key) or "").strip()
        if not value:
            if question.required:
                errors[question.key] = gettext("Answer this question: %(question)s") % {"question": question.label}
            continue
        K = Question.Kind
        if question.kind == K.YES_NO and value not in ("yes", "no"):
            errors[question.key] = gettext("Choose yes or no")
        elif question.kind == K.CHOICE and value not in question.options_in_every_language:
            errors[question.key] = gettext("Choose one of the answers in the list")
        elif question.kind == K.NUMBER and not (value.isdigit() and len(value) <= 9):
            errors[question.key] = gettext("Enter a whole number, like 3")
        elif question.kind == K.DATE and date_answer(value) is None:
            errors[question.key] = gettext("Enter the date as day, month and year, like 31.03.1950")
    return errors


def date_answer(value: str) -> datetime.date | None:
    """A date as people write it (31.03.1950, 31/3/1950, 31-03-1950) or as kept (1950-03-31); None if none."""
    value = value.strip()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    value = re.sub(r"\s*г\.?$", "", value)  # "31.03.1950 г."
    parts = re.split(r"\s*[./-]\s*", value)
    if len(parts) != 3 or not all(part.isdigit() for part in parts) or len(parts[2]) != 4:
        return None
    try:
        return datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None


def answer_value(question: Question, value: str) -> str:
    """An answer as it is kept: trimmed, a date in ISO form, a number without spaces."""
    value = (value or "").strip()
    if question.kind == Question.Kind.DATE and (day := date_answer(value)) is not None:
        return day.isoformat()
    if question.kind == Question.Kind.NUMBER:
        return "".join(value.split())
    return value


def _validate(
    submission: Submission, questions: list[Question], from_registers: Collection[DocumentRequirement]
) -> None:
    errors: dict[str, str] = {}
    if not submission.application_type.is_active:
        errors["application_type"] = gettext("Applications for this service are closed")
    if unlabelled_identifier_kind(submission.identifier) is None:
        errors["identifier"] = gettext("Enter a valid EGN or LNCh: check the 10 digits")
    if not submission.given_name.strip():
        errors["given_name"] = gettext("Enter your given name")
    if not submission.family_name.strip():
        errors["family_name"] = gettext("Enter your family name")
    if not submission.consent:
        errors["consent"] = gettext("Agree that the registers are asked, or apply at an office with the papers")
    if not submission.declaration:
        errors["declaration"] = gettext("Confirm the declaration to send the application")
    errors |= answer_errors(questions, submission.answers)
    missing = missing_documents(
        application_type=submission.application_type,
        draft_key=submission.submission_key,
        from_registers=from_registers,
    )
    if missing:
        errors["documents"] = gettext("Upload these documents before you send the application: %(documents)s") % {
            "documents": ", ".join(requirement.name for requirement in missing)
        }
    if errors:
        raise ValidationError(errors)


def _office(submission: Submission) -> Office:
    if submission.office is not None:
        return submission.office
    municipality = submission.application_type.service.municipality_id
    return Office.objects.get(municipality_id=municipality, kind=Office.Kind.CENTRAL)


@transaction.atomic
def application_submit(*, submission: Submission, by: User | None = None) -> Submitted:
    """Keep an application (sent by the person, or by `by` on their behalf) and have its registers asked;
    the same submission key sent again gives back the first application."""
    earlier = Application.objects.filter(submission_key=submission.submission_key).first()
    if earlier is not None:
        return Submitted(application=earlier, created=False)
    application_type = submission.application_type
    questions = list(application_type.questions.all())
    from_registers = evidence_from_registers(
        application_type=application_type, consent=submission.consent, paper=submission.paper
    )
    _validate(submission, questions, from_registers)
    checks = list(application_type.registry_checks.all())
    preview = submission.preview if submission.preview and submission.preview.holds_for(submission.identifier) else None
    now = timezone.now()
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    keys = {q.key for q in questions}
    application = Application(
        application_type=application_type,
        submission_key=submission.submission_key,
        office=_office(submission),
        submitted_by=by,
        identifier=clean_digits(submission.identifier),
        given_name=submission.given_name.strip(),
        family_name=submission.family_name.strip(),
        email=submission.email.strip(),
        phone=submission.phone.strip(),
        language=submission.language,
        answers={key: value.strip() for key, value in submission.answers.items() if key in keys},
        evidence=evidence_record(application_type=application_type, from_registers=from_registers),
        consent_given_at=now,
        declared_at=now,
    )
    results = preview_results(application=application, checks=checks, preview=preview)
    waiting = any(result.status == RegistryResult.Status.PENDING for result in results)
    if checks:
        application.registers = Application.Registers.PENDING if waiting else Application.Registers.DONE
    application.reference = next_reference()
    application.follow_code_hash = follow_code_hash(application.reference, code)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same key from another tab, at the same moment
        return Submitted(application=Application.objects.get(submission_key=submission.submission_key), created=False)
    RegistryResult.objects.bulk_create(results)
    documents = documents_attach(draft_key=submission.submission_key, application=application)
    log_action(
        "grizha.application.submitted",
        actor=by,
        obj=application,
        office=application.office_id,
        data={
            "type": str(application_type.pk),
            "on_behalf": by is not None,
            "documents": documents,
            "from_registers": sorted(r.register_check for r in from_registers),
            "asked_before_sending": sorted(r.check_name for r in results if r.checked_at is not None),
        },
    )
    transaction.on_commit(lambda: applicant_notify(application=application, event="submitted", follow_code=code))
    if waiting:
        from grizha.applications.tasks import check_registers

        transaction.on_commit(lambda: check_registers.enqueue(str(application.pk)))
    return Submitted(application=application, created=True, follow_code=code)
