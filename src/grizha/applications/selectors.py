"""Reads of applications for staff: the queue of the offices a member sees, one application with all
that its page shows, a document of it, and the forms open for applying on a person's behalf (with what
the registers answered before sending). Each reads a fixed number of queries, however many rows there
are. Then the citizen's pages: the draft's documents and answers, and the status page, which says how
each register answered, never what it holds."""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grizha.accounts.selectors import StaffScope
from grizha.applications.comparison import Row, answer_in_words, answer_text, compare
from grizha.applications.lifecycle import OPEN
from grizha.applications.models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationType,
    DocumentRequirement,
    Question,
    RegistryCheck,
    RegistryResult,
)
from grizha.applications.services import REGISTER, RegisterPreview, follow_code_hash, register_backed
from grizha.registers.labels import register_name
from grizha.registers.models import RegisterCall
from grizha.territory.models import Office

if TYPE_CHECKING:
    from grizha.applications.draft import Draft

PER_PAGE = 50
# Filters of the queue by status: the open ones (the default), every status, or one status.
OPEN_STATUSES = "open"
EVERY_STATUS = "all"
# Still waiting for a register: being asked, or asked again after it did not answer.
WAITING_REGISTERS = (Application.Registers.PENDING, Application.Registers.WAITING)


def visible_applications(scope: StaffScope) -> QuerySet[Application]:
    """Every application the member may read: those made to the offices they see."""
    return Application.objects.filter(office_id__in=scope.office_ids)


def application_queue(
    scope: StaffScope, *, status: str = OPEN_STATUSES, waiting: bool = False, page: str | int | None = 1
) -> Page:
    """One page of the offices' applications with their form, office and who considers them (two
    queries: the count and the page). Open ones oldest first, since they wait longest; decided ones
    newest first."""
    applications = visible_applications(scope).select_related("application_type", "office", "assigned_to")
    if status == OPEN_STATUSES:
        applications = applications.filter(status__in=OPEN)
    elif status != EVERY_STATUS:
        applications = applications.filter(status=status)
    if waiting:
        applications = applications.filter(registers__in=WAITING_REGISTERS)
    oldest_first = status == OPEN_STATUSES or status in OPEN
    ordering = ("created_at", "id") if oldest_first else ("-created_at", "-id")
    return Paginator(applications.order_by(*ordering), PER_PAGE).get_page(page)


def visible_application(scope: StaffScope, application_id: UUID) -> Application | None:
    """The application if the member may read it, else None (an unknown id and another office's look
    alike), with its form, office and people."""
    return (
        visible_applications(scope)
        .select_related("application_type__service", "office", "assigned_to", "submitted_by")
        .filter(id=application_id)
        .first()
    )


@dataclass(frozen=True)
class Evidence:
    """One document the form asks for, and what stands for it in an application."""

    name: str
    # The register whose answer stands for the document ("" when the person's document does).
    register: str
    # The register that could have stood for it, when the person chose to send the document instead.
    instead_of: str
    # The person sent it after the application, saying the register was wrong or they prefer the paper.
    sent_later: bool
    documents: list[ApplicationDocument]


@dataclass(frozen=True)
class ApplicationDetail:
    """An application with everything its page shows."""

    application: Application
    answers: list[tuple[Question, str]]
    documents: list[ApplicationDocument]
    # Each with the register's name in words.
    results: list[tuple[RegistryResult, str]]
    calls: list[tuple[RegisterCall, str]]
    events: list[ApplicationEvent]
    comparison: list[Row]
    evidence: list[Evidence]


def register_calls(application: Application) -> QuerySet[RegisterCall]:
    """Every call to a register for the application: under its reference, and those made at the office
    before it was sent, under its submission key."""
    keys = [application.reference, str(application.submission_key)]
    return RegisterCall.objects.filter(service_uri__in=keys).order_by("created_at")


