"""Staff pages: consultations. The list with filters, a new consultation (anonymous, for a person's
record, or answering a request for a home visit or a call back), one consultation with its referrals,
changes, and the screening inside a consultation whose results become referrals in one step."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from grizha.accounts.decorators import staff_required, staff_user
from grizha.accounts.roles import Capability
from grizha.accounts.selectors import request_scope, scope_offices
from grizha.casework.forms.consultations import (
    ConsultationFilterForm,
    ConsultationForm,
    ReferChoiceForm,
    screening_initial,
)
from grizha.casework.models import Consultation
from grizha.casework.selectors import consultations as selectors
from grizha.casework.selectors.people import has_casework_consent, person_for
from grizha.casework.services import consultations as services
from grizha.casework.services.people import person_viewed
from grizha.catalog import reference
from grizha.catalog.selectors import term_names
from grizha.core.forms import add_service_errors, error_links, form_query
from grizha.screening.forms import OTHER_MUNICIPALITY, StaffScreeningForm
from grizha.screening.results import result_page
from grizha.screening.selectors import Offer, screening_results
from grizha.screening.services import need_signal_record
from grizha.screening.steps import person_from_answers

CASEWORK = Capability.CASEWORK
SECTION = {"staff_section": "consultations"}


def _labels(names: dict[str, str], codes: list[str]) -> list[str]:
    return [names.get(code, code) for code in codes]


@staff_required(CASEWORK)
@require_http_methods(["GET", "HEAD"])
def consultation_list(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    form = ConsultationFilterForm(request.GET, offices=scope_offices(scope))
    page = selectors.consultation_list(scope, filters=form.filters(), page=request.GET.get("page"))
    needs = term_names(reference.NEED)
    rows = [(consultation, _labels(needs, consultation.needs)) for consultation in page]
    context = {"form": form, "errors": error_links(form), "page": page, "rows": rows, "query": form_query(form)}
    return render(request, "casework/staff/consultations/list.html", context | SECTION)


@staff_required(CASEWORK)
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_new(request: HttpRequest) -> HttpResponse:
    scope, by = request_scope(request), staff_user(request)
    person = person_for(scope, request.GET["person"]) if "person" in request.GET else None
    answering = selectors.request_to_answer(scope, request.GET["request"]) if "request" in request.GET else None
    offices = scope_offices(scope)
    initial = ConsultationForm.initial_for(offices=offices, person=person, request=answering)
    form = ConsultationForm(request.POST or None, offices=offices, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            consultation = services.consultation_record(by=by, details=form.details(person), request=answering)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The consultation is recorded."))
            return redirect("staff-consultation", consultation_id=consultation.pk)
    elif person is not None and not form.is_bound:
        person_viewed(person=person, by=by, reason="consultation")
    consent = person is None or has_casework_consent(person)
    context = {"form": form, "errors": error_links(form), "person": person, "answering": answering, "consent": consent}
    return render(request, "casework/staff/consultations/form.html", context | SECTION)


@staff_required(CASEWORK)
@require_http_methods(["GET", "HEAD"])
def consultation_detail(request: HttpRequest, consultation_id: UUID) -> HttpResponse:
    consultation = selectors.consultation_page(request_scope(request), consultation_id)
    services.consultation_viewed(consultation=consultation, by=staff_user(request))
    context = {
        "consultation": consultation,
        "needs": _labels(term_names(reference.NEED), consultation.needs),
        "target_groups": _labels(term_names(reference.TARGET_GROUP), consultation.target_groups),
    }
    return render(request, "casework/staff/consultations/detail.html", context | SECTION)


@staff_required(CASEWORK)
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_edit(request: HttpRequest, consultation_id: UUID) -> HttpResponse:
    scope, by = request_scope(request), staff_user(request)
    consultation = selectors.consultation_for(scope, consultation_id)
    initial = ConsultationForm.initial_from(consultation)
    form = ConsultationForm(request.POST or None, offices=scope_offices(scope), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.consultation_update(consultation=consultation, by=by, details=form.details(consultation.person))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The consultation is changed."))
            return redirect("staff-consultation", consultation_id=consultation.pk)
    context = {"form": form, "errors": error_links(form), "consultation": consultation, "consent": True}
    return render(request, "casework/staff/consultations/form.html", context | SECTION)


@staff_required(CASEWORK)
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_screening(request: HttpRequest, consultation_id: UUID) -> HttpResponse:
    consultation = selectors.consultation_for(request_scope(request), consultation_id)
    form = StaffScreeningForm(request.POST or None, initial=screening_initial(consultation))
    context: dict[str, Any] = {"form": form, "consultation": consultation, "errors": error_links(form), **SECTION}
    if form.is_bound and form.is_valid():
        referred = _screen_and_refer(request, consultation, form, context)
        if referred:
            return redirect("staff-consultation", consultation_id=consultation.pk)
    return render(request, "casework/staff/consultations/screening.html", context)


def _screen_and_refer(
    request: HttpRequest, consultation: Consultation, form: StaffScreeningForm, context: dict[str, Any]
) -> bool:
    """Screen with the answers; refer to the chosen services when asked. False: show the results."""
    answers, lang = form.answers(), get_language()
    person = person_from_answers(answers)
    found = screening_results(person, lang)
    page = result_page(found, person, lang)
    shown = [item.result.service_id for groups in (page.eligible, page.maybe) for g in groups for item in g.items]
    choice = ReferChoiceForm(request.POST if request.POST.get("action") == "refer" else None, results=found)
    context |= {"page": page, "choice": choice, "chosen": choice["refer"].value() or []}
    if not choice.is_bound:
        place = None if answers["settlement"] == OTHER_MUNICIPALITY else answers["settlement"]
        need_signal_record(person=person, offer=Offer.of(found), channel="staff", settlement=place)
        return False
    if choice.is_valid():
        chosen = [services.ReferralChoice(r.service_id, r.verdict.needs_met, r.reasons) for r in choice.chosen()]
        try:
            referrals = services.consultation_refer(consultation=consultation, by=staff_user(request), choices=chosen)
        except ValidationError as error:
            add_service_errors(choice, error)
        else:
            count = len(referrals)
            messages.success(
                request, ngettext("%(n)d draft referral made.", "%(n)d draft referrals made.", count) % {"n": count}
            )
            return True
    first = shown[0] if shown else ""
    context["errors"] = [{"href": f"#refer-{first}", "message": m} for found in choice.errors.values() for m in found]
    return False


urlpatterns: list[URLPattern] = [
    path("consultations/", consultation_list, name="staff-consultations"),
    path("consultations/new/", consultation_new, name="staff-consultation-new"),
    path("consultations/<uuid:consultation_id>/", consultation_detail, name="staff-consultation"),
    path("consultations/<uuid:consultation_id>/edit/", consultation_edit, name="staff-consultation-edit"),
    path(
        "consultations/<uuid:consultation_id>/screening/", consultation_screening, name="staff-consultation-screening"
    ),
]
