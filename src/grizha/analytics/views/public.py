"""The satisfaction survey on the public site: `/survey/`, with `?office=` or `?service=` from the link
or QR code a person was given after a consultation or at the end of a service."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from grizha.analytics.forms import SurveyForm
from grizha.analytics.models import SurveyAnswer
from grizha.analytics.selectors.survey import survey_subject
from grizha.analytics.services.survey import survey_answer_record
from grizha.core.forms import error_links
from grizha.core.ratelimit import BUSY, within_rate_limit
from grizha.core.views import form_refused

# People answer once; an office's tablet by the door may be used by many in an hour.
ANSWERS_PER_HOUR = 30


@require_http_methods(["GET", "HEAD", "POST"])
def survey(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        about = request.GET
        occasion = SurveyAnswer.Occasion.SERVICE if about.get("service") else SurveyAnswer.Occasion.CONSULTATION
        form = SurveyForm(
            initial={"office": about.get("office"), "service": about.get("service"), "occasion": occasion}
        )
    else:
        form = SurveyForm(request.POST)
        if form.trapped:
            return form_refused(request)
        if form.is_valid():
            if within_rate_limit(request, scope="survey", limit=ANSWERS_PER_HOUR):
                data = form.cleaned_data
                survey_answer_record(
                    occasion=data["occasion"],
                    rating=data["rating"],
                    respected=data["respected"],
                    got_help=data["got_help"],
                    easy=data["easy"],
                    comment=data["comment"],
                    office_id=data["office"],
                    service_id=data["service"],
                    language=get_language() or "bg",
                )
                return redirect("analytics:survey-sent")
            form.add_error(None, ValidationError(BUSY, code="busy"))
    subject = survey_subject(office=form["office"].value(), service=form["service"].value())
    status = 429 if form.has_error(NON_FIELD_ERRORS, "busy") else 200
    context = {"form": form, "errors": error_links(form), "subject": subject}
    return render(request, "analytics/survey.html", context, status=status)


def survey_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "analytics/survey_sent.html")


app_name = "analytics"
urlpatterns: list[URLPattern] = [
    path("survey/", survey, name="survey"),
    path("survey/thank-you/", survey_sent, name="survey-sent"),
]
