"""The staff pages of appointments: the day's agenda (scope, one audit event a page, a constant number of
queries), marking who came or cancelling, and publishing and withdrawing times."""

from __future__ import annotations

import datetime
from itertools import count
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, office_of, staff_member
from grizha.casework.models import Appointment, AppointmentSlot
from grizha.casework.tests.test_appointments_services import BYALA, at, bikovo, book, make_slot
from grizha.core.models import AuditEvent
from grizha.territory.models import Office

pytestmark = pytest.mark.django_db

AGENDA = "/staff/appointments/"
SLOTS = "/staff/appointments/slots/"
_numbers = count(1)


def byala() -> Office:
    return office_of(Office.Kind.MAYORALTY, BYALA)


def staff_client(role: str = Role.FRONT_OFFICE, office: Office | None = None) -> Client:
    """A member of staff of `office`, logged in, reading the pages in English."""
    return log_in(Client(HTTP_ACCEPT_LANGUAGE="en"), staff_member(role, office))


def appointment_at(office: Office, starts_at: datetime.datetime, **fields: Any) -> Appointment:
    """An appointment at any time, past ones included (as if booked before the time began)."""
    values: dict[str, Any] = {
        "reference": f"T-{next(_numbers):06d}",
        "name": "Ivanka Petrova",
        "phone": "+359881234567",
        "about": "Help at home for my mother",
        "visit_needs": ["sign_language"],
        "language": "en",
        "consent_given_at": timezone.now(),
    }
    return Appointment.objects.create(slot=make_slot(office, starts_at=starts_at, capacity=10), **values | fields)


def today_at(hour: int) -> datetime.datetime:
    return at(0, hour)


