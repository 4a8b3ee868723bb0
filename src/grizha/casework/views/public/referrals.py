"""The receiver's page: the organisation a referral was sent to opens its signed link, sees what is
referred, and accepts or declines it, later says that the service started. No account: the link is the
permission, and each answer is audited as given through the link."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from grizha.casework.forms.referrals import ReceiverAnswerForm
from grizha.casework.lifecycle import Step, steps_from
from grizha.casework.models import Referral
from grizha.casework.selectors.referrals import need_labels, share_allowed
from grizha.casework.selectors.requests import front_office_for
from grizha.casework.services import referrals as services
from grizha.casework.services.referral_links import referral_link_open
from grizha.core.forms import add_service_errors, error_links
from grizha.territory.sites import home_municipality

VIA = "link"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def referral_answer(request: HttpRequest, token: str) -> HttpResponse:
    opened = referral_link_open(token)
    if opened.referral is None:
        office = opened.office or front_office_for(municipality=home_municipality(), settlement=None)
        invalid = {"expired": opened.expired, "office": office, "days": settings.GRIZHA_REFERRAL_LINK_DAYS}
        return render(request, "casework/answer/invalid.html", invalid, status=404)
    referral = opened.referral
    form = ReceiverAnswerForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid() and _answer(referral, form):
        return redirect(reverse("casework:referral-answer", kwargs={"token": token}) + "?answered=1")
    errors = error_links(form, whole="status") if form.is_bound else []
    context = {
        "referral": referral,
        "form": form,
        "steps": [step.action for step in _steps(referral)],
        "errors": errors,
        "needs": need_labels(referral.needs),
        "person": referral.person if share_allowed(referral.person) else None,
        "answered": request.GET.get("answered") == "1" and not errors,
    }
    return render(request, "casework/answer/answer.html", context)


def _steps(referral: Referral) -> list[Step]:
    return steps_from(referral.status, by_receiver=True)


def _answer(referral: Referral, form: ReceiverAnswerForm) -> bool:
    """Take the receiver's step; False (the form tells why) when refused, e.g. answered already."""
    answer, note = form.cleaned_data["answer"], form.cleaned_data["note"]
    try:
        if answer == "accept":
            services.referral_accept(referral=referral, by=None, via=VIA, note=note)
        elif answer == "decline":
            reason = form.cleaned_data["reason"]
            services.referral_decline(referral=referral, by=None, reason=reason, note=note, via=VIA)
        else:
            services.referral_start(referral=referral, by=None, via=VIA, note=note)
    except ValidationError as refused:
        add_service_errors(form, refused)
        referral.refresh_from_db()
        return False
    return True
