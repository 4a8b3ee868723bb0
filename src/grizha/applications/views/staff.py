"""Staff pages of applications: the offices' queue, one application (its reading recorded) with the
declared facts beside the registers' and a form for each step the member may take, its documents, and
an application made on a person's behalf at the office, where the registers may be asked before sending
and the person chooses, for each document a register answers for, the register's answer or the paper."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grizha.accounts.decorators import View, staff_required, staff_user
from grizha.accounts.roles import Capability
from grizha.accounts.selectors import StaffScope, request_scope
from grizha.applications import selectors
from grizha.applications.forms import OnBehalfForm
from grizha.applications.lifecycle import OPEN, STEPS, Step, steps_from
from grizha.applications.models import Application
from grizha.applications.services import RegisterPreview, application_submit, document_upload, registry_preview
from grizha.applications.services import review as services
from grizha.core.forms import add_service_errors, error_links, form_query
from grizha.territory.models import Office

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CHOOSE = gettext_lazy("Select one of the options on the list")
# The registers' answers asked before sending, by submission key, until the application is sent.
PREVIEWS = "applications.previews"
# What a download may be served as; anything else is sent as plain bytes, never as a page.
SAFE_CONTENT_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


def _reader(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Let in a member of staff who may see applications: front office (casework) or deciders."""

    @functools.wraps(view)
    def gate(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        scope = request_scope(request)
        if not (scope.can(Capability.CASEWORK) or scope.can(Capability.DECIDE_APPLICATIONS)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    # staff_required is typed for pages; a download (a streaming response) passes its gate the same way.
    return staff_required()(cast(View, gate))


# --- the queue ----------------------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            (selectors.OPEN_STATUSES, gettext_lazy("Open: not decided yet")),
            *Application.Status.choices,
            (selectors.EVERY_STATUS, gettext_lazy("Every status")),
        ],
        error_messages={"invalid_choice": CHOOSE},
    )
    waiting = forms.BooleanField(label=gettext_lazy("Only those still waiting for a register"), required=False)

    def filters(self) -> dict[str, Any]:
        """The filters asked for; the defaults (open applications) when the answer is not valid."""
        if not self.is_valid():
            return {}
        return {
            "status": self.cleaned_data["status"] or selectors.OPEN_STATUSES,
            "waiting": self.cleaned_data["waiting"],
        }


@_reader
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET)
    page = selectors.application_queue(request_scope(request), **form.filters(), page=request.GET.get("page"))
    context = {"form": form, "errors": error_links(form), "page": page, "query": form_query(form)}
    context |= {"open_statuses": list(OPEN), "staff_section": "applications"}
    return render(request, "applications/staff/list.html", context)


# --- one application and its steps --------------------------------------------------------------------


@dataclass(frozen=True)
class StepText:
    heading: StrOrPromise
    button: StrOrPromise
    hint: StrOrPromise = ""
    message: StrOrPromise = ""
    message_hint: StrOrPromise = ""


STEP_TEXTS: dict[str, StepText] = {
    "take": StepText(
        gettext_lazy("Take it up"),
        gettext_lazy("Take up this application"),
        gettext_lazy("You are named as the one who considers it."),
    ),
    "ask": StepText(
        gettext_lazy("Ask the person for information"),
        gettext_lazy("Send the request"),
        gettext_lazy("The person is told by e-mail or text message and answers online or at the office."),
        gettext_lazy("What is missing"),
        gettext_lazy("The person reads this: say plainly what to send or tell you."),
    ),
    "approve": StepText(
        gettext_lazy("Approve"),
        gettext_lazy("Approve the application"),
        gettext_lazy("The person is told of the decision."),
        gettext_lazy("Note (optional)"),
    ),
    "refuse": StepText(
        gettext_lazy("Refuse"),
        gettext_lazy("Refuse the application"),
        gettext_lazy("The person is told of the decision and its reason."),
        gettext_lazy("Reason for the refusal"),
        gettext_lazy("Name the condition that is not met. The person reads this."),
    ),
    "refer": StepText(
        gettext_lazy("Refer elsewhere"),
        gettext_lazy("Refer the application"),
        gettext_lazy("When another body should help the person. The person is told where to go."),
        gettext_lazy("Why it is referred"),
    ),
}


