"""Appointments: offices publish times, people book one on the public site (no account) and may cancel
it through a signed link; staff mark who came. Every change is audited; the person's own are by link."""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Sequence
from uuid import UUID

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grizha.casework.models import Appointment, AppointmentSlot
from grizha.casework.selectors.appointments import cancel_url, slot_when
from grizha.casework.services.requests import next_reference
from grizha.casework.validators import normalise_phone
from grizha.core.audit import log_action, register_actions
from grizha.core.mail import mail_send
from grizha.territory.models import Municipality, Office

A = Appointment.Status
# A manager publishes at most this far ahead in one go: a typing mistake should not make ten years of times.
MAX_PUBLISH_DAYS = 366
MAX_CAPACITY = 50
CAPACITY_MESSAGE = gettext_lazy("The number of people at a time must be between 1 and %(max)s")
TIME_RANGE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})\s*$")

register_actions(
    {
        "grizha.appointment.slots_published": gettext_lazy("published appointment times"),
        "grizha.appointment.slot_unpublished": gettext_lazy("withdrew an appointment time"),
        "grizha.appointment.booked": gettext_lazy("booked the appointment"),
        "grizha.appointment.cancelled": gettext_lazy("cancelled the appointment"),
        "grizha.appointment.attended": gettext_lazy("marked that the person came"),
        "grizha.appointment.missed": gettext_lazy("marked that the person did not come"),
    }
)


def parse_time_ranges(text: str) -> list[tuple[datetime.time, datetime.time]]:
    """'09:00-09:30, 09:30-10:00' (commas, spaces or new lines between) as pairs of times, in order and
    without repeats; a ValidationError that names the first range it cannot read."""
    ranges: set[tuple[datetime.time, datetime.time]] = set()
    for part in re.split(r"[,;\n]+", text or ""):
        if not part.strip():
            continue
        match = TIME_RANGE.match(part)
        try:
            if match is None:
                raise ValueError
            hour, minute, end_hour, end_minute = (int(group) for group in match.groups())
            start, end = datetime.time(hour, minute), datetime.time(end_hour, end_minute)
        except ValueError:
            raise ValidationError(
                _("Write each time as a start and an end, like 09:00-09:30; “%(part)s” is not like that")
                % {"part": part.strip()},
                code="invalid_time",
            ) from None
        if end <= start:
            raise ValidationError(
                _("The end of %(part)s must be after its start") % {"part": part.strip()}, code="end_before_start"
            )
        ranges.add((start, end))
    if not ranges:
        raise ValidationError(_("Enter at least one time, like 09:00-09:30"), code="no_times")
    return sorted(ranges)


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


