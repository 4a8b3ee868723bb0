"""The public pages of casework: ask for a home visit or a call back (the form, check your answers,
then the reference), and tell us about a problem with the website's accessibility."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from grizha.casework import selectors, services
from grizha.casework.forms.requests import KIND_CHOICES, FeedbackForm, VisitRequestForm
from grizha.casework.models import CallbackRequest
from grizha.core.forms import error_links
from grizha.core.ratelimit import BUSY, within_rate_limit
from grizha.core.views import form_refused
from grizha.territory.sites import home_municipality

DRAFT = "casework.visit_request"
SENT = "casework.visit_request_sent"
# A family may ask for several people; more than this from one address in an hour is a robot's work.
REQUESTS_PER_HOUR = 5
FEEDBACK_PER_HOUR = 10


@require_http_methods(["GET", "HEAD", "POST"])
def visit_request(request: HttpRequest) -> HttpResponse:
    draft = request.session.get(DRAFT)
    if request.method == "POST":
        form = VisitRequestForm(request.POST, proven=draft is not None)
        if form.trapped:
            return form_refused(request)
        if form.is_valid():
            request.session[DRAFT] = form.answers()
            return redirect("casework:request-check")
    else:
        initial: dict[str, Any] = dict(draft or {})
        if service := selectors.listed_service(request.GET.get("service")):
            initial["service"] = str(service.id)
        form = VisitRequestForm(initial=initial, proven=draft is not None)
    service = selectors.listed_service(form["service"].value())
    context = {"form": form, "errors": error_links(form), "service": service}
    return render(request, "casework/request_form.html", context)


def _summary(form: VisitRequestForm) -> list[dict[str, Any]]:
    """The rows of "check your answers": a short label, the answer's lines, where to change it."""
    data, url = form.cleaned_data, reverse("casework:request")
    needs = dict(CallbackRequest.VisitNeed.choices)
    place = form.places[data["settlement"]]
    rows = [
        (_("Visit or call"), [dict(KIND_CHOICES)[data["kind"]]], "id_kind_0"),
        (_("What it is about"), data["about"].splitlines(), "id_about"),
        (_("Where you live"), [place.display_name], "id_settlement"),
        (_("Best time"), [CallbackRequest.BestTime(data["best_time"]).label], "id_best_time_0"),
        (_("What you need"), [needs[code] for code in data["visit_needs"]] or [_("Nothing")], "id_visit_needs_0"),
        (_("Name"), [data["name"]], "id_name"),
        (_("Phone number"), [data["phone"] or _("Not given")], "id_phone"),
        (_("E-mail address"), [data["email"] or _("Not given")], "id_email"),
    ]
    return [{"label": label, "lines": lines, "url": f"{url}#{anchor}"} for label, lines, anchor in rows]


@require_http_methods(["GET", "HEAD", "POST"])
def visit_request_check(request: HttpRequest) -> HttpResponse:
    draft = request.session.get(DRAFT)
    form = VisitRequestForm(draft, proven=True) if draft is not None else None
    if form is None or not form.is_valid():
        return redirect("casework:request")
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        if within_rate_limit(request, scope="visit-request", limit=REQUESTS_PER_HOUR):
            return _send(request, form)
        errors = [{"href": "#send", "message": str(BUSY)}]
    context = {"rows": _summary(form), "service": selectors.listed_service(form.cleaned_data["service"])}
    return render(request, "casework/request_check.html", {**context, "errors": errors}, status=429 if errors else 200)


def _send(request: HttpRequest, form: VisitRequestForm) -> HttpResponse:
    data = form.cleaned_data
    try:
        created = services.callback_request_create(
            municipality=home_municipality(),
            kind=data["kind"],
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            settlement=data["settlement"],
            best_time=data["best_time"],
            note=data["about"],
            service=selectors.listed_service(data["service"]),
            visit_needs=data["visit_needs"],
            language=get_language() or "bg",
        )
    except ValidationError:
        return redirect("casework:request")
    del request.session[DRAFT]
    emailed = services.callback_request_confirm_by_email(request=created)
    request.session[SENT] = {"id": str(created.id), "emailed": emailed}
    return redirect("casework:request-sent")


def visit_request_sent(request: HttpRequest) -> HttpResponse:
    sent = request.session.get(SENT) or {}
    created = selectors.callback_request_sent(sent.get("id"))
    if created is None:
        return redirect("casework:request")
    return render(request, "casework/request_sent.html", {"request_": created, "emailed": sent.get("emailed")})


def _referring_page(request: HttpRequest) -> str:
    """The page of this site the person came from, to fill in "which page"; not the statement itself."""
    referer = request.META.get("HTTP_REFERER", "")
    statement = {reverse("accessibility"), reverse("casework:feedback")}
    if not url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return ""
    return "" if any(referer.split("?")[0].endswith(path) for path in statement) else referer[:500]


@require_http_methods(["GET", "HEAD", "POST"])
def accessibility_feedback(request: HttpRequest) -> HttpResponse:
    form = FeedbackForm(request.POST) if request.method == "POST" else None
    if form is None:
        form = FeedbackForm(initial={"page_url": _referring_page(request)})
    elif form.trapped:
        return form_refused(request)
    elif form.is_valid():
        if within_rate_limit(request, scope="accessibility-feedback", limit=FEEDBACK_PER_HOUR):
            services.accessibility_feedback_create(**form.cleaned_feedback(), language=get_language() or "bg")
            return redirect("casework:feedback-sent")
        form.add_error(None, ValidationError(BUSY, code="busy"))
    status = 429 if form.has_error(NON_FIELD_ERRORS, "busy") else 200
    return render(request, "casework/feedback.html", {"form": form, "errors": error_links(form)}, status=status)


def accessibility_feedback_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "casework/feedback_sent.html")
