"""Staff pages: people's records. Search, a new record with the person's consents, the record with its
consultations, referrals and audit history, changes, and consents recorded or withdrawn. Every look at a
record goes into the audit trail with its reason."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from grizha.accounts.decorators import staff_required, staff_user
from grizha.accounts.roles import Capability
from grizha.accounts.selectors import request_scope, scope_offices
from grizha.casework.forms.people import ConsentForm, PeopleSearchForm, PersonForm
from grizha.casework.models import Consent
from grizha.casework.selectors import people as selectors
from grizha.casework.services import people as services
from grizha.core.forms import add_service_errors, error_links, form_query

CASEWORK = Capability.CASEWORK


@staff_required(CASEWORK)
@require_http_methods(["GET", "HEAD"])
def person_list(request: HttpRequest) -> HttpResponse:
    form = PeopleSearchForm(request.GET if "q" in request.GET else None)
    search = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        search = selectors.people_search(request_scope(request), query=data["q"], page=request.GET.get("page"))
        services.people_searched(
            by=staff_user(request),
            name=search.query,
            by_identifier=search.by_identifier,
            found=search.count,
            shown=list(search.page),
            reason=data["why"],
        )
    why = form.cleaned_data.get("why") if search else selectors.DEFAULT_REASON
    context = {"form": form, "errors": error_links(form), "search": search, "why": why, "query": form_query(form)}
    return render(request, "casework/staff/people/list.html", context | {"staff_section": "people"})


@staff_required(CASEWORK)
@require_http_methods(["GET", "HEAD", "POST"])
def person_new(request: HttpRequest) -> HttpResponse:
    offices = scope_offices(request_scope(request))
    initial = {"office": str(offices[0].pk)} if offices else {}
    form = PersonForm(request.POST or None, offices=offices, new=True, initial=initial)
    existing = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_create(
                by=staff_user(request),
                details=form.details(),
                consents=data["consents"],
                consent_how=data["consent_how"],
            )
        except ValidationError as error:
            existing = getattr(error, "existing", None)
            add_service_errors(form, error)
        else:
            messages.success(request, _("The record is made, with the person’s consent."))
            return redirect("staff-person", person_id=person.pk)
    context = {"form": form, "errors": error_links(form), "existing": existing, "staff_section": "people"}
    return render(request, "casework/staff/people/form.html", context)


@staff_required(CASEWORK)
@require_http_methods(["GET", "HEAD"])
def person_detail(request: HttpRequest, person_id: UUID) -> HttpResponse:
    record = selectors.person_record(request_scope(request), person_id)
    reason = request.GET.get("why", selectors.DEFAULT_REASON)
    services.person_viewed(person=record.person, by=staff_user(request), reason=reason)
    context = {"record": record, "person": record.person, "staff_section": "people"}
    return render(request, "casework/staff/people/detail.html", context)


@staff_required(CASEWORK)
@require_http_methods(["GET", "HEAD", "POST"])
def person_edit(request: HttpRequest, person_id: UUID) -> HttpResponse:
    scope, by = request_scope(request), staff_user(request)
    person = selectors.person_for(scope, person_id)
    form = PersonForm(
        request.POST or None, offices=scope_offices(scope), new=False, initial=PersonForm.initial_from(person)
    )
    existing = None
    if form.is_bound and form.is_valid():
        try:
            services.person_update(person=person, by=by, details=form.details())
        except ValidationError as error:
            existing = getattr(error, "existing", None)
            add_service_errors(form, error)
        else:
            messages.success(request, _("The record is changed."))
            return redirect("staff-person", person_id=person.pk)
    else:
        services.person_viewed(person=person, by=by, reason="correction")
    context = {"form": form, "errors": error_links(form), "existing": existing, "person": person}
    return render(request, "casework/staff/people/form.html", context | {"staff_section": "people"})


@staff_required(CASEWORK)
@require_http_methods(["GET", "HEAD", "POST"])
def consent_new(request: HttpRequest, person_id: UUID) -> HttpResponse:
    person, by = selectors.person_for(request_scope(request), person_id), staff_user(request)
    standing = set(person.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True))
    form = ConsentForm(request.POST or None, standing=standing)
    if form.is_bound and form.is_valid():
        try:
            services.consent_record(person=person, by=by, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("staff-person", person_id=person.pk)
    elif not form.is_bound:
        services.person_viewed(person=person, by=by, reason="casework")
    context = {"form": form, "errors": error_links(form), "person": person, "staff_section": "people"}
    return render(request, "casework/staff/people/consent_form.html", context)


@staff_required(CASEWORK)
@require_POST
def consent_withdraw(request: HttpRequest, person_id: UUID, consent_id: UUID) -> HttpResponse:
    scope = request_scope(request)
    consent = selectors.consent_for(scope, selectors.person_for(scope, person_id), consent_id)
    try:
        services.consent_withdraw(consent=consent, by=staff_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, withdrawn_message(consent))
    return redirect("staff-person", person_id=person_id)


def withdrawn_message(consent: Consent) -> str:
    if consent.purpose == Consent.Purpose.CASEWORK:
        return _(
            "The consent to consultations and referrals is withdrawn. No new consultation can be attached to this "
            "record; record consultations with the person anonymously, or record their consent again."
        )
    return _("The consent to %(purpose)s is withdrawn.") % {"purpose": consent.get_purpose_display()}


urlpatterns: list[URLPattern] = [
    path("people/", person_list, name="staff-people"),
    path("people/new/", person_new, name="staff-person-new"),
    path("people/<uuid:person_id>/", person_detail, name="staff-person"),
    path("people/<uuid:person_id>/edit/", person_edit, name="staff-person-edit"),
    path("people/<uuid:person_id>/consents/new/", consent_new, name="staff-consent-new"),
    path(
        "people/<uuid:person_id>/consents/<uuid:consent_id>/withdraw/", consent_withdraw, name="staff-consent-withdraw"
    ),
]
