"""The citizen's pages: the open application forms, a form's start page, its task list, "your details",
one question a page, the documents (those a register answers for are not asked, unless the person would
rather send them), check your answers with the declaration, the confirmation with the reference and the
code, and the status page that reference and code open (with the answer to a request for information,
how each register answered, and a document sent instead of a register's answer)."""

from __future__ import annotations

import contextlib
import uuid
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from grizha.applications import selectors
from grizha.applications.draft import Draft
from grizha.applications.forms import (
    AnswerForm,
    DeclarationForm,
    DocumentForm,
    DocumentInsteadForm,
    IdentityForm,
    InformationForm,
    StatusForm,
)
from grizha.applications.models import Application, ApplicationType
from grizha.applications.services import (
    Submission,
    application_document_instead,
    application_information_give,
    application_submit,
    document_remove,
    document_upload,
    documents_attach,
    register_backed,
)
from grizha.core.forms import add_service_errors, error_links
from grizha.core.ratelimit import within_rate_limit
from grizha.core.views import form_refused
from grizha.territory.sites import home_municipality

SENT = "applications.sent"
FOLLOWING = "applications.following"
# Sending is rare (a family may send a few); following an application is tried a little more often, and
# more than this from one address in an hour is someone guessing codes.
SENDS_PER_HOUR = 10
STATUS_TRIES_PER_HOUR = 10
BUSY = _(
    "We have had many attempts from your internet connection in the last hour. "
    "Your answers are kept: try again later, or call an office"
)
NOT_FOUND = _(
    "We found no application with this reference number and code. Check both against your confirmation, "
    "or call the office that has your application"
)


def _form(type_id: UUID) -> ApplicationType:
    found = selectors.open_application_type(type_id)
    if found is None:
        raise Http404
    return found


def application_index(request: HttpRequest) -> HttpResponse:
    types = selectors.open_application_types([home_municipality()])
    return render(request, "applications/index.html", {"types": types})


@require_http_methods(["GET", "HEAD", "POST"])
def application_start(request: HttpRequest, type_id: UUID) -> HttpResponse:
    draft = Draft(request.session, _form(type_id))
    if request.method == "POST":
        draft.save()
        return redirect(draft.tasks_url())
    context = {
        "form_type": draft.application_type,
        "draft": draft,
        "checks": selectors.checks_of(draft.application_type),
        "from_registers": register_backed(draft.application_type),
    }
    return render(request, "applications/start.html", context)


def _draft(request: HttpRequest, type_id: UUID) -> Draft | None:
    draft = Draft(request.session, _form(type_id))
    return draft if draft.exists else None


def application_tasks(request: HttpRequest, type_id: UUID) -> HttpResponse:
    draft = _draft(request, type_id)
    if draft is None:
        return redirect("applications:start", type_id=type_id)
    return render(request, "applications/tasks.html", {"draft": draft, "tasks": draft.tasks()})


@require_http_methods(["GET", "HEAD", "POST"])
def application_identity(request: HttpRequest, type_id: UUID) -> HttpResponse:
    draft = _draft(request, type_id)
    if draft is None:
        return redirect("applications:start", type_id=type_id)
    if request.method == "POST":
        form = IdentityForm(request.POST, proven=draft.identity_done())
        if form.trapped:
            return form_refused(request)
        if form.is_valid():
            draft.identity = form.identity()
            draft.save()
            return redirect(_next(request, draft, draft.after(None)))
    else:
        form = IdentityForm(initial=draft.identity, proven=draft.identity_done())
    context = {"draft": draft, "form": form, "errors": error_links(form), "back_url": draft.tasks_url()}
    return render(request, "applications/identity.html", context)


def _next(request: HttpRequest, draft: Draft, url: str) -> str:
    """Back to "check your answers" for a person who came from there to change one answer."""
    return (
        reverse("applications:check", args=[draft.application_type.pk]) if request.GET.get("from") == "check" else url
    )


@require_http_methods(["GET", "HEAD", "POST"])
def application_question(request: HttpRequest, type_id: UUID, key: str) -> HttpResponse:
    draft = _draft(request, type_id)
    question = draft.question(key) if draft else None
    if draft is None or question is None:
        return redirect("applications:start", type_id=type_id)
    if request.method == "POST":
        form = AnswerForm(request.POST, question=question)
        if form.is_valid():
            draft.answers[question.key] = form.cleaned_data["answer"]
            draft.save()
            return redirect(_next(request, draft, draft.after(question)))
    else:
        form = AnswerForm(initial={"answer": draft.answers.get(key, "")}, question=question)
    context = {"draft": draft, "question": question, "form": form, "errors": error_links(form)}
    return render(request, "applications/question.html", {**context, "back_url": draft.tasks_url()})


