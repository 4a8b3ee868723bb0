"""The citizen questionnaire: one question per page, check your answers, then the services that may
help, which a person can print, e-mail to themselves or ask the front office to call about."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST

from grizha.casework.services import callback_request_create
from grizha.core.forms import error_links
from grizha.screening import services
from grizha.screening.forms import EMAIL_NOT_SENT, CallbackForm, EmailForm
from grizha.screening.notifications import results_email_send
from grizha.screening.results import ResultPage, front_offices, result_page
from grizha.screening.selectors import Offer, screening_results
from grizha.screening.steps import STEPS, Questionnaire, Step
from grizha.territory.sites import home_municipality

CHECK = "check"


def _url(step: Step | None, back_to: str = "") -> str:
    if step is None:
        return reverse("screening:check")
    url = reverse("screening:question", kwargs={"step": step.name})
    return f"{url}?return={CHECK}" if back_to == CHECK else url


def _back_url(questionnaire: Questionnaire, step: Step, back_to: str) -> str:
    if back_to == CHECK:
        return reverse("screening:check")
    previous = questionnaire.before(step)
    return _url(previous) if previous else reverse("screening:start")


def _results(questionnaire: Questionnaire) -> ResultPage:
    person = questionnaire.person()
    return result_page(screening_results(person, get_language()), person, get_language())


def _finished(request: HttpRequest) -> Questionnaire | HttpResponseRedirect:
    """The completed questionnaire, or a redirect to where the person has still to go."""
    questionnaire = Questionnaire(request.session)
    if not questionnaire.is_complete:
        return redirect(_url(questionnaire.first_incomplete()))
    if not questionnaire.completed:
        return redirect("screening:check")
    return questionnaire


def start(request: HttpRequest) -> HttpResponse:
    return render(request, "screening/start.html", {"first_url": _url(STEPS[0])})


@require_http_methods(["GET", "HEAD", "POST"])
def question(request: HttpRequest, step: str) -> HttpResponse:
    questionnaire = Questionnaire(request.session)
    current, waiting = questionnaire.step(step), questionnaire.first_incomplete()
    if current is None or (waiting and questionnaire.steps.index(waiting) < questionnaire.steps.index(current)):
        return redirect(_url(waiting))
    back_to = request.GET.get("return", "")
    form = current.form(questionnaire.answers, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        questionnaire.save(current, form)
        after = questionnaire.first_incomplete() if back_to == CHECK else questionnaire.after(current)
        return redirect(_url(after, back_to))
    context = {"form": form, "errors": error_links(form), "back_url": _back_url(questionnaire, current, back_to)}
    return render(request, current.template, {**context, "question": current.question(questionnaire.answers)})


@require_http_methods(["GET", "HEAD", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    questionnaire = Questionnaire(request.session)
    if not questionnaire.is_complete:
        return redirect(_url(questionnaire.first_incomplete()))
    if request.method == "POST":
        if questionnaire.mark_completed():
            person = questionnaire.person()
            results = screening_results(person, get_language())
            services.need_signal_record(
                person=person, offer=Offer.of(results), channel="citizen", settlement=questionnaire.settlement
            )
        return redirect("screening:results")
    rows = [(row, _url(step, CHECK)) for step, row in questionnaire.summary()]
    return render(request, "screening/check.html", {"rows": rows, "back_url": _url(questionnaire.steps[-1])})


@require_POST
def start_again(request: HttpRequest) -> HttpResponse:
    Questionnaire(request.session).clear()
    return redirect("screening:start")


def results(request: HttpRequest, printable: bool = False) -> HttpResponse:
    questionnaire = _finished(request)
    if isinstance(questionnaire, HttpResponseRedirect):
        return questionnaire
    page = _results(questionnaire)
    context: dict[str, object] = {"page": page, "lives_elsewhere": questionnaire.lives_elsewhere}
    if not page.count:
        context["offices"] = front_offices()
    return render(request, "screening/print.html" if printable else "screening/results.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def email(request: HttpRequest) -> HttpResponse:
    questionnaire = _finished(request)
    if isinstance(questionnaire, HttpResponseRedirect):
        return questionnaire
    form = EmailForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if results_email_send(address=form.cleaned_data["email"], page=_results(questionnaire), lang=get_language()):
            return redirect("screening:email-sent")
        form.add_error("email", EMAIL_NOT_SENT)
    return render(request, "screening/email.html", {"form": form, "errors": error_links(form)})


def email_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "screening/email_sent.html")


@require_http_methods(["GET", "HEAD", "POST"])
def callback(request: HttpRequest) -> HttpResponse:
    questionnaire = _finished(request)
    if isinstance(questionnaire, HttpResponseRedirect):
        return questionnaire
    form = CallbackForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        person, data = questionnaire.person(), form.cleaned_data
        callback_request_create(
            municipality=home_municipality(),
            name=data["name"],
            phone=data["phone"],
            best_time=data["best_time"],
            note=data["note"],
            settlement=questionnaire.settlement,
            language=get_language(),
            needs=person.needs,
            service_ids=[r.service_id for r in screening_results(person, get_language())],
        )
        return redirect("screening:callback-sent")
    return render(request, "screening/callback.html", {"form": form, "errors": error_links(form)})


def callback_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "screening/callback_sent.html")