@transaction.atomic
def slots_publish(
    *,
    office: Office,
    first_day: datetime.date,
    last_day: datetime.date,
    weekdays: Collection[int],
    times: Sequence[str] | str,
    capacity: int = 1,
    home_visit: bool = False,
    by: User | None,
) -> int:
    """Offer `times` (like '09:00-09:30') at `office` on the `weekdays` (0 is Monday) from `first_day` to
    `last_day`. Times already offered at the office are left as they are (a withdrawn one is offered
    again); times that have passed are skipped. Returns how many times are newly offered."""
    ranges = parse_time_ranges(times if isinstance(times, str) else "\n".join(times))
    today = timezone.localdate()
    if first_day < today:
        raise ValidationError({"first_day": _("The first day must be today or later")}, code="past")
    if last_day < first_day:
        raise ValidationError({"last_day": _("The last day must be the same as or after the first day")})
    if (last_day - first_day).days >= MAX_PUBLISH_DAYS:
        raise ValidationError({"last_day": _("Publish at most a year of times at once")}, code="too_long")
    days = {int(day) for day in weekdays}
    if not days or not days <= set(range(7)):
        raise ValidationError({"weekdays": _("Select at least one day of the week")}, code="no_weekdays")
    if not 1 <= capacity <= MAX_CAPACITY:
        raise ValidationError({"capacity": CAPACITY_MESSAGE % {"max": MAX_CAPACITY}})
    now = timezone.now()
    wanted: list[tuple[datetime.datetime, datetime.datetime]] = []
    for offset in range((last_day - first_day).days + 1):
        day = first_day + datetime.timedelta(days=offset)
        if day.weekday() in days:
            wanted.extend((_at(day, start), _at(day, end)) for start, end in ranges if _at(day, start) > now)
    if not wanted:
        return 0
    existing = AppointmentSlot.objects.filter(
        office=office, starts_at__gte=wanted[0][0], starts_at__lte=wanted[-1][0]
    ).values_list("starts_at", "published")
    published = {starts_at: shown for starts_at, shown in existing}
    withdrawn = [starts_at for starts_at, _end in wanted if published.get(starts_at) is False]
    slots = [
        AppointmentSlot(
            office=office, starts_at=start, ends_at=end, capacity=capacity, home_visit=home_visit, published=True
        )
        for start, end in wanted
        if start not in published
    ]
    for slot in slots:
        # The office is given as an object and the end follows the start (parse_time_ranges): nothing
        # here needs the database, which would be asked once per slot.
        slot.full_clean(exclude=["office"], validate_unique=False, validate_constraints=False)
    AppointmentSlot.objects.bulk_create(slots, batch_size=500)
    AppointmentSlot.objects.filter(office=office, starts_at__in=withdrawn).update(published=True, updated_at=now)
    offered = len(slots) + len(withdrawn)
    if not offered:
        return 0
    log_action(
        "grizha.appointment.slots_published",
        actor=by,
        office=office.pk,
        data={
            "first_day": first_day.isoformat(),
            "last_day": last_day.isoformat(),
            "weekdays": sorted(days),
            "times": [f"{start:%H:%M}-{end:%H:%M}" for start, end in ranges],
            "capacity": capacity,
            "home_visit": home_visit,
            "offered": offered,
        },
    )
    return offered


@transaction.atomic
def slot_unpublish(*, slot: AppointmentSlot, by: User) -> int:
    """Stop offering a time. Those who booked it keep their appointment (staff call them if the time
    is no longer possible); returns how many did."""
    AppointmentSlot.objects.filter(pk=slot.pk).update(published=False, updated_at=timezone.now())
    slot.published = False
    booked = slot.appointments.filter(status=A.BOOKED).count()
    log_action(
        "grizha.appointment.slot_unpublished",
        actor=by,
        obj=slot,
        office=slot.office_id,
        data={"starts_at": slot.starts_at.isoformat(), "booked": booked},
    )
    return booked


def _places_left(slot: AppointmentSlot) -> int:
    taken = slot.appointments.exclude(status=A.CANCELLED).count()
    return max(slot.capacity - taken, 0)


@transaction.atomic
def appointment_book(
    *,
    slot_id: UUID | str,
    name: str,
    phone: str = "",
    email: str = "",
    about: str = "",
    visit_needs: Sequence[str] = (),
    language: str,
) -> Appointment:
    """Book a place at a published time that has not begun, for someone from the public site. The
    time's row is locked until the booking is saved, so that two people cannot take its last place
    (on SQLite every writing transaction is IMMEDIATE, which does the same). The caller has asked for
    the person's consent first."""
    try:
        key = UUID(str(slot_id))
    except ValueError:
        key = None
    slot = AppointmentSlot.objects.select_for_update().filter(pk=key).first() if key else None
    if slot is None or not slot.published:
        raise ValidationError(_("This time is no longer offered. Choose another time"), code="unpublished")
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("This time has passed. Choose another time"), code="past")
    if _places_left(slot) < 1:
        raise ValidationError(
            _("Someone else has just booked the last place at this time. Choose another time"), code="full"
        )
    appointment = Appointment(
        slot=slot,
        name=name.strip(),
        phone=normalise_phone(phone) if phone.strip() else "",
        email=email.strip(),
        about=about.strip(),
        visit_needs=list(dict.fromkeys(visit_needs)),
        language=language,
        consent_given_at=timezone.now(),
    )
    # Checked before a number is taken, so that a refused booking leaves no gap in the references.
    appointment.full_clean(exclude=["reference"])
    appointment.reference = next_reference()
    appointment.save()
    log_action(
        "grizha.appointment.booked",
        actor=None,
        obj=appointment,
        office=slot.office_id,
        data={"slot": str(slot.pk), "via": "public"},
    )
    return appointment


