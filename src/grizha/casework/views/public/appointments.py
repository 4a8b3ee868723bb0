"""Booking an appointment on the public site, one question a page: the office, the day and time, the
person's details, check your answers, then the reference and the link to cancel; and the page that
link opens. No account and no JavaScript; the answers wait in the session until the booking is made."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from grizha.casework.forms.appointments import DetailsForm, OfficeForm, SlotForm
from grizha.casework.models import Appointment, AppointmentSlot, CallbackRequest
from grizha.casework.selectors import appointments as selectors
from grizha.casework.services import appointments as services
from grizha.core.forms import error_links
from grizha.core.ratelimit import BUSY, within_rate_limit
from grizha.core.views import form_refused

DRAFT = "appointments.draft"
BOOKED = "appointments.booked"
PROBLEM = "appointments.problem"
# A family may book for several people; more than this from one address in an hour is a robot's work.
BOOKINGS_PER_HOUR = 5
GET_OR_POST = ["GET", "HEAD", "POST"]


def _draft(request: HttpRequest) -> dict[str, Any]:
    return dict(request.session.get(DRAFT) or {})


def _keep(request: HttpRequest, **answers: Any) -> None:
    request.session[DRAFT] = {**_draft(request), **answers}


def _chosen_slot(request: HttpRequest) -> AppointmentSlot | None:
    """The time chosen so far, if it may still be booked; else the person is told so on the time page."""
    draft = _draft(request)
    office = selectors.bookable_office(draft.get("office"))
    slot = selectors.free_slot(office, draft.get("slot")) if office else None
    if slot is None and draft.get("slot"):
        request.session[PROBLEM] = _("The time you chose is no longer free. Choose another time")
        _keep(request, slot=None)
    return slot


@require_http_methods(GET_OR_POST)
def choose_office(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = OfficeForm(data, offices=selectors.bookable_offices(), initial={"office": _draft(request).get("office")})
    if form.is_valid():
        if form.cleaned_data["office"] != _draft(request).get("office"):
            _keep(request, office=form.cleaned_data["office"], slot=None)
        return redirect("appointments:time")
    errors = error_links(form) if form.offices else []  # with nothing to choose, the page says whom to call
    return render(request, "casework/appointments/office.html", {"form": form, "errors": errors})


@require_http_methods(GET_OR_POST)
def choose_time(request: HttpRequest) -> HttpResponse:
    office = selectors.bookable_office(_draft(request).get("office"))
    if office is None:
        return redirect("appointments:office")
    data = request.POST if request.method == "POST" else None
    form = SlotForm(data, days=selectors.free_slots_by_day(office), initial={"slot": _draft(request).get("slot")})
    if form.is_valid():
        _keep(request, slot=form.cleaned_data["slot"])
        return redirect("appointments:details")
    problem = None if form.errors else request.session.pop(PROBLEM, None)
    errors = error_links(form) or ([{"href": "#id_slot_0", "message": problem}] if problem else [])
    context = {"form": form, "errors": errors, "office": office, "problem": problem}
    return render(request, "casework/appointments/time.html", context)


@never_cache
@require_http_methods(GET_OR_POST)
def details(request: HttpRequest) -> HttpResponse:
    slot = _chosen_slot(request)
    if slot is None:
        return redirect("appointments:time")
    kept = _draft(request).get("details")
    if request.method == "POST":
        form = DetailsForm(request.POST, proven=kept is not None)
        if form.trapped:
            return form_refused(request)
        if form.is_valid():
            _keep(request, details=form.answers())
            return redirect("appointments:check")
    else:
        form = DetailsForm(initial=kept or {}, proven=kept is not None)
    context = {"form": form, "errors": error_links(form), "slot": slot, "when": selectors.slot_when(slot)}
    return render(request, "casework/appointments/details.html", context)


def _summary(slot: AppointmentSlot, form: DetailsForm) -> list[dict[str, Any]]:
    """The rows of "check your answers": a short label, the answer's lines, where to change it."""
    data, url = form.cleaned_data, reverse("appointments:details")
    needs = dict(CallbackRequest.VisitNeed.choices)
    rows: list[tuple[str, list[str], str]] = [
        (_("Office"), [slot.office.name], reverse("appointments:office") + "#id_office_0"),
        (_("Day and time"), [selectors.slot_when(slot)], reverse("appointments:time") + "#id_slot_0"),
        (_("What it is about"), data["about"].splitlines(), f"{url}#id_about"),
        (
            _("What you need"),
            [str(needs[code]) for code in data["visit_needs"]] or [_("Nothing")],
            f"{url}#id_visit_needs_0",
        ),
        (_("Name"), [data["name"]], f"{url}#id_name"),
        (_("Phone number"), [data["phone"] or _("Not given")], f"{url}#id_phone"),
        (_("E-mail address"), [data["email"] or _("Not given")], f"{url}#id_email"),
    ]
    return [{"label": label, "lines": lines, "url": link} for label, lines, link in rows]


