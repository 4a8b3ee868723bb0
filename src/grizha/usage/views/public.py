"""The feedback form of a service page, for browsers with or without JavaScript: the form at the end of
the page posts here; a missing answer, or a form sent too soon, is shown again on a page of its own."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from grizha.core.forms import error_links
from grizha.core.ratelimit import BUSY, within_rate_limit
from grizha.core.views import form_refused
from grizha.usage.forms import FeedbackForm
from grizha.usage.selectors import feedback_service
from grizha.usage.services import feedback_record

# Someone may answer on many pages in a row; more than this from one address in an hour is a robot's work.
ANSWERS_PER_HOUR = 40


@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request: HttpRequest, service_id: UUID) -> HttpResponse:
    service = feedback_service(service_id)
    if service is None:
        raise Http404("service")
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.trapped:
        return form_refused(request)
    if form.is_bound and form.is_valid():
        if within_rate_limit(request, scope="feedback", limit=ANSWERS_PER_HOUR):
            data = form.cleaned_data
            feedback_record(
                service=service, useful=data["useful"], comment=data["comment"], language=get_language() or "bg"
            )
            return redirect("usage:feedback-sent", service.id)
        form.add_error(None, ValidationError(BUSY, code="busy"))
    status = 429 if form.has_error(NON_FIELD_ERRORS, "busy") else 200
    context = {"form": form, "errors": error_links(form) if form.is_bound else [], "service": service}
    return render(request, "usage/feedback.html", context, status=status)


@require_safe
def feedback_sent(request: HttpRequest, service_id: UUID) -> HttpResponse:
    service = feedback_service(service_id)
    if service is None:
        raise Http404("service")
    return render(request, "usage/feedback_sent.html", {"service": service})
