"""Staff pages of referrals: the list of the offices' referrals, a new referral, one referral with a form
for each step it may take next, and its follow-up."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from grizha.accounts.decorators import staff_required, staff_user
from grizha.accounts.roles import Capability
from grizha.accounts.selectors import request_scope
from grizha.casework.forms.referrals import (
    FollowUpForm,
    ReferralFilterForm,
    ReferralForm,
    ReferralStepForm,
)
from grizha.casework.lifecycle import OPEN, STEPS, WAITING, steps_from
from grizha.casework.models import Referral
from grizha.casework.selectors import referrals as selectors
from grizha.casework.services import referrals as services
from grizha.casework.services.people import person_viewed
from grizha.casework.services.referral_links import referral_link_url
from grizha.core.forms import add_service_errors, error_links


@staff_required(Capability.REFER)
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    form = ReferralFilterForm(request.GET)
    page = selectors.referral_page(scope=request_scope(request), filters=form.filters(), number=request.GET.get("page"))
    context = {"form": form, "errors": error_links(form), "page": page, "today": timezone.localdate()}
    context |= {"open_statuses": list(OPEN), "staff_section": "referrals"}
    return render(request, "casework/staff/referrals/list.html", context)


@staff_required(Capability.REFER)
@require_http_methods(["GET", "HEAD", "POST"])
def referral_new(request: HttpRequest) -> HttpResponse:
    consultation_id, person_id = request.GET.get("consultation"), request.GET.get("person")
    if not consultation_id and not person_id:
        return render(request, "casework/staff/referrals/new_start.html", {"staff_section": "referrals"})
    scope = request_scope(request)
    origin = selectors.referral_origin(scope=scope, consultation_id=consultation_id, person_id=person_id)
    if origin is None:
        raise Http404
    services_, organizations = selectors.referral_receivers()
    choices: dict[str, Any] = {"services": services_, "organizations": organizations, "needs": selectors.need_choices()}
    if request.method == "POST" and origin.consented:
        form = ReferralForm(request.POST, **choices)
        if form.is_valid() and (referral := _create(form, origin, staff_user(request))) is not None:
            messages.success(request, _("The referral is saved as a draft. Check it, then send it."))
            return redirect("staff-referral", referral_id=referral.pk)
    else:
        form = ReferralForm(initial=_new_initial(origin), **choices)
        if origin.person is not None:
            person_viewed(person=origin.person, by=staff_user(request))
    context = {"form": form, "errors": error_links(form), "origin": origin, "staff_section": "referrals"}
    return render(request, "casework/staff/referrals/new.html", context)


def _new_initial(origin: selectors.Origin) -> dict[str, Any]:
    follow_up = timezone.localdate() + datetime.timedelta(days=services.FOLLOW_UP_DAYS)
    needs = origin.consultation.needs if origin.consultation is not None else []
    return {"needs": needs, "follow_up_on": follow_up.isoformat()}


def _create(form: ReferralForm, origin: selectors.Origin, by: User) -> Referral | None:
    service, organization = form.chosen_receiver()
    try:
        return services.referral_create(
            office=origin.office,
            by=by,
            service=service,
            organization=organization,
            person=origin.person,
            consultation=origin.consultation,
            needs=form.cleaned_data["needs"],
            why=form.cleaned_data["why"],
            follow_up_on=form.cleaned_data["follow_up_on"],
        )
    except ValidationError as invalid:
        add_service_errors(form, invalid)
        return None


def _referral(request: HttpRequest, referral_id: UUID) -> Referral:
    referral = selectors.referral_get(scope=request_scope(request), referral_id=referral_id)
    if referral is None:
        raise Http404
    return referral


@staff_required(Capability.REFER)
@require_http_methods(["GET", "HEAD", "POST"])
def referral_detail(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    referral = _referral(request, referral_id)
    posted: ReferralStepForm | None = None
    if request.method == "POST":
        step = STEPS.get(request.POST.get("step", ""))
        if step is None:
            return redirect("staff-referral", referral_id=referral.pk)
        posted = ReferralStepForm(request.POST, step=step)
        if posted.is_valid() and _take_step(request, referral, posted):
            return redirect("staff-referral", referral_id=referral.pk)
        referral = _referral(request, referral_id)
    else:
        services.referral_viewed(referral=referral, by=staff_user(request))
    return render(request, "casework/staff/referrals/detail.html", _detail_context(referral, posted))


def _take_step(request: HttpRequest, referral: Referral, form: ReferralStepForm) -> bool:
    """Take the step of the posted form and say so; False (the form tells why) when it is refused."""
    by, action, data = staff_user(request), form.step.action, form.cleaned_data
    note, reason = data.get("note", ""), data.get("reason", "")
    try:
        if action == "send":
            referral = services.referral_send(referral=referral, by=by)
        elif action == "accept":
            referral = services.referral_accept(referral=referral, by=by, note=note)
        elif action == "decline":
            referral = services.referral_decline(referral=referral, by=by, reason=reason, note=note)
        elif action == "start":
            referral = services.referral_start(referral=referral, by=by, note=note)
        elif action == "close":
            referral = services.referral_close(
                referral=referral, by=by, successful=form.successful, reason=reason, note=note
            )
        else:
            referral = services.referral_withdraw(referral=referral, by=by, note=note)
    except ValidationError as refused:
        add_service_errors(form, refused)
        return False
    messages.success(request, _step_message(referral, action))
    return True


def _step_message(referral: Referral, action: str) -> str:
    if action != "send":
        return _("Saved: the referral is now “%(status)s”.") % {"status": referral.get_status_display()}
    to = selectors.receiver_contacts(referral).email
    if to:
        return _("The referral is sent. We e-mailed the receiver the link to answer it, at %(email)s.") % {"email": to}
    return _("The referral is sent. The receiver has no e-mail address: give them the link on this page.")


def _detail_context(referral: Referral, posted: ReferralStepForm | None) -> dict[str, Any]:
    steps = steps_from(referral.status)
    forms = [posted if posted and posted.step == step else ReferralStepForm(step=step) for step in steps]
    errors = error_links(posted, whole="steps") if posted is not None else []
    receiver_steps = steps_from(referral.status, by_receiver=True)
    return {
        "referral": referral,
        "overdue": selectors.is_overdue(referral),
        "waiting": referral.status in WAITING,
        "contacts": selectors.receiver_contacts(referral),
        "needs": selectors.need_labels(referral.needs),
        "timeline": selectors.referral_timeline(referral),
        "step_forms": forms,
        "errors": errors,
        "link": referral_link_url(referral) if receiver_steps else "",
        "link_days": settings.GRIZHA_REFERRAL_LINK_DAYS,
        "open_statuses": list(OPEN),
        "staff_section": "referrals",
    }


@staff_required(Capability.REFER)
@require_http_methods(["GET", "HEAD", "POST"])
def referral_follow_up(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    referral = _referral(request, referral_id)
    followers = selectors.referral_followers(referral)
    if request.method == "POST":
        form = FollowUpForm(request.POST, followers=followers)
        if form.is_valid() and _set_follow_up(request, referral, form):
            return redirect("staff-referral", referral_id=referral.pk)
    else:
        initial = {"follow_up_on": referral.follow_up_on.isoformat() if referral.follow_up_on else ""}
        form = FollowUpForm(initial={**initial, "assigned_to": str(referral.assigned_to_id or "")}, followers=followers)
    context = {"referral": referral, "form": form, "errors": error_links(form), "staff_section": "referrals"}
    return render(request, "casework/staff/referrals/follow_up.html", context)


def _set_follow_up(request: HttpRequest, referral: Referral, form: FollowUpForm) -> bool:
    try:
        services.referral_follow_up_set(
            referral=referral,
            by=staff_user(request),
            follow_up_on=form.cleaned_data["follow_up_on"],
            assigned_to=form.follower(),
        )
    except ValidationError as refused:
        add_service_errors(form, refused)
        return False
    messages.success(request, _("The follow-up is saved."))
    return True


urlpatterns: list[URLPattern] = [
    path("referrals/", referral_list, name="staff-referrals"),
    path("referrals/new/", referral_new, name="staff-referral-new"),
    path("referrals/<uuid:referral_id>/", referral_detail, name="staff-referral"),
    path("referrals/<uuid:referral_id>/follow-up/", referral_follow_up, name="staff-referral-follow-up"),
]