@transaction.atomic
def appointment_cancel(*, appointment: Appointment, by: User | None, via: str = "staff") -> Appointment:
    """Cancel a booked appointment: by staff, or by the person through their link (`by` None, `via`
    "link"), who may do so only before it begins. The place is free again at once."""
    now = timezone.now()
    if via == "link" and appointment.slot.starts_at <= now:
        raise ValidationError(_("This appointment has already begun, so it cannot be cancelled"), code="past")
    changed = Appointment.objects.filter(pk=appointment.pk, status=A.BOOKED).update(
        status=A.CANCELLED, cancelled_at=now, updated_at=now
    )
    if not changed:
        _refuse_stale(appointment)
    appointment.refresh_from_db(fields=["status", "cancelled_at", "updated_at"])
    log_action(
        "grizha.appointment.cancelled",
        actor=by,
        obj=appointment,
        office=appointment.slot.office_id,
        data={"via": via},
    )
    return appointment


@transaction.atomic
def appointment_mark(*, appointment: Appointment, by: User, attended: bool) -> Appointment:
    """Mark that the person came, or did not come; a mistake may be put right by marking again. Not
    before the day of the appointment, and not once it is cancelled."""
    if timezone.localdate(appointment.slot.starts_at) > timezone.localdate():
        raise ValidationError(_("You can mark this from the day of the appointment"), code="too_early")
    to = A.ATTENDED if attended else A.MISSED
    changed = (
        Appointment.objects.filter(pk=appointment.pk, status__in=[A.BOOKED, A.ATTENDED, A.MISSED])
        .exclude(status=to)
        .update(status=to, updated_at=timezone.now())
    )
    if not changed:
        _refuse_stale(appointment)
    appointment.refresh_from_db(fields=["status", "updated_at"])
    log_action(
        f"grizha.appointment.{to}",
        actor=by,
        obj=appointment,
        office=appointment.slot.office_id,
        data={"to": to},
    )
    return appointment


def _refuse_stale(appointment: Appointment) -> None:
    current = Appointment.objects.filter(pk=appointment.pk).values_list("status", flat=True).first()
    label = A(current).label if current else ""
    raise ValidationError(
        _("This appointment is now “%(status)s”, so it cannot be changed this way") % {"status": label},
        code="stale",
    )


def appointment_confirm_by_email(*, appointment: Appointment) -> bool:
    """E-mail the person their reference, the time, the place and the link to cancel, in the language
    they booked in. False when there is no address or the mail server would not take it."""
    subject = gettext_lazy("Your appointment %(reference)s – Municipality of %(name)s")
    return _mail(appointment, "casework/appointments/confirmation.txt", subject)


def appointment_cancellation_by_email(*, appointment: Appointment) -> bool:
    """Tell the person, when they gave an address, that the office cancelled their appointment."""
    subject = gettext_lazy("Your appointment %(reference)s is cancelled – Municipality of %(name)s")
    return _mail(appointment, "casework/appointments/cancelled.txt", subject)


def _mail(appointment: Appointment, template: str, subject: Promise) -> bool:
    if not appointment.email:
        return False
    with translation.override(appointment.language):
        office = appointment.slot.office
        municipality = Municipality.objects.get(code=office.municipality_id).name
        context = {
            "appointment": appointment,
            "slot": appointment.slot,
            "office": office,
            "when": slot_when(appointment.slot),
            "cancel_url": cancel_url(appointment),
            "municipality": municipality,
        }
        body = render_to_string(template, context)
        title = str(subject) % {"reference": appointment.reference, "name": municipality}
    return mail_send(subject=title, body=body, to=appointment.email)