@never_cache
@require_http_methods(GET_OR_POST)
def check(request: HttpRequest) -> HttpResponse:
    slot = _chosen_slot(request)
    kept = _draft(request).get("details")
    form = DetailsForm(kept, proven=True) if kept is not None else None
    if slot is None:
        return redirect("appointments:time")
    if form is None or not form.is_valid():
        return redirect("appointments:details")
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        if within_rate_limit(request, scope="appointment-book", limit=BOOKINGS_PER_HOUR):
            return _book(request, slot, form)
        errors = [{"href": "#book", "message": str(BUSY)}]
    context = {"rows": _summary(slot, form), "slot": slot, "errors": errors}
    return render(request, "casework/appointments/check.html", context, status=429 if errors else 200)


def _book(request: HttpRequest, slot: AppointmentSlot, form: DetailsForm) -> HttpResponse:
    data = form.cleaned_data
    fields = {name: data[name] for name in ("name", "phone", "email", "about", "visit_needs")}
    try:
        appointment = services.appointment_book(slot_id=str(slot.pk), **fields, language=get_language() or "bg")
    except ValidationError as error:
        # Someone took the last place, or the office withdrew the time, since it was chosen.
        request.session[PROBLEM] = error.messages[0]
        _keep(request, slot=None)
        return redirect("appointments:time")
    del request.session[DRAFT]
    emailed = services.appointment_confirm_by_email(appointment=appointment)
    request.session[BOOKED] = {"id": str(appointment.pk), "emailed": emailed}
    return redirect("appointments:booked")


@never_cache
def booked(request: HttpRequest) -> HttpResponse:
    sent = request.session.get(BOOKED) or {}
    appointment = selectors.appointment_booked(sent.get("id"))
    if appointment is None:
        return redirect("appointments:office")
    context = {
        "appointment": appointment,
        "emailed": sent.get("emailed"),
        "when": selectors.slot_when(appointment.slot),
    }
    link = request.build_absolute_uri(reverse("appointments:cancel", args=[selectors.cancel_token(appointment)]))
    return render(request, "casework/appointments/booked.html", {**context, "cancel_url": link})


@never_cache
@require_http_methods(GET_OR_POST)
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    appointment = selectors.appointment_for_token(token)
    if appointment is None:
        raise Http404
    errors: list[dict[str, str]] = []
    if request.method == "POST" and appointment.status == Appointment.Status.BOOKED:
        try:
            services.appointment_cancel(appointment=appointment, by=None, via="link")
            return redirect("appointments:cancelled", token=token)
        except ValidationError as error:
            appointment.refresh_from_db(fields=["status"])
            errors = [{"href": "#status", "message": error.messages[0]}]
    context = {
        "appointment": appointment,
        "when": selectors.slot_when(appointment.slot),
        "errors": errors,
        "token": token,
    }
    context["begun"] = appointment.slot.starts_at <= timezone.now()
    return render(request, "casework/appointments/cancel.html", context)


@never_cache
def cancelled(request: HttpRequest, token: str) -> HttpResponse:
    appointment = selectors.appointment_for_token(token)
    if appointment is None:
        raise Http404
    if appointment.status != Appointment.Status.CANCELLED:
        return redirect("appointments:cancel", token=token)
    context = {"appointment": appointment, "when": selectors.slot_when(appointment.slot)}
    return render(request, "casework/appointments/cancelled.html", context)
