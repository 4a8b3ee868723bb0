"""The staff one-page screening: every question on one page, the services that fit below it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from grizha.accounts.decorators import staff_required
from grizha.accounts.roles import Capability
from grizha.core.forms import error_links
from grizha.screening import services
from grizha.screening.forms import OTHER_MUNICIPALITY, StaffScreeningForm
from grizha.screening.results import result_page
from grizha.screening.selectors import Offer, screening_results
from grizha.screening.steps import person_from_answers


@staff_required(Capability.CASEWORK)
@require_http_methods(["GET", "HEAD", "POST"])
def screening(request: HttpRequest) -> HttpResponse:
    form = StaffScreeningForm(request.POST if request.method == "POST" else None)
    page = None
    if form.is_bound and form.is_valid():
        answers = form.answers()
        person, settlement = person_from_answers(answers), answers["settlement"]
        found = screening_results(person, get_language())
        place = None if settlement == OTHER_MUNICIPALITY else settlement
        services.need_signal_record(person=person, offer=Offer.of(found), channel="staff", settlement=place)
        page = result_page(found, person, get_language())
    return render(request, "screening/staff.html", {"form": form, "errors": error_links(form), "page": page})