def _evidence(application: Application, documents: list[ApplicationDocument]) -> list[Evidence]:
    """What stood for each document the form asked for (the requirement's name of the moment, or the
    one kept with the application when the requirement is gone)."""
    names = {str(r.pk): r.name for r in application.application_type.documents.all()}
    rows = []
    for key, entry in application.evidence.items():
        check = entry.get("check") or ""
        from_register = entry.get("source") == REGISTER
        rows.append(
            Evidence(
                name=names.get(key) or entry.get("name", ""),
                register=register_name(check) if from_register and check else "",
                instead_of=register_name(check) if check and not from_register else "",
                sent_later=bool(entry.get("instead")),
                documents=[d for d in documents if str(d.requirement_id) == key],
            )
        )
    return rows


def application_detail(scope: StaffScope, application_id: UUID) -> ApplicationDetail | None:
    """The application and what its page shows, if the member may read it, else None."""
    application = (
        visible_applications(scope)
        .select_related("application_type__service", "office", "assigned_to", "submitted_by")
        .prefetch_related(
            Prefetch("application_type__questions", queryset=Question.objects.order_by("position", "key")),
            Prefetch("documents", queryset=ApplicationDocument.objects.select_related("requirement")),
            Prefetch("events", queryset=ApplicationEvent.objects.select_related("actor").order_by("created_at")),
            "registry_results",
            "application_type__documents",
        )
        .filter(id=application_id)
        .first()
    )
    if application is None:
        return None
    questions = list(application.application_type.questions.all())
    documents = list(application.documents.all())
    return ApplicationDetail(
        application=application,
        answers=[(q, answer_text(q, application.answers.get(q.key, ""))) for q in questions],
        documents=documents,
        results=[(r, register_name(r.check_name)) for r in application.registry_results.all()],
        calls=[(c, register_name(c.check_name)) for c in register_calls(application).select_related("employee")],
        events=list(application.events.all()),
        comparison=compare(application),
        evidence=_evidence(application, documents),
    )


def visible_document(scope: StaffScope, application_id: UUID, document_id: UUID) -> ApplicationDocument | None:
    """A document sent with an application the member may read, else None."""
    return (
        ApplicationDocument.objects.filter(
            id=document_id, application_id=application_id, application__office_id__in=scope.office_ids
        )
        .select_related("application")
        .first()
    )


def open_application_types(municipalities: Iterable[str] | None = None) -> QuerySet[ApplicationType]:
    """The forms open for applications (of these municipalities' services, when given)."""
    found = ApplicationType.objects.filter(is_active=True).select_related("service").order_by("title")
    return found if municipalities is None else found.filter(service__municipality_id__in=list(municipalities))


def _uuid(value: UUID | str) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


def open_application_type(type_id: UUID | str) -> ApplicationType | None:
    """One open form with its questions, else None (an id that is not a UUID included)."""
    key = _uuid(type_id)
    if key is None:
        return None
    questions = Prefetch("questions", queryset=Question.objects.order_by("position", "key"))
    return open_application_types().prefetch_related(questions).filter(id=key).first()


def home_office(scope: StaffScope) -> Office | None:
    """The office where a member of staff meets people, for an application they make on a person's
    behalf: a mayoralty or service point of theirs before the central office."""
    offices = Office.objects.filter(id__in=scope.home_office_ids)
    return min(offices, key=lambda o: (o.kind == Office.Kind.CENTRAL, o.name), default=None)


# The citizen's pages


@dataclass(frozen=True)
class Consulted:
    name: str
    purpose: str
    law_reason: str


def checks_of(application_type: ApplicationType) -> list[Consulted]:
    """The registers a form asks instead of certificates: which, what for, and the law that allows it."""
    checks: list[RegistryCheck] = list(application_type.registry_checks.all())
    return [Consulted(register_name(c.check_name), c.purpose, c.law_reason) for c in checks]


