"""The writes of appointments: publishing times, booking (the last place taken once only), cancelling by
the person's signed link or by staff, marking who came, and the e-mails. Also the helpers the other
appointment tests use to make times and bookings."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from grizha.accounts.roles import Role
from grizha.accounts.testing import office_of, staff_member
from grizha.casework.models import Appointment, AppointmentSlot
from grizha.casework.selectors import appointments as selectors
from grizha.casework.services import appointments as services
from grizha.core.models import AuditEvent
from grizha.demo.appointments import WORKING_DAYS, ensure_demo_slots
from grizha.territory.models import Office

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """The refusals are read in English (the messages' own words), whatever language is active."""
    with translation.override("en"):
        yield


BIKOVO = "SLV20-01"
BYALA = "SLV20-06"


def bikovo() -> Office:
    return office_of(Office.Kind.MAYORALTY, BIKOVO)


def at(days: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """A local time `days` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def make_slot(
    office: Office | None = None,
    *,
    starts_at: datetime.datetime | None = None,
    capacity: int = 1,
    published: bool = True,
    home_visit: bool = False,
) -> AppointmentSlot:
    start = starts_at or at(1)
    return AppointmentSlot.objects.create(
        office=office or office_of(),
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=30),
        capacity=capacity,
        published=published,
        home_visit=home_visit,
    )


def book(slot: AppointmentSlot, **changes: Any) -> Appointment:
    details: dict[str, Any] = {
        "name": "Ivanka Petrova",
        "phone": "0881 234 567",
        "email": "",
        "about": "Help at home for my mother",
        "visit_needs": ["sign_language"],
        "language": "en",
    }
    return services.appointment_book(slot_id=str(slot.pk), **(details | changes))


def booked_in_the_past(**changes: Any) -> Appointment:
    """An appointment whose time has begun (booked before it did)."""
    slot = make_slot(starts_at=timezone.now() - datetime.timedelta(minutes=10))
    return Appointment.objects.create(
        reference=f"T-{AppointmentSlot.objects.count():06d}",
        slot=slot,
        name="Ivanka Petrova",
        phone="+359881234567",
        language="en",
        consent_given_at=timezone.now(),
        **changes,
    )


def refusal(error: pytest.ExceptionInfo[ValidationError]) -> tuple[str | None, str]:
    return error.value.error_list[0].code, error.value.messages[0]


# --- the times offered ------------------------------------------------------------------------------------


def test_time_ranges_are_read_in_order_without_repeats() -> None:
    ranges = services.parse_time_ranges("10:00-10:30, 9:00 - 9:30\n09.30–10.00; 10:00-10:30")
    assert [(f"{a:%H:%M}", f"{b:%H:%M}") for a, b in ranges] == [
        ("09:00", "09:30"),
        ("09:30", "10:00"),
        ("10:00", "10:30"),
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("nine to ten", "invalid_time"),
        ("25:00-26:00", "invalid_time"),
        ("10:00-09:30", "end_before_start"),
        ("", "no_times"),
    ],
)
def test_a_time_range_that_cannot_be_read_is_refused_with_a_reason(text: str, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.parse_time_ranges(text)
    assert error.value.code == code


def test_times_are_published_on_the_chosen_weekdays_only() -> None:
    office = bikovo()
    first = timezone.localdate() + datetime.timedelta(days=1)
    offered = services.slots_publish(
        office=office,
        first_day=first,
        last_day=first + datetime.timedelta(days=13),
        weekdays=[0, 2],
        times="09:00-09:30, 09:30-10:00",
        capacity=2,
        by=None,
    )
    slots = AppointmentSlot.objects.filter(office=office)
    assert offered == slots.count() == 4 * 2  # two Mondays and two Wednesdays in any fortnight, two times each
    assert {timezone.localtime(slot.starts_at).weekday() for slot in slots} == {0, 2}
    assert {f"{timezone.localtime(slot.starts_at):%H:%M}" for slot in slots} == {"09:00", "09:30"}
    assert all(slot.capacity == 2 and slot.published and not slot.home_visit for slot in slots)


def test_publishing_again_leaves_the_times_already_offered() -> None:
    office, first = bikovo(), timezone.localdate() + datetime.timedelta(days=1)
    arguments: dict[str, Any] = {"office": office, "first_day": first, "last_day": first, "weekdays": range(7)}
    assert services.slots_publish(**arguments, times="09:00-09:30", by=None) == 1
    assert services.slots_publish(**arguments, times="09:00-09:30\n10:00-10:30", by=None) == 1
    assert AppointmentSlot.objects.filter(office=office).count() == 2


def test_publishing_again_offers_a_withdrawn_time_once_more() -> None:
    slot = make_slot(published=False)
    first = timezone.localdate(slot.starts_at)
    services.slots_publish(
        office=slot.office, first_day=first, last_day=first, weekdays=range(7), times="09:00-09:30", by=None
    )
    slot.refresh_from_db()
    assert slot.published
    assert AppointmentSlot.objects.filter(office=slot.office).count() == 1


def test_times_of_today_that_have_passed_are_not_published() -> None:
    today = timezone.localdate()
    offered = services.slots_publish(
        office=bikovo(), first_day=today, last_day=today, weekdays=range(7), times="00:00-00:01", by=None
    )
    assert offered == 0
    assert not AppointmentSlot.objects.exists()


@pytest.mark.parametrize(
    ("days", "weekdays", "capacity", "field"),
    [
        ((-1, 0), [0], 1, "first_day"),
        ((2, 1), [0], 1, "last_day"),
        ((1, 2), [], 1, "weekdays"),
        ((1, 2), [0], 0, "capacity"),
    ],
)
def test_a_range_that_makes_no_sense_is_refused_beside_its_field(
    days: tuple[int, int], weekdays: list[int], capacity: int, field: str
) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.slots_publish(
            office=bikovo(),
            first_day=today + datetime.timedelta(days=days[0]),
            last_day=today + datetime.timedelta(days=days[1]),
            weekdays=weekdays,
            times="09:00-09:30",
            capacity=capacity,
            by=None,
        )
    assert list(error.value.error_dict) == [field]


def test_publishing_is_audited_with_the_office() -> None:
    manager = staff_member(Role.OFFICE_MANAGER, bikovo())
    first = timezone.localdate() + datetime.timedelta(days=1)
    services.slots_publish(
        office=bikovo(), first_day=first, last_day=first, weekdays=range(7), times="09:00-09:30", by=manager
    )
    event = AuditEvent.objects.get(action="grizha.appointment.slots_published")
    assert (event.actor, event.office_id, event.data["offered"]) == (manager, bikovo().pk, 1)


def test_a_withdrawn_time_keeps_its_bookings_and_says_how_many() -> None:
    slot = make_slot(capacity=2)
    appointment = book(slot)
    manager = staff_member(Role.OFFICE_MANAGER)
    assert services.slot_unpublish(slot=slot, by=manager) == 1
    slot.refresh_from_db()
    appointment.refresh_from_db()
    assert not slot.published
    assert appointment.status == Appointment.Status.BOOKED
    assert AuditEvent.objects.filter(action="grizha.appointment.slot_unpublished", actor=manager).exists()


# --- booking ----------------------------------------------------------------------------------------------


def test_a_booking_has_a_reference_the_consent_and_the_details() -> None:
    appointment = book(make_slot(), email=" person@example.org ")
    assert re.fullmatch(r"\d{4}-\d{6}", appointment.reference)
    assert appointment.phone == "+359881234567"
    assert appointment.email == "person@example.org"
    assert appointment.visit_needs == ["sign_language"]
    assert appointment.consent_given_at is not None
    assert appointment.status == Appointment.Status.BOOKED
    event = AuditEvent.objects.get(action="grizha.appointment.booked")
    assert event.actor is None and event.object_id == str(appointment.pk)


def test_the_last_place_cannot_be_taken_twice() -> None:
    slot = make_slot(capacity=2)
    book(slot)
    book(slot, name="Petar Petrov")
    with pytest.raises(ValidationError) as error:
        book(slot, name="Georgi Georgiev")
    assert refusal(error) == ("full", "Someone else has just booked the last place at this time. Choose another time")
    assert slot.appointments.count() == 2


def test_a_cancelled_place_can_be_booked_again() -> None:
    slot = make_slot()
    services.appointment_cancel(appointment=book(slot), by=None, via="link")
    assert book(slot, name="Petar Petrov").status == Appointment.Status.BOOKED


def test_booking_locks_the_time_before_counting_its_places() -> None:
    """Two people at once cannot both see a free last place: PostgreSQL locks the time's row first
    (SELECT … FOR UPDATE); SQLite has no row locks, so each writing transaction there is IMMEDIATE and
    takes the database's write lock at BEGIN, before the count."""
    slot = make_slot()
    with CaptureQueriesContext(connection) as queries:
        book(slot)
    if connection.vendor == "postgresql":
        sql = [query["sql"] for query in queries.captured_queries]
        locked = next(i for i, s in enumerate(sql) if "FOR UPDATE" in s and "appointmentslot" in s)
        counted = next(i for i, s in enumerate(sql) if "COUNT(" in s and "casework_appointment" in s)
        assert locked < counted
    else:
        assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_time_that_is_not_published_cannot_be_booked() -> None:
    with pytest.raises(ValidationError) as error:
        book(make_slot(published=False))
    assert refusal(error) == ("unpublished", "This time is no longer offered. Choose another time")
    assert not Appointment.objects.exists()


def test_a_time_that_has_begun_cannot_be_booked() -> None:
    with pytest.raises(ValidationError) as error:
        book(make_slot(starts_at=timezone.now() - datetime.timedelta(minutes=1)))
    assert refusal(error) == ("past", "This time has passed. Choose another time")


@pytest.mark.parametrize("slot_id", [str(AppointmentSlot().pk), "not-an-id"])
def test_an_unknown_time_cannot_be_booked(slot_id: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.appointment_book(slot_id=slot_id, name="X", phone="0881234567", language="en")
    assert refusal(error)[0] == "unpublished"


@pytest.mark.parametrize(
    "changes",
    [{"phone": "12345"}, {"phone": "", "email": ""}, {"visit_needs": ["a-helicopter"]}, {"name": ""}],
)
def test_details_that_are_not_valid_are_refused_without_using_a_reference(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        book(make_slot(), **changes)
    assert not Appointment.objects.exists()


# --- the person's link to cancel --------------------------------------------------------------------------


def test_the_cancel_link_leads_back_to_its_appointment() -> None:
    appointment = book(make_slot())
    token = selectors.cancel_token(appointment)
    assert selectors.appointment_for_token(token) == appointment
    assert selectors.cancel_url(appointment) == f"{settings.GRIZHA_BASE_URL}/en/appointments/cancel/{token}/"


def test_a_tampered_cancel_link_leads_nowhere() -> None:
    one, other = book(make_slot(capacity=2)), book(make_slot(capacity=2, starts_at=at(2)))
    token = selectors.cancel_token(one)
    forged = other.pk.hex + token[token.index(":") :]
    assert selectors.appointment_for_token(forged) is None
    assert selectors.appointment_for_token(token[:-1]) is None
    assert selectors.appointment_for_token("nonsense") is None


def test_a_signature_made_for_something_else_does_not_open_an_appointment() -> None:
    appointment = book(make_slot())
    assert selectors.appointment_for_token(signing.Signer(salt="another").sign(appointment.pk.hex)) is None


def test_the_person_cancels_through_the_link_and_the_place_is_free() -> None:
    slot = make_slot()
    appointment = services.appointment_cancel(appointment=book(slot), by=None, via="link")
    assert appointment.status == Appointment.Status.CANCELLED
    assert appointment.cancelled_at is not None
    assert selectors.free_slots().filter(pk=slot.pk).exists()
    event = AuditEvent.objects.get(action="grizha.appointment.cancelled")
    assert event.actor is None and event.data == {"via": "link"}


def test_the_link_cannot_cancel_an_appointment_that_has_begun() -> None:
    with pytest.raises(ValidationError) as error:
        services.appointment_cancel(appointment=booked_in_the_past(), by=None, via="link")
    assert refusal(error) == ("past", "This appointment has already begun, so it cannot be cancelled")


def test_an_appointment_cannot_be_cancelled_twice() -> None:
    appointment = book(make_slot())
    services.appointment_cancel(appointment=appointment, by=None, via="link")
    with pytest.raises(ValidationError) as error:
        services.appointment_cancel(appointment=appointment, by=None, via="link")
    assert refusal(error) == ("stale", "This appointment is now “cancelled”, so it cannot be changed this way")


def test_staff_cancel_with_an_audit_event_in_their_name() -> None:
    member = staff_member(Role.FRONT_OFFICE)
    appointment = services.appointment_cancel(appointment=book(make_slot()), by=member)
    assert appointment.status == Appointment.Status.CANCELLED
    event = AuditEvent.objects.get(action="grizha.appointment.cancelled")
    assert (event.actor, event.office_id) == (member, appointment.slot.office_id)


# --- who came ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("attended", "status"), [(True, "attended"), (False, "missed")])
def test_staff_mark_whether_the_person_came(attended: bool, status: str) -> None:
    member = staff_member(Role.FRONT_OFFICE)
    appointment = services.appointment_mark(appointment=booked_in_the_past(), by=member, attended=attended)
    assert appointment.status == status
    assert AuditEvent.objects.filter(action=f"grizha.appointment.{status}", actor=member).exists()


def test_a_mark_made_by_mistake_can_be_put_right() -> None:
    member = staff_member(Role.FRONT_OFFICE)
    appointment = services.appointment_mark(appointment=booked_in_the_past(), by=member, attended=False)
    assert services.appointment_mark(appointment=appointment, by=member, attended=True).status == "attended"


def test_an_appointment_of_a_later_day_cannot_be_marked_yet() -> None:
    with pytest.raises(ValidationError) as error:
        services.appointment_mark(appointment=book(make_slot()), by=staff_member(), attended=True)
    assert refusal(error)[0] == "too_early"


def test_a_cancelled_appointment_cannot_be_marked() -> None:
    appointment = booked_in_the_past(status=Appointment.Status.CANCELLED)
    with pytest.raises(ValidationError) as error:
        services.appointment_mark(appointment=appointment, by=staff_member(), attended=True)
    assert refusal(error)[0] == "stale"


# --- e-mail -----------------------------------------------------------------------------------------------


def test_the_confirmation_e_mail_has_the_reference_the_time_and_the_cancel_link(mailoutbox: list[Any]) -> None:
    appointment = book(make_slot(bikovo(), starts_at=at(1, 9, 30)), email="person@example.org")
    assert services.appointment_confirm_by_email(appointment=appointment)
    (message,) = mailoutbox
    assert message.to == ["person@example.org"]
    assert appointment.reference in message.subject
    assert appointment.reference in message.body
    assert selectors.cancel_url(appointment) in message.body
    assert "09:30 to 10:00" in message.body
    assert "Bikovo Mayoralty, 25 Parva St" in message.body


def test_the_confirmation_is_in_the_language_the_person_booked_in(mailoutbox: list[Any]) -> None:
    appointment = book(make_slot(bikovo()), email="person@example.org", language="bg")
    services.appointment_confirm_by_email(appointment=appointment)
    (message,) = mailoutbox
    assert "Кметство Биково" in message.body
    assert f"{settings.GRIZHA_BASE_URL}/appointments/cancel/" in message.body  # the Bulgarian link, unprefixed


def test_no_e_mail_is_sent_without_an_address(mailoutbox: list[Any]) -> None:
    assert not services.appointment_confirm_by_email(appointment=book(make_slot()))
    assert not mailoutbox


def test_the_person_is_told_by_e_mail_when_staff_cancel(mailoutbox: list[Any]) -> None:
    appointment = services.appointment_cancel(
        appointment=book(make_slot(), email="person@example.org"), by=staff_member()
    )
    assert services.appointment_cancellation_by_email(appointment=appointment)
    (message,) = mailoutbox
    assert appointment.reference in message.subject
    assert "the office has cancelled your appointment" in message.body


# --- the demo ---------------------------------------------------------------------------------------------


def test_the_demo_offers_times_on_the_next_working_days_at_two_offices() -> None:
    assert ensure_demo_slots() > 0
    offices = {slot.office for slot in AppointmentSlot.objects.select_related("office")}
    assert offices == {office_of(), bikovo()}
    days = {timezone.localdate(slot.starts_at) for slot in AppointmentSlot.objects.filter(office=bikovo())}
    assert len(days) == WORKING_DAYS
    assert all(day.weekday() < 5 and day > timezone.localdate() for day in days)


def test_the_demo_times_are_made_once() -> None:
    ensure_demo_slots()
    count = AppointmentSlot.objects.count()
    assert ensure_demo_slots() == 0
    assert AppointmentSlot.objects.count() == count