class StepForm(forms.Form):
    """One step of the lifecycle; its fields carry the step as prefix, since an application's page has
    one form per step the member may take. What a step needs is checked by the service, which says it
    beside the field."""

    def __init__(self, *args: Any, step: Step, **kwargs: Any) -> None:
        kwargs["prefix"] = step.action
        super().__init__(*args, **kwargs)
        self.step = step
        self.text = STEP_TEXTS[step.action]
        if self.text.message:
            self.fields["message"] = forms.CharField(label=self.text.message, required=False, widget=forms.Textarea)
        if step.needs_referred_to:
            self.fields["referred_to"] = forms.CharField(label=gettext_lazy("Referred to"), required=False)


def _detail_context(
    request: HttpRequest, detail: selectors.ApplicationDetail, posted: StepForm | None
) -> dict[str, Any]:
    scope = request_scope(request)
    steps = steps_from(detail.application.status) if _may_decide(scope) else []
    forms_ = [posted if posted is not None and posted.step == step else StepForm(step=step) for step in steps]
    return {
        "detail": detail,
        "application": detail.application,
        "step_forms": forms_,
        "errors": error_links(posted, whole="steps") if posted is not None else [],
        # A step refused because the application moved on (someone else decided): its form is gone.
        "refused": posted.non_field_errors() if posted is not None and posted not in forms_ else [],
        "waiting": detail.application.registers in selectors.WAITING_REGISTERS,
        "is_open": detail.application.status in OPEN,
        "referred_to_hint": _("For example the Social Assistance Directorate, the Employment Agency, or a provider"),
        "staff_section": "applications",
    }


def _may_decide(scope: StaffScope) -> bool:
    return scope.can(Capability.DECIDE_APPLICATIONS)


def _detail(request: HttpRequest, application_id: UUID) -> selectors.ApplicationDetail:
    detail = selectors.application_detail(request_scope(request), application_id)
    if detail is None:
        raise Http404
    return detail


@_reader
@require_GET
def application_view(request: HttpRequest, application_id: UUID) -> HttpResponse:
    detail = _detail(request, application_id)
    services.application_viewed(application=detail.application, by=staff_user(request))
    return render(request, "applications/staff/detail.html", _detail_context(request, detail, None))


@staff_required(Capability.DECIDE_APPLICATIONS)
@require_POST
def application_step(request: HttpRequest, application_id: UUID, action: str) -> HttpResponse:
    step = STEPS.get(action)
    if step is None or step.by_applicant:
        raise Http404
    detail = _detail(request, application_id)
    form = StepForm(request.POST, step=step)
    if form.is_valid() and _take_step(request, detail.application, form):
        return redirect("staff-application", application_id=application_id)
    return render(
        request, "applications/staff/detail.html", _detail_context(request, _detail(request, application_id), form)
    )


def _take_step(request: HttpRequest, application: Application, form: StepForm) -> bool:
    """Take the step of the posted form and say so; False (the form tells why) when it is refused."""
    data = form.cleaned_data
    try:
        application = services.application_transition(
            application=application,
            action=form.step.action,
            by=staff_user(request),
            message=data.get("message", ""),
            referred_to=data.get("referred_to", ""),
        )
    except ValidationError as refused:
        add_service_errors(form, refused)
        return False
    messages.success(
        request, _("Saved: the application is now “%(status)s”.") % {"status": application.get_status_display()}
    )
    return True


@_reader
@require_GET
def application_document(request: HttpRequest, application_id: UUID, document_id: UUID) -> HttpResponseBase:
    document = selectors.visible_document(request_scope(request), application_id, document_id)
    if document is None:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    services.application_document_read(document=document, by=staff_user(request))
    kind = document.content_type if document.content_type in SAFE_CONTENT_TYPES else "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=document.original_name, content_type=kind)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- applying on a person's behalf --------------------------------------------------------------------


@_reader
@require_http_methods(["GET", "HEAD", "POST"])
def application_new(request: HttpRequest) -> HttpResponse:
    type_id = request.GET.get("type")
    if not type_id:
        open_forms = selectors.open_application_types(request_scope(request).municipality_codes)
        choices = {"application_types": open_forms, "staff_section": "applications"}
        return render(request, "applications/staff/new_start.html", choices)
    application_type = selectors.open_application_type(type_id)
    office = selectors.home_office(request_scope(request))
    if application_type is None or office is None:
        raise Http404
    posted = request.method == "POST"
    form = OnBehalfForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        application_type=application_type,
        previewing=posted and "preview" in request.POST,
    )
    if posted and (done := _on_behalf(request, form, office)) is not None:
        return done
    return render(request, "applications/staff/new.html", _new_context(request, form, office))


