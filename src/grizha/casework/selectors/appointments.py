"""Reads of appointments: the times the public may book, the link a person cancels with, and the staff's
agenda and list of times, never beyond their offices (StaffScope). Reading the agenda is audited here,
once per page, so that no page can show it without leaving a trace."""

from __future__ import annotations

import datetime
from itertools import groupby
from uuid import UUID

from django.contrib.auth.models import User
from django.core import signing
from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from grizha.accounts.selectors import StaffScope
from grizha.casework.models import Appointment, AppointmentSlot
from grizha.core.audit import log_action, register_actions
from grizha.territory.models import Office
from grizha.territory.sites import current_base_url, home_municipality

A = Appointment.Status
CANCEL_SALT = "grizha.casework.appointment.cancel"
# The public list of times shows this many days that have a free time, and looks no further ahead
# than this: a person who wants a later day calls the office.
PUBLIC_DAYS = 10
PUBLIC_HORIZON = datetime.timedelta(days=90)

register_actions({"grizha.appointment.agenda_viewed": _("looked at the day's appointments")})


def _key(value: object) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The start of `day` and of the next, in the municipality's time zone."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def day_label(day: datetime.date) -> str:
    """'Monday 7 December 2026'; 'понеделник, 7 декември 2026 г.' (Django's Bulgarian names of months are
    capitalised, which Bulgarian does not do in a sentence)."""
    if translation.get_language() == "bg":
        return formats.date_format(day, "l, j F Y").lower() + " г."
    return formats.date_format(day, "l j F Y")


def time_label(slot: AppointmentSlot) -> str:
    """'09:00 to 09:30', and whether a specialist comes to the person's home."""
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    label = _("%(start)s to %(end)s") % {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
    return str(_("%(time)s, a visit to your home") % {"time": label}) if slot.home_visit else str(label)


def slot_when(slot: AppointmentSlot) -> str:
    """The day and the time, as the person reads them: 'Monday 7 December 2026, 09:00 to 09:30'."""
    return f"{day_label(timezone.localdate(slot.starts_at))}, {time_label(slot)}"


def free_slots() -> QuerySet[AppointmentSlot]:
    """Published times of the municipality that have not begun and have a place left."""
    now = timezone.now()
    return (
        AppointmentSlot.objects.filter(
            office__municipality_id=home_municipality(),
            published=True,
            starts_at__gt=now,
            starts_at__lt=now + PUBLIC_HORIZON,
        )
        .annotate(taken=Count("appointments", filter=~Q(appointments__status=A.CANCELLED)))
        .filter(taken__lt=F("capacity"))
    )


def bookable_offices() -> list[Office]:
    """The offices with a free time, the central one first, with their settlements."""
    offices = Office.objects.filter(id__in=free_slots().values("office_id"))
    return list(offices.select_related("settlement").order_by("kind", "name", "id"))


def bookable_office(office_id: object) -> Office | None:
    key = _key(office_id)
    return next((office for office in bookable_offices() if office.pk == key), None) if key else None


def free_slots_by_day(office: Office) -> list[tuple[datetime.date, list[AppointmentSlot]]]:
    """The office's free times, by day (the first PUBLIC_DAYS days that have one)."""
    slots = free_slots().filter(office=office).order_by("starts_at", "id")
    days = groupby(slots, key=lambda slot: timezone.localdate(slot.starts_at))
    return [(day, list(times)) for _n, (day, times) in zip(range(PUBLIC_DAYS), days, strict=False)]


def free_slot(office: Office, slot_id: object) -> AppointmentSlot | None:
    """The office's time with this id, if it may still be booked."""
    key = _key(slot_id)
    return free_slots().filter(office=office, pk=key).select_related("office").first() if key else None


def appointment_booked(appointment_id: object) -> Appointment | None:
    """An appointment just booked, with its time and office, for its confirmation page."""
    key = _key(appointment_id)
    return Appointment.objects.select_related("slot__office__settlement").filter(pk=key).first() if key else None


def cancel_token(appointment: Appointment) -> str:
    """The secret part of the person's link to cancel: the appointment's id, signed."""
    return signing.Signer(salt=CANCEL_SALT).sign(appointment.pk.hex)


def appointment_for_token(token: str) -> Appointment | None:
    """The appointment a cancel link was made for, with its time and office; None when the link was
    not made by us (tampered with, or cut short)."""
    try:
        value = signing.Signer(salt=CANCEL_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return appointment_booked(value)


def cancel_url(appointment: Appointment) -> str:
    """The absolute link to cancel, in the language the person booked in."""
    with translation.override(appointment.language):
        return current_base_url() + reverse("appointments:cancel", args=[cancel_token(appointment)])


# --- staff -----------------------------------------------------------------------------------------------


def scoped_office(scope: StaffScope, office_id: object) -> Office | None:
    """An office the member of staff sees; None for any other, unknown or malformed id alike."""
    key = _key(office_id)
    if key is None or key not in scope.office_ids:
        return None
    return Office.objects.filter(pk=key).first()


def scoped_appointment(scope: StaffScope, appointment_id: object) -> Appointment | None:
    key = _key(appointment_id)
    if key is None:
        return None
    appointments = Appointment.objects.select_related("slot__office")
    return appointments.filter(pk=key, slot__office_id__in=scope.office_ids).first()


def scoped_slot(scope: StaffScope, slot_id: object) -> AppointmentSlot | None:
    key = _key(slot_id)
    if key is None:
        return None
    return AppointmentSlot.objects.filter(pk=key, office_id__in=scope.office_ids).select_related("office").first()


def appointment_agenda(
    *, scope: StaffScope, day: datetime.date, office: Office | None, viewer: User
) -> list[Appointment]:
    """The day's appointments at `office` (else at every office in scope), by office and time, the
    cancelled ones too; one audit event for the whole page."""
    offices = [office.pk] if office is not None else scope.office_ids
    start, end = day_bounds(day)
    appointments = list(
        Appointment.objects.filter(slot__office_id__in=offices, slot__starts_at__gte=start, slot__starts_at__lt=end)
        .select_related("slot__office")
        .order_by("slot__office__kind", "slot__office__name", "slot__office_id", "slot__starts_at", "created_at")
    )
    log_action(
        "grizha.appointment.agenda_viewed",
        actor=viewer,
        office=office.pk if office is not None else None,
        data={"day": day.isoformat(), "appointments": [a.reference for a in appointments]},
    )
    return appointments


def upcoming_slots(*, office: Office) -> QuerySet[AppointmentSlot]:
    """The office's published times that have not begun, with how many are booked on each."""
    return (
        AppointmentSlot.objects.filter(office=office, published=True, starts_at__gt=timezone.now())
        .annotate(booked=Count("appointments", filter=~Q(appointments__status=A.CANCELLED)))
        .order_by("starts_at", "id")
    )