# --- who may see what -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [AGENDA, SLOTS])
def test_an_anonymous_visitor_is_sent_to_the_login_page(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_an_anonymous_visitor_cannot_mark_or_withdraw(client: Client) -> None:
    appointment = appointment_at(bikovo(), today_at(9))
    for path in (f"{AGENDA}{appointment.pk}/mark/", f"{SLOTS}{appointment.slot_id}/withdraw/"):
        response = client.post(path, {"action": "attended"})
        assert response["Location"].startswith("/staff/login/")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_a_member_of_another_mayoralty_gets_not_found_for_bikovos_agenda() -> None:
    appointment_at(bikovo(), today_at(9))
    client = staff_client(office=byala())
    assert client.get(f"{AGENDA}?office={bikovo().pk}").status_code == 404
    assert client.get(f"{AGENDA}?office=not-an-id").status_code == 404
    assert not AuditEvent.objects.filter(action="grizha.appointment.agenda_viewed").exists()


def test_a_member_of_another_mayoralty_does_not_see_bikovos_appointments_among_theirs() -> None:
    appointment_at(bikovo(), today_at(9), name="Someone of Bikovo")
    appointment_at(byala(), today_at(9), name="Someone of Byala")
    page = staff_client(office=byala()).get(AGENDA).content.decode()
    assert "Someone of Byala" in page
    assert "Someone of Bikovo" not in page


def test_the_central_office_sees_every_office_and_may_choose_one() -> None:
    appointment_at(bikovo(), today_at(9), name="Someone of Bikovo")
    appointment_at(byala(), today_at(9), name="Someone of Byala")
    client = staff_client(office=office_of())
    page = client.get(AGENDA).content.decode()
    assert "Someone of Bikovo" in page and "Someone of Byala" in page
    page = client.get(f"{AGENDA}?office={bikovo().pk}").content.decode()
    assert "Someone of Bikovo" in page and "Someone of Byala" not in page


def test_a_member_of_another_mayoralty_gets_not_found_when_marking_bikovos_appointment() -> None:
    appointment = appointment_at(bikovo(), today_at(9))
    client = staff_client(office=byala())
    for action in ("attended", "missed", "cancel"):
        assert client.post(f"{AGENDA}{appointment.pk}/mark/", {"action": action}).status_code == 404
    assert client.post(f"{AGENDA}nonsense/mark/", {"action": "attended"}).status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


# --- the agenda -------------------------------------------------------------------------------------------


def test_the_agenda_shows_each_appointment_with_what_the_office_needs_to_know() -> None:
    appointment_at(bikovo(), today_at(9), email="person@example.org")
    page = staff_client(office=bikovo()).get(AGENDA).content.decode()
    for text in (
        "09:00 to 09:30: Ivanka Petrova",
        'href="tel:+359881234567"',
        'href="mailto:person@example.org"',
        "Help at home for my mother",
        "A Bulgarian sign language interpreter",
        '<strong class="tag">booked</strong>',
        'value="attended"',
        'value="missed"',
        'value="cancel"',
    ):
        assert text in page
    assert page.count("<h1") == 1


def test_the_agenda_of_another_day_is_chosen_by_its_date() -> None:
    appointment_at(bikovo(), at(3, 10), name="Later person")
    client = staff_client(office=bikovo())
    assert "Later person" not in client.get(AGENDA).content.decode()
    day = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    page = client.get(f"{AGENDA}?day={day}").content.decode()
    assert "Later person" in page
    assert f'value="{day}"' in page


def test_a_date_that_cannot_be_read_is_explained_and_shows_nobody() -> None:
    appointment_at(bikovo(), today_at(9))
    response = staff_client(office=bikovo()).get(f"{AGENDA}?day=31.02.2026")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_day">Enter a date like 2026-12-07</a>' in page
    assert page.startswith("<!DOCTYPE html>") and "<title>Error: " in page
    assert "Ivanka Petrova" not in page
    assert not AuditEvent.objects.filter(action="grizha.appointment.agenda_viewed").exists()


def test_a_day_without_appointments_says_so() -> None:
    assert "No appointments on this day." in staff_client(office=bikovo()).get(AGENDA).content.decode()


def test_viewing_the_agenda_is_audited_once_per_page_not_per_row() -> None:
    for hour in (9, 10, 11):
        appointment_at(bikovo(), today_at(hour))
    client = staff_client(office=office_of())
    client.get(f"{AGENDA}?office={bikovo().pk}")
    event = AuditEvent.objects.get(action="grizha.appointment.agenda_viewed")
    assert event.office_id == bikovo().pk
    assert event.data["day"] == timezone.localdate().isoformat()
    assert len(event.data["appointments"]) == 3
    assert event.actor is not None


def test_the_agenda_takes_as_many_queries_for_many_appointments_as_for_one() -> None:
    client = staff_client(office=office_of())
    appointment_at(bikovo(), today_at(9))
    client.get(AGENDA)
    with CaptureQueriesContext(connection) as one:
        client.get(AGENDA)
    for hour in (10, 11, 12, 13):
        appointment_at(bikovo(), today_at(hour))
        appointment_at(byala(), today_at(hour))
    with CaptureQueriesContext(connection) as many:
        assert client.get(AGENDA).content.decode().count('class="appointment"') == 9
    assert len(many) == len(one)


# --- marking and cancelling -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status"), [("attended", "attended"), ("missed", "missed"), ("cancel", "cancelled")]
)
def test_staff_mark_an_appointment_and_return_to_the_same_agenda(action: str, status: str) -> None:
    appointment = appointment_at(bikovo(), today_at(9))
    client = staff_client(office=office_of())
    response = client.post(f"{AGENDA}{appointment.pk}/mark/", {"action": action, "office": str(bikovo().pk)})
    assert response["Location"] == f"{AGENDA}?day={timezone.localdate().isoformat()}&office={bikovo().pk}"
    appointment.refresh_from_db()
    assert appointment.status == status
    page = client.get(response["Location"]).content.decode()
    assert appointment.reference in page  # the message names the appointment


def test_cancelling_tells_the_person_by_e_mail_when_they_gave_an_address(mailoutbox: list[Any]) -> None:
    appointment = appointment_at(bikovo(), at(1, 9), email="person@example.org")
    client = staff_client(office=bikovo())
    response = client.post(f"{AGENDA}{appointment.pk}/mark/", {"action": "cancel"}, follow=True)
    assert "We have e-mailed Ivanka Petrova to say so." in response.content.decode()
    (message,) = mailoutbox
    assert appointment.reference in message.subject


def test_an_appointment_of_a_later_day_may_be_cancelled_but_not_yet_marked() -> None:
    appointment_at(bikovo(), at(2, 9))
    day = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    page = staff_client(office=bikovo()).get(f"{AGENDA}?day={day}").content.decode()
    assert 'value="cancel"' in page
    assert 'value="attended"' not in page and 'value="missed"' not in page