def _new_context(request: HttpRequest, form: OnBehalfForm, office: Office) -> dict[str, Any]:
    key = form.key()
    preview = _preview(request, key, form.data.get("identifier", "")) if form.is_bound else None
    application_type = form.application_type
    documents = [
        (item, *form.document_fields(item.requirement))
        for item in selectors.previewed_documents(application_type, key, preview)
    ]
    context: dict[str, Any] = {"form": form, "errors": error_links(form, whole="form-error"), "office": office}
    context |= {"application_type": application_type, "submission_key": key, "staff_section": "applications"}
    context |= {
        "documents": documents,
        "checks": selectors.checks_of(application_type),
        "preview": selectors.preview_answers(application_type, preview),
        "asked_at": preview.asked_at if preview is not None else None,
    }
    return context


def _preview(request: HttpRequest, key: UUID, identifier: str) -> RegisterPreview | None:
    """The registers' answers asked for this form before sending, if they are about this person."""
    preview = RegisterPreview.from_session((request.session.get(PREVIEWS) or {}).get(str(key)))
    return preview if preview is not None and preview.holds_for(identifier) else None


def _on_behalf(request: HttpRequest, form: OnBehalfForm, office: Office) -> HttpResponse | None:
    """Keep the scans chosen, then ask the registers or send; None to show the page again."""
    form.is_valid()
    key = form.cleaned_data.get("submission_key")
    if key is not None and selectors.application_by_submission_key(str(key)) is None:
        _keep_uploads(form, key)
    if not form.is_valid():
        return None
    if form.previewing:
        _ask_registers(request, form, office)
        return None
    return _submit(request, form, office)


def _keep_uploads(form: OnBehalfForm, key: UUID) -> None:
    """Keep each scan chosen with the form's key at once, so a page shown again does not lose it."""
    for name, requirement, upload in form.uploads():
        try:
            document_upload(draft_key=key, requirement=requirement, upload=upload)
        except ValidationError as refused:
            form.add_error(name, refused.messages)


def _ask_registers(request: HttpRequest, form: OnBehalfForm, office: Office) -> None:
    key = form.cleaned_data["submission_key"]
    preview = registry_preview(
        application_type=form.application_type,
        identifier=form.cleaned_data["identifier"],
        submission_key=key,
        by=staff_user(request),
        office_id=office.pk,
    )
    kept = dict(request.session.get(PREVIEWS) or {})
    kept.pop(str(key), None)
    # A few forms at once at most: the oldest answers go first.
    request.session[PREVIEWS] = dict([*list(kept.items())[-4:], (str(key), preview.as_session())])


def _submit(request: HttpRequest, form: OnBehalfForm, office: Office) -> HttpResponse | None:
    key = form.cleaned_data["submission_key"]
    preview = _preview(request, key, form.cleaned_data["identifier"])
    try:
        sent = application_submit(submission=form.submission(office, preview), by=staff_user(request))
    except ValidationError as invalid:
        form.add_submission_errors(invalid)
        return None
    request.session[PREVIEWS] = {k: v for k, v in (request.session.get(PREVIEWS) or {}).items() if k != str(key)}
    reference = sent.application.reference
    if sent.created:
        text = _(
            "The application is sent, with the reference %(reference)s. Give the person the reference and "
            "this code to follow it online: %(code)s"
        ) % {"reference": reference, "code": sent.follow_code}
        messages.success(request, text)
    else:
        messages.info(
            request,
            _("This application was sent already, with the reference %(reference)s.") % {"reference": reference},
        )
    return redirect("staff-application", application_id=sent.application.pk)


urlpatterns: list[URLPattern] = [
    path("applications/", application_list, name="staff-applications"),
    path("applications/new/", application_new, name="staff-application-new"),
    path("applications/<uuid:application_id>/", application_view, name="staff-application"),
    path("applications/<uuid:application_id>/steps/<slug:action>/", application_step, name="staff-application-step"),
    path(
        "applications/<uuid:application_id>/documents/<uuid:document_id>/",
        application_document,
        name="staff-application-document",
    ),
]