def answer_rows(draft: Draft) -> list[dict[str, Any]]:
    """The rows of "check your answers": a label, the answer's lines, where to change it."""
    pk = draft.application_type.pk
    identity = draft.identity
    details = reverse("applications:identity", args=[pk]) + "?from=check"
    rows: list[dict[str, Any]] = [
        {"label": _("EGN or LNCh"), "lines": [identity.get("identifier", "")], "url": f"{details}#id_identifier"},
        {
            "label": _("Name"),
            "lines": [f"{identity.get('given_name', '')} {identity.get('family_name', '')}"],
            "url": f"{details}#id_given_name",
        },
        {
            "label": _("How we contact you"),
            "lines": [line for line in (identity.get("email"), identity.get("phone")) if line]
            or [_("Only by letter or at the office")],
            "url": f"{details}#id_email",
        },
    ]
    for question in draft.questions:
        url = draft.question_url(question) + "?from=check"
        text = answer_text(question, draft.answers.get(question.key, ""))
        rows.append({"label": question.label, "lines": str(text).splitlines(), "url": url})
    if draft.application_type.documents.exists():
        uploads = ApplicationDocument.objects.filter(draft_key=draft.key, application=None).order_by("created_at")
        names = [document.original_name for document in uploads]
        names += [
            _("%(document)s: we ask the register (%(register)s)")
            % {"document": requirement.name, "register": register_name(requirement.register_check)}
            for requirement in draft.from_registers()
        ]
        rows.append(
            {
                "label": _("Documents"),
                "lines": names or [str(_("None"))],
                "url": reverse("applications:documents", args=[pk]),
            }
        )
    return rows


@dataclass(frozen=True)
class RequirementUploads:
    requirement: DocumentRequirement
    documents: list[ApplicationDocument]
    # The register asked instead of the document ("" when the person sends it), and what for.
    register: str = ""
    purpose: str = ""
    # The register that could be asked instead: the person chose to send the document, or has not (yet)
    # agreed to the register checks.
    could_ask: str = ""


def requirements_with_uploads(draft: Draft) -> list[RequirementUploads]:
    """The form's documents, each with the files uploaded for it and whether a register answers for it."""
    application_type = draft.application_type
    uploads = list(ApplicationDocument.objects.filter(draft_key=draft.key, application=None).order_by("created_at"))
    purposes = {check.check_name: check.purpose for check in application_type.registry_checks.all()}
    backed = {requirement.pk for requirement in register_backed(application_type)}
    answered = {requirement.pk for requirement in draft.from_registers()}
    items = []
    for requirement in application_type.documents.all():
        name = register_name(requirement.register_check) if requirement.pk in backed else ""
        asked = requirement.pk in answered
        items.append(
            RequirementUploads(
                requirement,
                [d for d in uploads if d.requirement_id == requirement.pk],
                register=name if asked else "",
                purpose=purposes.get(requirement.register_check, "") if asked else "",
                could_ask="" if asked else name,
            )
        )
    return items


# At the office, before sending


@dataclass(frozen=True)
class PreviewedDocument:
    """A document of the form on the staff's page: the register that can answer for it and what it
    answered when asked before sending, and the files uploaded for it."""

    requirement: DocumentRequirement
    register: str
    purpose: str
    answer: str
    documents: list[ApplicationDocument]


def previewed_documents(
    application_type: ApplicationType, draft_key: UUID, preview: RegisterPreview | None
) -> list[PreviewedDocument]:
    uploads = list(ApplicationDocument.objects.filter(draft_key=draft_key, application=None).order_by("created_at"))
    purposes = {check.check_name: check.purpose for check in application_type.registry_checks.all()}
    backed = {requirement.pk for requirement in register_backed(application_type)}
    items = []
    for requirement in application_type.documents.all():
        check = requirement.register_check if requirement.pk in backed else ""
        answer = preview.answers.get(check) if preview is not None and check else None
        items.append(
            PreviewedDocument(
                requirement=requirement,
                register=register_name(check) if check else "",
                purpose=purposes.get(check, ""),
                answer=answer_in_words(check, answer.status, answer.data) if answer is not None else "",
                documents=[d for d in uploads if d.requirement_id == requirement.pk],
            )
        )
    return items


