"""Staff pages of appointments: the day's agenda of the offices in scope (who comes, what for, what they
need) with the buttons to mark who came or to cancel; and the times an office publishes."""

from __future__ import annotations

import datetime
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from grizha.accounts.decorators import staff_required, staff_user
from grizha.accounts.roles import Capability
from grizha.accounts.selectors import StaffScope, request_scope, scope_offices
from grizha.casework.forms.appointments import AgendaForm, MarkForm, SlotsPublishForm
from grizha.casework.models import Appointment, CallbackRequest
from grizha.casework.selectors import appointments as selectors
from grizha.casework.services import appointments as services
from grizha.core.forms import error_links
from grizha.territory.models import Office

SLOTS_PER_PAGE = 50
SECTION = {"staff_section": "appointments"}
DEFAULT_TIMES = "09:00-09:30\n09:30-10:00\n10:00-10:30\n10:30-11:00"


def _office_from_query(request: HttpRequest, scope: StaffScope) -> Office | None:
    """The office of ?office=, which must be in scope (anything else: 404, as for unknown ids)."""
    office_id = request.GET.get("office") or ""
    if not office_id:
        return None
    office = selectors.scoped_office(scope, office_id)
    if office is None:
        raise Http404
    return office


def _agenda_url(day: datetime.date, office: Office | None) -> str:
    query = {"day": day.isoformat(), **({"office": str(office.pk)} if office else {})}
    return f"{reverse('staff-appointments')}?{urlencode(query)}"


@staff_required(Capability.CASEWORK)
def agenda(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    office = _office_from_query(request, scope)
    form = AgendaForm({"day": request.GET.get("day") or timezone.localdate().isoformat()})
    day = form.chosen_day()
    groups = None
    if form.is_valid():
        appointments = selectors.appointment_agenda(scope=scope, day=day, office=office, viewer=staff_user(request))
        groups = _by_office(appointments)
    one_day = datetime.timedelta(days=1)
    context = {
        "form": form,
        "errors": error_links(form),
        "day": day,
        "day_label": selectors.day_label(day),
        "office": office,
        "offices": scope_offices(scope),
        "groups": groups,
        "previous_url": _agenda_url(day - one_day, office),
        "next_url": _agenda_url(day + one_day, office),
        "today": timezone.localdate(),
        **SECTION,
    }
    return render(request, "casework/staff/appointments/agenda.html", context)


def _by_office(appointments: list[Appointment]) -> list[dict[str, Any]]:
    """The agenda by office, each appointment with its time and the needs in words."""
    needs = dict(CallbackRequest.VisitNeed.choices)
    groups = []
    for office, rows in groupby(appointments, key=lambda appointment: appointment.slot.office):
        items = [
            {
                "appointment": a,
                "time": selectors.time_label(a.slot),
                "needs": [needs.get(code, code) for code in a.visit_needs],
            }
            for a in rows
        ]
        groups.append({"office": office, "rows": items})
    return groups


@staff_required(Capability.CASEWORK)
@require_POST
def mark(request: HttpRequest, appointment_id: str) -> HttpResponse:
    scope = request_scope(request)
    appointment = selectors.scoped_appointment(scope, appointment_id)
    if appointment is None:
        raise Http404
    form = MarkForm(request.POST)
    if form.is_valid():
        try:
            messages.success(request, _act(appointment, form.cleaned_data["action"], request))
        except ValidationError as error:
            messages.error(request, error.messages[0])
    back_office = selectors.scoped_office(scope, request.POST.get("office"))
    return redirect(_agenda_url(timezone.localdate(appointment.slot.starts_at), back_office))


def _act(appointment: Appointment, action: str, request: HttpRequest) -> str:
    """Take the step and say what was done, naming the appointment."""
    by = staff_user(request)
    names = {"reference": appointment.reference, "name": appointment.name}
    if action != "cancel":
        services.appointment_mark(appointment=appointment, by=by, attended=action == "attended")
        if action == "attended":
            return _("%(reference)s: %(name)s came.") % names
        return _("%(reference)s: %(name)s did not come.") % names
    services.appointment_cancel(appointment=appointment, by=by)
    if services.appointment_cancellation_by_email(appointment=appointment):
        return _("Cancelled %(reference)s. We have e-mailed %(name)s to say so.") % names
    return _("Cancelled %(reference)s. Phone %(name)s to say so.") % names


@staff_required(Capability.MANAGE_APPOINTMENTS)
def slots(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    offices = scope_offices(scope)
    office = _office_from_query(request, scope) or offices[0]
    data = request.POST if request.method == "POST" else None
    form = SlotsPublishForm(data, offices=offices, initial=_initial(office))
    if form.is_valid() and _publish(request, form):
        return redirect(_slots_url(form.cleaned_data["office"]))
    page = Paginator(selectors.upcoming_slots(office=office), SLOTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"slot": slot, "when": selectors.slot_when(slot)} for slot in page]
    context = {"form": form, "errors": error_links(form), "office": office, "offices": offices, "page": page}
    return render(request, "casework/staff/appointments/slots.html", {**context, "rows": rows, **SECTION})


def _slots_url(office_id: object) -> str:
    return f"{reverse('staff-appointment-slots')}?{urlencode({'office': str(office_id)})}"


def _publish(request: HttpRequest, form: SlotsPublishForm) -> bool:
    """Publish the form's times and say how many; False (the refusal beside its field) if refused."""
    try:
        offered = services.slots_publish(**form.publish_arguments(), by=staff_user(request))
    except ValidationError as error:
        form.add_service_error(error)
        return False
    said = ngettext("Published %(count)s new time.", "Published %(count)s new times.", offered)
    messages.success(request, said % {"count": offered})
    return True


def _initial(office: Office) -> dict[str, object]:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return {
        "office": str(office.pk),
        "first_day": tomorrow.isoformat(),
        "last_day": (tomorrow + datetime.timedelta(days=13)).isoformat(),
        "weekdays": [0, 1, 2, 3, 4],
        "times": DEFAULT_TIMES,
        "capacity": 1,
    }


@staff_required(Capability.MANAGE_APPOINTMENTS)
@require_POST
def slot_withdraw(request: HttpRequest, slot_id: str) -> HttpResponse:
    slot = selectors.scoped_slot(request_scope(request), slot_id)
    if slot is None:
        raise Http404
    booked = services.slot_unpublish(slot=slot, by=staff_user(request))
    when = selectors.slot_when(slot)
    messages.success(request, _("The time %(when)s is no longer offered.") % {"when": when})
    if booked:
        messages.warning(
            request,
            ngettext(
                "%(count)s person has booked it and is still booked: tell them if the time is no longer possible.",
                "%(count)s people have booked it and are still booked: tell them if the time is no longer possible.",
                booked,
            )
            % {"count": booked},
        )
    return redirect(_slots_url(slot.office_id))


urlpatterns: list[URLPattern] = [
    path("appointments/", agenda, name="staff-appointments"),
    path("appointments/<str:appointment_id>/mark/", mark, name="staff-appointment-mark"),
    path("appointments/slots/", slots, name="staff-appointment-slots"),
    path("appointments/slots/<str:slot_id>/withdraw/", slot_withdraw, name="staff-appointment-slot-withdraw"),
]