def test_a_mark_that_is_refused_is_explained() -> None:
    appointment = appointment_at(bikovo(), at(2, 9))
    response = staff_client(office=bikovo()).post(
        f"{AGENDA}{appointment.pk}/mark/", {"action": "attended"}, follow=True
    )
    assert "You can mark this from the day of the appointment" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_an_unknown_action_changes_nothing() -> None:
    appointment = appointment_at(bikovo(), today_at(9))
    response = staff_client(office=bikovo()).post(f"{AGENDA}{appointment.pk}/mark/", {"action": "delete"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_marking_is_only_by_post() -> None:
    appointment = appointment_at(bikovo(), today_at(9))
    assert staff_client(office=bikovo()).get(f"{AGENDA}{appointment.pk}/mark/").status_code == 405


def test_a_cancelled_appointment_has_no_buttons() -> None:
    appointment_at(bikovo(), today_at(9), status=Appointment.Status.CANCELLED)
    page = staff_client(office=bikovo()).get(AGENDA).content.decode()
    assert "cancelled" in page
    assert 'name="action"' not in page


# --- publishing times -------------------------------------------------------------------------------------


def test_front_office_staff_may_not_publish_times() -> None:
    assert staff_client(Role.FRONT_OFFICE, bikovo()).get(SLOTS).status_code == 403


def test_a_manager_publishes_times_for_their_office() -> None:
    client = staff_client(Role.OFFICE_MANAGER, bikovo())
    first = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        SLOTS,
        {
            "office": str(bikovo().pk),
            "first_day": first.isoformat(),
            "last_day": (first + datetime.timedelta(days=6)).isoformat(),
            "weekdays": ["0", "1", "2", "3", "4"],
            "times": "09:00-09:30\n09:30-10:00",
            "capacity": "2",
        },
        follow=True,
    )
    assert AppointmentSlot.objects.filter(office=bikovo(), capacity=2).count() == 10
    page = response.content.decode()
    assert "Published 10 new times." in page
    assert "09:00 to 09:30" in page and "0 of 2" in page


def test_each_mistake_in_publishing_is_named_in_the_summary() -> None:
    client = staff_client(Role.OFFICE_MANAGER, bikovo())
    today = timezone.localdate()
    response = client.post(
        SLOTS,
        {
            "office": str(bikovo().pk),
            "first_day": (today + datetime.timedelta(days=5)).isoformat(),
            "last_day": (today + datetime.timedelta(days=1)).isoformat(),
            "weekdays": ["0"],
            "times": "nine till ten",
            "capacity": "0",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "#id_times" in page and "“nine till ten” is not like that" in page
    assert '<a href="#id_capacity">The number of people at a time must be between 1 and 50</a>' in page
    assert ">nine till ten</textarea>" in page  # answers kept
    assert not AppointmentSlot.objects.exists()


def test_a_refusal_of_the_range_is_shown_beside_its_field() -> None:
    client = staff_client(Role.OFFICE_MANAGER, bikovo())
    today = timezone.localdate()
    page = client.post(
        SLOTS,
        {
            "office": str(bikovo().pk),
            "first_day": (today + datetime.timedelta(days=5)).isoformat(),
            "last_day": (today + datetime.timedelta(days=1)).isoformat(),
            "weekdays": ["0"],
            "times": "09:00-09:30",
            "capacity": "1",
        },
    ).content.decode()
    assert '<a href="#id_last_day">The last day must be the same as or after the first day</a>' in page


def test_a_manager_cannot_publish_for_an_office_outside_their_scope() -> None:
    client = staff_client(Role.OFFICE_MANAGER, byala())
    first = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    page = client.post(
        SLOTS,
        {"office": str(bikovo().pk), "first_day": first, "last_day": first, "weekdays": ["0"], "times": "09:00-09:30"},
    ).content.decode()
    assert "Select the office" in page
    assert not AppointmentSlot.objects.exists()


def test_a_member_of_another_mayoralty_gets_not_found_for_bikovos_times() -> None:
    slot = make_slot(bikovo())
    client = staff_client(Role.OFFICE_MANAGER, byala())
    assert client.get(f"{SLOTS}?office={bikovo().pk}").status_code == 404
    assert client.post(f"{SLOTS}{slot.pk}/withdraw/").status_code == 404
    slot.refresh_from_db()
    assert slot.published


def test_a_manager_withdraws_a_time_and_is_told_who_had_booked_it() -> None:
    slot = make_slot(bikovo())
    book(slot)
    client = staff_client(Role.OFFICE_MANAGER, bikovo())
    response = client.post(f"{SLOTS}{slot.pk}/withdraw/", follow=True)
    slot.refresh_from_db()
    assert not slot.published
    page = response.content.decode()
    assert "is no longer offered" in page
    assert "1 person has booked it and is still booked" in page


def test_the_list_of_times_takes_as_many_queries_for_many_times_as_for_one() -> None:
    client = staff_client(Role.OFFICE_MANAGER, bikovo())
    book(make_slot(bikovo()))
    client.get(SLOTS)
    with CaptureQueriesContext(connection) as one:
        client.get(SLOTS)
    for days in range(2, 12):
        book(make_slot(bikovo(), starts_at=at(days), capacity=2))
    with CaptureQueriesContext(connection) as many:
        assert client.get(SLOTS).content.decode().count("/withdraw/") == 11
    assert len(many) == len(one)