def preview_answers(application_type: ApplicationType, preview: RegisterPreview | None) -> list[dict[str, str]]:
    """Every register of the form and what it answered before sending, in words, for the person to read."""
    if preview is None:
        return []
    rows = []
    for check in application_type.registry_checks.all():
        answer = preview.answers.get(check.check_name)
        if answer is not None:
            words = answer_in_words(check.check_name, answer.status, answer.data)
            rows.append({"name": register_name(check.check_name), "purpose": check.purpose, "answer": words})
    return rows


def application_by_submission_key(key: str) -> Application | None:
    """The application a form's submission key made, if any (a key that is not a UUID makes none)."""
    found = _uuid(key) if key else None
    return Application.objects.filter(submission_key=found).first() if found else None


def sent_application(application_id: str | None) -> Application | None:
    if not application_id:
        return None
    return Application.objects.filter(pk=application_id).select_related("application_type", "office").first()


def followed_application(reference: str, code: str) -> Application | None:
    """The application with this reference, if the code is its own; one answer for both mistakes."""
    application = Application.objects.filter(reference=reference).first()
    expected = application.follow_code_hash if application else follow_code_hash(reference, "")
    genuine = hmac.compare_digest(expected, follow_code_hash(reference, code))
    return application if application is not None and genuine else None


def followed_by_session(reference: str, following: list[str]) -> Application | None:
    """The application with this reference, if this session opened it with its code (or sent it)."""
    return (
        Application.objects.filter(reference=reference, pk__in=[pk for pk in following if _uuid(pk) is not None])
        .select_related("application_type__service", "office")
        .first()
    )


# The steps a person is told of, and whether the message that came with it is theirs to read.
APPLICANT_STEPS = {
    ApplicationEvent.Kind.SUBMITTED: False,
    ApplicationEvent.Kind.TAKEN: False,
    ApplicationEvent.Kind.INFORMATION_REQUESTED: True,
    ApplicationEvent.Kind.INFORMATION_GIVEN: True,
    ApplicationEvent.Kind.APPROVED: True,
    ApplicationEvent.Kind.REFUSED: True,
    ApplicationEvent.Kind.REFERRED: True,
    ApplicationEvent.Kind.WITHDRAWN: False,
}


def steps_for_applicant(application: Application) -> list[dict[str, Any]]:
    steps = [{"at": application.created_at, "label": ApplicationEvent.Kind.SUBMITTED.label, "message": ""}]
    for event in application.events.exclude(kind=ApplicationEvent.Kind.SUBMITTED).order_by("created_at"):
        shown = APPLICANT_STEPS.get(ApplicationEvent.Kind(event.kind), False)
        message = event.message if shown else ""
        if event.referred_to and shown:
            message = f"{event.referred_to}: {message}" if message else event.referred_to
        steps.append({"at": event.created_at, "label": event.get_kind_display(), "message": message})
    return steps


# How a register answered, in the person's words: whether it answered, never what it holds.
OUTCOMES = {
    RegistryResult.Status.OK: _("found: the register answered"),
    RegistryResult.Status.NOT_FOUND: _("not found: the register holds nothing on you"),
    RegistryResult.Status.PENDING: _("waiting: not asked yet"),
    RegistryResult.Status.ERROR: _("could not be reached: we ask it again"),
}


def registers_consulted(application: Application) -> list[dict[str, Any]]:
    """Each register of the application: which, when it was last asked, on what legal basis, and how it
    answered in words (what it answered is for the office)."""
    return [
        {
            "name": register_name(result.check_name),
            "at": result.checked_at,
            "law_reason": result.law_reason,
            "outcome": OUTCOMES[RegistryResult.Status(result.status)],
        }
        for result in application.registry_results.order_by("check_name")
    ]


def documents_from_registers(application: Application) -> list[dict[str, str]]:
    """The documents a register's answer stands for, which the person may still send themselves before
    the office decides."""
    if application.status not in OPEN:
        return []
    names = {str(r.pk): r.name for r in application.application_type.documents.all()}
    return [
        {"id": key, "name": names.get(key) or entry.get("name", ""), "register": register_name(entry.get("check", ""))}
        for key, entry in application.evidence.items()
        if entry.get("source") == REGISTER
    ]