@require_http_methods(["GET", "HEAD", "POST"])
def application_documents(request: HttpRequest, type_id: UUID) -> HttpResponse:
    draft = _draft(request, type_id)
    if draft is None:
        return redirect("applications:start", type_id=type_id)
    form = DocumentForm()
    status = 200
    if request.method == "POST" and "remove" in request.POST:
        # One already gone is no error: the list shows what is kept.
        with contextlib.suppress(ValueError, ValidationError):
            document_remove(draft_key=draft.key, document_id=UUID(request.POST["remove"]))
        return redirect("applications:documents", type_id=type_id)
    if request.method == "POST" and ("send_myself" in request.POST or "use_register" in request.POST):
        _choose_source(request, draft)
        return redirect("applications:documents", type_id=type_id)
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            requirement = draft.application_type.documents.filter(pk=form.cleaned_data["requirement"]).first()
            try:
                document_upload(draft_key=draft.key, requirement=requirement, upload=form.cleaned_data["upload"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("applications:documents", type_id=type_id)
        status = 400
    requirements = selectors.requirements_with_uploads(draft)
    context = {
        "draft": draft,
        "form": form,
        "errors": _upload_errors(form, requirements),
        "requirements": requirements,
        "back_url": draft.tasks_url(),
        "max_size": settings.GRIZHA_UPLOAD_MAX_BYTES,
    }
    return render(request, "applications/documents.html", context, status=status)


def _choose_source(request: HttpRequest, draft: Draft) -> None:
    """The person sends a document a register answers for themselves, or lets the register answer again.
    Anything but such a document of this form changes nothing."""
    wanted = request.POST.get("send_myself") or request.POST.get("use_register") or ""
    requirement = next((r for r in register_backed(draft.application_type) if str(r.pk) == wanted), None)
    if requirement is not None:
        draft.send_myself(requirement, yes="send_myself" in request.POST)
        draft.save()


def _upload_errors(form: DocumentForm, requirements: list[selectors.RequirementUploads]) -> list[dict[str, str]]:
    """The error summary of the documents page: each message points at the file box of its document."""
    sent_for = str(form["requirement"].value() or "")
    position = next((n for n, item in enumerate(requirements, 1) if str(item.requirement.pk) == sent_for), 1)
    messages = [str(message) for errors in form.errors.values() for message in errors]
    return [{"href": f"#upload-{position}", "message": message} for message in messages]


@require_http_methods(["GET", "HEAD", "POST"])
def application_check(request: HttpRequest, type_id: UUID) -> HttpResponse:
    draft = _draft(request, type_id)
    if draft is None:
        return _sent_already(request, type_id)
    if not draft.complete():
        return redirect(draft.tasks_url())
    form = DeclarationForm(initial={"submission_key": draft.key})
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        form = DeclarationForm(request.POST)
        if not form.is_valid():
            errors = error_links(form)
        elif not within_rate_limit(request, scope="application-send", limit=SENDS_PER_HOUR):
            errors = [{"href": "#send", "message": str(BUSY)}]
        else:
            return _send(request, draft)
    context = {
        "draft": draft,
        "form": form,
        "errors": errors,
        "rows": selectors.answer_rows(draft),
        "checks": selectors.checks_of(draft.application_type),
    }
    return render(request, "applications/check.html", context, status=429 if errors and form.is_valid() else 200)


def _send(request: HttpRequest, draft: Draft) -> HttpResponse:
    identity = draft.identity
    submission = Submission(
        application_type=draft.application_type,
        submission_key=draft.key,
        identifier=identity["identifier"],
        given_name=identity["given_name"],
        family_name=identity["family_name"],
        email=identity.get("email") or "",
        phone=identity.get("phone") or "",
        answers=draft.answers,
        consent=draft.consented(),
        declaration=True,
        language=get_language() or "bg",
        paper=frozenset(UUID(key) for key in draft.paper),
    )
    try:
        sent = application_submit(submission=submission)
    except ValidationError:
        return redirect(draft.tasks_url())  # the task list shows what is not complete
    draft.forget()
    if sent.created:
        request.session[SENT] = {"id": str(sent.application.pk), "code": sent.follow_code}
    return redirect("applications:sent")


def _sent_already(request: HttpRequest, type_id: UUID) -> HttpResponse:
    """A second click on "send" (or a second tab): the application sent by the first."""
    key = request.POST.get("submission_key", "")
    sent = request.session.get(SENT) or {}
    application = selectors.application_by_submission_key(key)
    if application is not None and sent.get("id") == str(application.pk):
        return redirect("applications:sent")
    return redirect("applications:start", type_id=type_id)


def application_sent(request: HttpRequest) -> HttpResponse:
    sent = request.session.get(SENT) or {}
    application = selectors.sent_application(sent.get("id"))
    if application is None:
        return redirect("applications:index")
    _follow(request, application)
    return render(request, "applications/sent.html", {"application": application, "code": sent.get("code", "")})


def _follow(request: HttpRequest, application: Application) -> None:
    """Let this session see the application's status page without the code again."""
    following = list(request.session.get(FOLLOWING) or [])
    if str(application.pk) not in following:
        request.session[FOLLOWING] = [*following[-9:], str(application.pk)]


@require_http_methods(["GET", "HEAD", "POST"])
def application_status_find(request: HttpRequest) -> HttpResponse:
    form = StatusForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        if not within_rate_limit(request, scope="application-status", limit=STATUS_TRIES_PER_HOUR):
            form.add_error(None, ValidationError(BUSY))
            status = 429
        else:
            application = selectors.followed_application(form.cleaned_data["reference"], form.cleaned_data["code"])
            if application is not None:
                _follow(request, application)
                return redirect("applications:status", reference=application.reference)
            form.add_error(None, ValidationError(NOT_FOUND))
            status = 400
    elif form.is_bound:
        status = 400
    context = {"form": form, "errors": error_links(form)}
    return render(request, "applications/status_find.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def application_status(request: HttpRequest, reference: str) -> HttpResponse:
    application = selectors.followed_by_session(reference, request.session.get(FOLLOWING) or [])
    if application is None:
        return redirect("applications:status-find")
    form, instead = InformationForm(), DocumentInsteadForm()
    status = 200
    if request.method == "POST" and "requirement" in request.POST:
        instead = DocumentInsteadForm(request.POST, request.FILES)
        if instead.is_valid() and _document_instead(application, instead):
            return redirect("applications:status", reference=reference)
        status = 400
    elif request.method == "POST" and application.status == Application.Status.NEEDS_INFORMATION:
        form = InformationForm(request.POST, request.FILES)
        if form.is_valid() and _give_information(application, form):
            return redirect("applications:status", reference=reference)
        status = 400
    return render(request, "applications/status.html", _status_context(application, form, instead), status=status)


def _status_context(application: Application, form: InformationForm, instead: DocumentInsteadForm) -> dict[str, Any]:
    return {
        "application": application,
        "form": form,
        "instead": instead,
        "instead_for": str(instead["requirement"].value() or ""),
        "errors": error_links(form) + _instead_errors(instead),
        "steps": selectors.steps_for_applicant(application),
        "consulted": selectors.registers_consulted(application),
        "from_registers": selectors.documents_from_registers(application),
        "max_size": settings.GRIZHA_UPLOAD_MAX_BYTES,
    }


def _instead_errors(form: DocumentInsteadForm) -> list[dict[str, str]]:
    """The error summary's links for a document sent instead of a register's answer: to its file box."""
    key = str(form["requirement"].value() or "")
    return [{"href": f"#instead-{key}", "message": str(m)} for errors in form.errors.values() for m in errors]


def _give_information(application: Application, form: InformationForm) -> bool:
    """The person's answer, with a document when they sent one, kept together or not at all; False (the
    reasons on the form) when refused."""
    upload = form.cleaned_data.get("upload")
    try:
        with transaction.atomic():
            application_information_give(application=application, message=form.cleaned_data["message"])
            if upload:
                key = uuid.uuid4()
                document_upload(draft_key=key, requirement=None, upload=upload)
                documents_attach(draft_key=key, application=application)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


def _document_instead(application: Application, form: DocumentInsteadForm) -> bool:
    """A document sent instead of a register's answer; False (the reasons on the form) when refused."""
    data = form.cleaned_data
    try:
        application_document_instead(
            application=application, requirement_id=data["requirement"], upload=data["upload"], message=data["message"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True
