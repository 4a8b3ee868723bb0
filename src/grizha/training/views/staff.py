"""Staff pages of training: trainings with their participants and results, a member's training record
and competences, supervision with its agreed actions, and the project indicators with their progress."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grizha.accounts.decorators import staff_required, staff_user
from grizha.accounts.roles import Capability
from grizha.accounts.selectors import request_scope
from grizha.analytics import exports
from grizha.analytics.sections import section
from grizha.core.forms import add_service_errors, error_links
from grizha.training import forms
from grizha.training.models import LEVELS, CompetenceLevel, Indicator
from grizha.training.selectors import indicators as indicator_selectors
from grizha.training.selectors import trainings as selectors
from grizha.training.services import trainings as services
from grizha.training.services.certificates import certificate_issue

MANAGE = Capability.MANAGE_TRAINING
SECTION = {"staff_section": "training"}


def _municipality(request: HttpRequest) -> str:
    kept = selectors.kept_municipalities(request_scope(request))
    if not kept:
        raise Http404
    return kept[0]


def _form_page(request: HttpRequest, template: str, form: Any, **context: Any) -> HttpResponse:
    errors = error_links(form) if form.is_bound else []
    return render(request, template, {"form": form, "errors": errors, **SECTION, **context})


# --- trainings ---------------------------------------------------------------------------------------


@staff_required(MANAGE)
@require_GET
def training_list(request: HttpRequest) -> HttpResponse:
    trainings = selectors.trainings_for(request_scope(request))
    return render(request, "training/staff/list.html", {"trainings": trainings, **SECTION})


@staff_required(MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def training_edit(request: HttpRequest, training_id: UUID | None = None) -> HttpResponse:
    scope = request_scope(request)
    training = selectors.training_for(scope, training_id) if training_id else None
    initial = _training_initial(training) if training else {"format": "in_person"}
    form = forms.TrainingForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "competences"}
        try:
            training = services.training_save(
                by=staff_user(request),
                municipality=training.municipality_id if training else _municipality(request),
                fields=fields,
                competences=form.chosen_competences(),
                training=training,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The training is saved."))
            return redirect("staff-training", training.id)
    return _form_page(request, "training/staff/edit.html", form, training=training)


def _training_initial(training: Any) -> dict[str, Any]:
    initial = {name: getattr(training, name) for name in services.TRAINING_FIELDS}
    initial["competences"] = [str(c.id) for c in training.competences.all()]
    return initial


@staff_required(MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def training_view(request: HttpRequest, training_id: UUID) -> HttpResponse:
    """A training: its details, its participants with their results, and adding someone."""
    scope = request_scope(request)
    training = selectors.training_for(scope, training_id)
    staff = selectors.staff_of([training.municipality_id])
    form = forms.ParticipantForm(request.POST or None, staff=staff)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.participant_save(
                by=staff_user(request),
                training=training,
                user=form.chosen_user(),
                name=data["name"],
                organisation=data["organisation"],
                email=data["email"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The participant is added."))
            return redirect("staff-training", training.id)
    return _form_page(request, "training/staff/detail.html", form, training=training)


@staff_required(MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def participant_view(request: HttpRequest, training_id: UUID, participant_id: UUID) -> HttpResponse:
    """One participant's attendance and scores, their certificate, or taking them off the training."""
    participant = selectors.participant_for(request_scope(request), training_id, participant_id)
    initial = {
        "attended": participant.attended,
        "score_before": participant.score_before,
        "score_after": participant.score_after,
    }
    form = forms.ResultsForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.participant_results(by=staff_user(request), participant=participant, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The results are saved."))
            return redirect("staff-training", training_id)
    return _form_page(
        request, "training/staff/participant.html", form, participant=participant, training=participant.training
    )


@staff_required(MANAGE)
@require_POST
def participant_certificate(request: HttpRequest, training_id: UUID, participant_id: UUID) -> HttpResponse:
    participant = selectors.participant_for(request_scope(request), training_id, participant_id)
    try:
        certificate_issue(participant=participant, by=staff_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The certificate is issued."))
    return redirect("staff-training-participant", training_id, participant_id)


@staff_required(MANAGE)
@require_POST
def participant_remove(request: HttpRequest, training_id: UUID, participant_id: UUID) -> HttpResponse:
    participant = selectors.participant_for(request_scope(request), training_id, participant_id)
    try:
        services.participant_remove(by=staff_user(request), participant=participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("staff-training-participant", training_id, participant_id)
    messages.success(request, _("The participant is taken off the training."))
    return redirect("staff-training", training_id)


# --- a member's record and competences ----------------------------------------------------------------


@staff_required(MANAGE)
@require_GET
def people_list(request: HttpRequest) -> HttpResponse:
    """Everyone trained, members of staff and people of providers, each with their trainings."""
    people = selectors.people_trained(request_scope(request))
    return render(request, "training/staff/people.html", {"people": people, **SECTION})


@staff_required()
@require_GET
def record_view(request: HttpRequest, user_id: int | None = None) -> HttpResponse:
    scope = request_scope(request)
    member = selectors.member_for(scope, user_id if user_id is not None else scope.user_id or 0)
    record = selectors.training_record(member)
    can_assess = scope.can(MANAGE) and member.id != scope.user_id
    context = {"record": record, "can_assess": can_assess, "levels": LEVELS, **SECTION}
    return render(request, "training/staff/record.html", context)


@staff_required(MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def competences_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    scope = request_scope(request)
    if user_id == scope.user_id:
        raise Http404  # nobody assesses themselves
    member = selectors.member_for(scope, user_id)
    levels = dict(CompetenceLevel.objects.filter(user=member).values_list("competence_id", "level"))
    form = forms.CompetenceForm(request.POST or None, levels=levels)
    if form.is_bound and form.is_valid():
        for competence, level in form.chosen():
            services.competence_assess(
                by=staff_user(request), user=member, competence=competence, level=level, on=timezone.localdate()
            )
        messages.success(request, _("The competences are saved."))
        return redirect("staff-training-record-of", member.id)
    return _form_page(request, "training/staff/competences.html", form, member=member)


# --- supervision ----------------------------------------------------------------------------------------


@staff_required(MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def supervision_list(request: HttpRequest) -> HttpResponse:
    """The sessions held, and a form to record one."""
    scope = request_scope(request)
    kept = selectors.kept_municipalities(scope)
    form = forms.SupervisionForm(
        request.POST or None, offices=selectors.offices_of(kept), staff=selectors.staff_of(kept)
    )
    if form.is_bound and form.is_valid():
        try:
            session = services.supervision_save(by=staff_user(request), **form.chosen())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The session is recorded."))
            return redirect("staff-supervision", session.id)
    return _form_page(request, "training/staff/supervision_list.html", form, sessions=selectors.sessions_for(scope))


@staff_required(MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def supervision_view(request: HttpRequest, session_id: UUID) -> HttpResponse:
    """A session with its agreed actions, and a form to agree one more."""
    scope = request_scope(request)
    session = selectors.session_for(scope, session_id)
    form = forms.ActionForm(request.POST or None, staff=selectors.staff_of(selectors.kept_municipalities(scope)))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.supervision_action_save(
                by=staff_user(request), session=session, what=data["what"], who=form.chosen_who(), due_on=data["due_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action is recorded."))
            return redirect("staff-supervision", session.id)
    return _form_page(request, "training/staff/supervision.html", form, session=session, done_form=forms.DoneForm())


@staff_required(MANAGE)
@require_POST
def action_done(request: HttpRequest, session_id: UUID, action_id: UUID) -> HttpResponse:
    action = selectors.action_for(request_scope(request), session_id, action_id)
    form = forms.DoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for m in form.errors.get("done_on", [])))
        return redirect("staff-supervision", session_id)
    try:
        services.supervision_action_done(by=staff_user(request), action=action, done_on=form.cleaned_data["done_on"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The action is updated."))
    return redirect("staff-supervision", session_id)


# --- project indicators ------------------------------------------------------------------------------------


@staff_required(MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def indicator_list(request: HttpRequest) -> HttpResponse:
    """Every indicator's value against its target, as a chart and a table, and a form to add one."""
    municipality = _municipality(request)
    form = forms.IndicatorForm(request.POST or None, initial={"margin": 10, "rule": "improved_competences"})
    if form.is_bound and form.is_valid():
        try:
            services.indicator_save(by=staff_user(request), municipality=municipality, fields=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect("staff-indicators")
    progress = indicator_selectors.indicator_progress(municipality)
    table = indicator_selectors.indicators_table(progress)
    sections = [section(table, download_url=lambda fmt: reverse("staff-indicators-download", args=[fmt]))]
    return _form_page(request, "training/staff/indicators.html", form, progress=progress, sections=sections)


@staff_required(MANAGE)
@require_GET
def indicator_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404
    municipality = _municipality(request)
    table = indicator_selectors.indicators_table(indicator_selectors.indicator_progress(municipality))
    return exports.download_response(table, fmt=fmt, filename_stem=f"project-indicators-{municipality}")


@staff_required(MANAGE)
@require_POST
def indicator_remove(request: HttpRequest, indicator_id: UUID) -> HttpResponse:
    indicator = Indicator.objects.filter(id=indicator_id, municipality_id=_municipality(request)).first()
    if indicator is None:
        raise Http404
    services.indicator_remove(by=staff_user(request), indicator=indicator)
    messages.success(request, _("The indicator is removed."))
    return redirect("staff-indicators")


urlpatterns: list[URLPattern] = [
    path("training/", training_list, name="staff-trainings"),
    path("training/new/", training_edit, name="staff-training-new"),
    path("training/me/", record_view, name="staff-training-record"),
    path("training/people/", people_list, name="staff-training-people"),
    path("training/people/<int:user_id>/", record_view, name="staff-training-record-of"),
    path("training/people/<int:user_id>/competences/", competences_edit, name="staff-training-competences"),
    path("training/supervision/", supervision_list, name="staff-supervisions"),
    path("training/supervision/<uuid:session_id>/", supervision_view, name="staff-supervision"),
    path(
        "training/supervision/<uuid:session_id>/actions/<uuid:action_id>/", action_done, name="staff-supervision-action"
    ),
    path("training/indicators/", indicator_list, name="staff-indicators"),
    path("training/indicators/<uuid:indicator_id>/remove/", indicator_remove, name="staff-indicator-remove"),
    path("training/indicators.<slug:fmt>", indicator_download, name="staff-indicators-download"),
    path("training/<uuid:training_id>/", training_view, name="staff-training"),
    path("training/<uuid:training_id>/edit/", training_edit, name="staff-training-edit"),
    path(
        "training/<uuid:training_id>/people/<uuid:participant_id>/", participant_view, name="staff-training-participant"
    ),
    path(
        "training/<uuid:training_id>/people/<uuid:participant_id>/certificate/",
        participant_certificate,
        name="staff-training-certificate",
    ),
    path(
        "training/<uuid:training_id>/people/<uuid:participant_id>/remove/",
        participant_remove,
        name="staff-training-remove",
    ),
]
