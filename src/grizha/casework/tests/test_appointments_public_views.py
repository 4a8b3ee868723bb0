"""Booking an appointment on the public site with the test client: the office, the day and time, the
details, check your answers, the reference and the link to cancel, in Bulgarian and in English; what
each mistake says; and what happens when the time is gone before the booking is made."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from grizha.accounts.testing import office_of
from grizha.casework.models import Appointment, AppointmentSlot
from grizha.casework.selectors import appointments as selectors
from grizha.casework.tests.factories import shown_minutes_ago
from grizha.casework.tests.test_appointments_services import at, bikovo, book, booked_in_the_past, make_slot
from grizha.casework.views.public import appointments as views

pytestmark = pytest.mark.django_db

PREFIX = {"bg": "/appointments/", "en": "/en/appointments/"}


def url(lang: str, step: str = "") -> str:
    return PREFIX[lang] + (f"{step}/" if step else "")


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def in_language(lang: str, message: str) -> str:
    """The message as the page shows it: in the page's language, escaped for HTML."""
    with translation.override(lang):
        return escape(gettext(message))


def details(**changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "name": "Ivanka Petrova",
        "phone": "0881 234 567",
        "email": "",
        "about": "Help at home for my mother",
        "visit_needs": ["sign_language"],
        "consent": "on",
        "started": shown_minutes_ago(),
        "website": "",
    }
    answers.update(changes)
    return {name: value for name, value in answers.items() if value is not None}


def choose(client: Client, slot: AppointmentSlot, lang: str = "en", **changes: Any) -> None:
    """Answer the three questions; the next page is "check your answers"."""
    assert client.post(url(lang), {"office": str(slot.office_id)})["Location"] == url(lang, "time")
    assert client.post(url(lang, "time"), {"slot": str(slot.pk)})["Location"] == url(lang, "details")
    response = client.post(url(lang, "details"), details(**changes))
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == url(lang, "check")


# --- the office -------------------------------------------------------------------------------------------


def test_only_offices_with_a_free_time_are_offered(client: Client) -> None:
    make_slot(bikovo())
    make_slot(office_of(), published=False)
    book(make_slot(office_of(), starts_at=at(2)))  # full
    page = client.get(url("en")).content.decode()
    assert "Bikovo Mayoralty" in page
    assert "25 Parva St" in page
    assert "Administrative Service Centre" not in page
    assert page.count("<h1") == 1
    assert '<form method="post" action="/en/appointments/" novalidate>' in page


def test_without_free_times_the_page_says_whom_to_call(client: Client) -> None:
    page = client.get(url("en")).content.decode()
    assert "There are no free appointment times just now." in page
    assert 'href="/en/offices/"' in page


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_choosing_no_office_is_named_in_the_summary_and_beside_the_question(client: Client, lang: str) -> None:
    make_slot(bikovo())
    page = client.post(url(lang), {}).content.decode()
    said = in_language(lang, "Select the office where you would like to go")
    assert f'<a href="#id_office_0">{said}</a>' in page
    assert f"</span> {said}</p>" in page
    assert f"<title>{in_language(lang, 'Error:')} " in page


def test_an_office_without_free_times_cannot_be_chosen(client: Client) -> None:
    make_slot(bikovo())
    response = client.post(url("en"), {"office": str(office_of().pk)})
    assert response.status_code == 200
    assert "Select the office where you would like to go" in response.content.decode()


# --- the day and time -------------------------------------------------------------------------------------


def test_the_free_times_are_grouped_by_day_each_in_its_own_fieldset(client: Client) -> None:
    first, second = make_slot(bikovo(), starts_at=at(1, 9)), make_slot(bikovo(), starts_at=at(1, 10))
    make_slot(bikovo(), starts_at=at(2, 9), home_visit=True)
    book(make_slot(bikovo(), starts_at=at(1, 11)))  # full: not offered
    client.post(url("en"), {"office": str(bikovo().pk)})
    page = client.get(url("en", "time")).content.decode()
    assert page.count('<fieldset class="fieldset appointment-day">') == 2
    with translation.override("en"):
        day = selectors.day_label(timezone.localdate(first.starts_at))
    assert f'<h2 class="appointment-day__title">{day}</h2>' in page
    assert f'id="id_slot_0" name="slot" value="{first.pk}"' in page
    assert f'value="{second.pk}"' in page
    assert "09:00 to 09:30" in page and "10:00 to 10:30" in page and "11:00 to 11:30" not in page
    assert "09:00 to 09:30, a visit to your home" in page
    assert "<script" not in page.split("<main", 1)[1]


def test_the_time_page_without_an_office_goes_back_to_the_office(client: Client) -> None:
    assert client.get(url("en", "time"))["Location"] == url("en")


@pytest.mark.parametrize(
    ("slot", "message"), [("", "Select a day and time"), ("not-a-time", "Select one of the times on the list")]
)
def test_a_missing_or_unknown_time_is_named_in_the_summary(client: Client, slot: str, message: str) -> None:
    make_slot(bikovo())
    client.post(url("en"), {"office": str(bikovo().pk)})
    page = client.post(url("en", "time"), {"slot": slot}).content.decode()
    assert f'<a href="#id_slot_0">{message}</a>' in page


def test_a_time_of_another_office_cannot_be_chosen(client: Client) -> None:
    make_slot(bikovo())
    other = make_slot(office_of())
    client.post(url("en"), {"office": str(bikovo().pk)})
    response = client.post(url("en", "time"), {"slot": str(other.pk)})
    assert response.status_code == 200
    assert "Select one of the times on the list" in response.content.decode()


def test_choosing_another_office_forgets_the_time(client: Client) -> None:
    slot = make_slot(bikovo())
    make_slot(office_of())
    client.post(url("en"), {"office": str(bikovo().pk)})
    client.post(url("en", "time"), {"slot": str(slot.pk)})
    client.post(url("en"), {"office": str(office_of().pk)})
    assert client.session[views.DRAFT]["slot"] is None
    assert client.get(url("en", "details"))["Location"] == url("en", "time")


# --- the details ------------------------------------------------------------------------------------------


MESSAGES = [
    ({"name": ""}, "id_name", "Enter your name"),
    ({"phone": "12345"}, "id_phone", "Enter a Bulgarian phone number, like 0881 234 567 or +359 44 611 100"),
    ({"email": "person@"}, "id_email", "Enter an e-mail address in the right format, like name@example.com"),
    ({"phone": "", "email": ""}, "id_phone", "Enter a phone number or an e-mail address, so that we can contact you"),
    ({"about": ""}, "id_about", "Tell us what you would like to talk about"),
    ({"visit_needs": ["a-helicopter"]}, "id_visit_needs_0", "Select only the options on the list"),
    ({"consent": None}, "id_consent", "Select the box to agree that we may use your details for this appointment"),
]


@pytest.mark.parametrize("lang", ["bg", "en"])
@pytest.mark.parametrize(("changes", "anchor", "message"), MESSAGES)
def test_each_mistake_in_the_details_is_named_in_the_summary_and_beside_the_field(
    client: Client, lang: str, changes: dict[str, Any], anchor: str, message: str
) -> None:
    slot = make_slot(bikovo())
    client.post(url(lang), {"office": str(slot.office_id)})
    client.post(url(lang, "time"), {"slot": str(slot.pk)})
    response = client.post(url(lang, "details"), details(**changes))
    page = response.content.decode()
    said = in_language(lang, message)
    assert response.status_code == 200
    assert f'<a href="#{anchor}">{said}</a>' in page
    assert f"</span> {said}</p>" in page
    assert f"<title>{in_language(lang, 'Error:')} " in page
    assert "Ivanka Petrova" in page or "name" in changes  # answers kept
    assert "details" not in client.session[views.DRAFT]


def test_details_sent_sooner_than_a_person_could_are_refused(client: Client) -> None:
    slot = make_slot(bikovo())
    client.post(url("en"), {"office": str(slot.office_id)})
    client.post(url("en", "time"), {"slot": str(slot.pk)})
    page = client.post(url("en", "details"), details(started="")).content.decode()
    assert "This form was sent very quickly" in page


def test_a_filled_trap_is_refused_without_keeping_anything(client: Client) -> None:
    slot = make_slot(bikovo())
    client.post(url("en"), {"office": str(slot.office_id)})
    client.post(url("en", "time"), {"slot": str(slot.pk)})
    assert client.post(url("en", "details"), details(website="http://spam.example")).status_code == 400
    assert "details" not in client.session[views.DRAFT]


def test_a_home_visit_asks_for_the_address_in_the_box_about_it(client: Client) -> None:
    slot = make_slot(bikovo(), home_visit=True)
    client.post(url("en"), {"office": str(slot.office_id)})
    client.post(url("en", "time"), {"slot": str(slot.pk)})
    assert "write your address here too" in client.get(url("en", "details")).content.decode()


# --- check your answers and the booking -------------------------------------------------------------------


def test_check_your_answers_shows_every_answer_with_a_link_to_change_it(client: Client) -> None:
    slot = make_slot(bikovo())
    choose(client, slot)
    page = client.get(url("en", "check")).content.decode()
    for answer in (
        "Bikovo Mayoralty",
        "09:00 to 09:30",
        "Help at home for my mother",
        "Ivanka Petrova",
        "0881 234 567",
    ):
        assert answer in page
    assert "A Bulgarian sign language interpreter" in page
    assert 'href="/en/appointments/time/#id_slot_0"' in page
    assert 'href="/en/appointments/details/#id_email"' in page
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_the_whole_journey_ends_with_the_reference_the_address_and_the_link_to_cancel(
    client: Client, lang: str
) -> None:
    slot = make_slot(bikovo())
    choose(client, slot, lang)
    response = client.post(url(lang, "check"))
    assert response["Location"] == url(lang, "booked")
    appointment = Appointment.objects.get()
    assert appointment.language == lang
    page = client.get(url(lang, "booked")).content.decode()
    assert f'<strong class="reference">{appointment.reference}</strong>' in page
    assert escape(slot.office.address) in page
    token = selectors.cancel_token(appointment)
    assert f'href="http://testserver{url(lang, "cancel")}{token}/"' in page
    assert page.count("<h1") == 1
    assert views.DRAFT not in client.session


def test_the_confirmation_is_e_mailed_with_the_cancel_link(client: Client, mailoutbox: list[Any]) -> None:
    choose(client, make_slot(bikovo()), email="person@example.org")
    client.post(url("en", "check"))
    appointment = Appointment.objects.get()
    (message,) = mailoutbox
    assert appointment.reference in message.subject
    assert selectors.cancel_url(appointment) in message.body
    page = client.get(url("en", "booked")).content.decode()
    assert "We have sent a confirmation with this reference and the link to cancel to person@example.org." in page


def test_a_time_taken_meanwhile_sends_the_person_back_to_choose_another(client: Client) -> None:
    slot = make_slot(bikovo())
    make_slot(bikovo(), starts_at=at(2))
    choose(client, slot)
    book(slot, name="Someone quicker")
    assert client.post(url("en", "check"))["Location"] == url("en", "time")
    page = client.get(url("en", "time")).content.decode()
    assert '<a href="#id_slot_0">The time you chose is no longer free. Choose another time</a>' in page
    assert Appointment.objects.count() == 1
    assert client.session[views.DRAFT]["details"]["name"] == "Ivanka Petrova"  # the details are kept


def test_a_time_taken_at_the_moment_of_booking_is_explained(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    slot = make_slot(bikovo())
    make_slot(bikovo(), starts_at=at(2))
    choose(client, slot)
    book(slot, name="Someone quicker")
    monkeypatch.setattr(views.selectors, "free_slot", lambda office, key: slot)  # it looked free a moment ago
    assert client.post(url("en", "check"))["Location"] == url("en", "time")
    monkeypatch.undo()
    page = client.get(url("en", "time")).content.decode()
    assert "Someone else has just booked the last place at this time. Choose another time" in page


def test_booking_twice_keeps_one_appointment(client: Client) -> None:
    choose(client, make_slot(bikovo(), capacity=2))
    client.post(url("en", "check"))
    assert client.post(url("en", "check"))["Location"] == url("en", "time")
    assert Appointment.objects.count() == 1


def test_too_many_bookings_from_one_address_are_refused_and_the_answers_kept(client: Client) -> None:
    slot = make_slot(bikovo(), capacity=10)
    for _attempt in range(views.BOOKINGS_PER_HOUR):
        choose(client, slot)
        client.post(url("en", "check"))
    choose(client, slot)
    response = client.post(url("en", "check"))
    assert response.status_code == 429
    assert 'href="#book"' in response.content.decode()
    assert Appointment.objects.count() == views.BOOKINGS_PER_HOUR


def test_bad_input_of_every_kind_does_not_crash(client: Client) -> None:
    make_slot(bikovo())
    for step in ("", "time", "details", "check"):
        assert client.post(url("en", step), {"office": "<script>", "slot": "../", "visit_needs": "x"}).status_code in (
            200,
            302,
            400,
        )
    for step in ("time", "details", "check", "booked"):
        assert client.get(url("en", step)).status_code == 302
    session = client.session
    session[views.DRAFT] = {"office": "nonsense", "slot": "nonsense", "details": {"name": 5}}
    session.save()
    assert client.get(url("en", "check")).status_code == 302


# --- cancelling with the link -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_the_link_shows_the_appointment_and_cancels_it(client: Client, lang: str) -> None:
    appointment = book(make_slot(bikovo()), language=lang)
    link = f"{url(lang, 'cancel')}{selectors.cancel_token(appointment)}/"
    page = client.get(link).content.decode()
    assert appointment.reference in page
    assert in_language(lang, "Cancel the appointment") in page
    assert "Ivanka" not in page  # the link shows the time and the place, not the person
    response = client.post(link)
    assert response["Location"] == f"{link}done/"
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    page = client.get(f"{link}done/").content.decode()
    assert in_language(lang, "Your appointment is cancelled") in page


def test_a_tampered_link_is_not_found(client: Client) -> None:
    appointment = book(make_slot(bikovo()))
    token = selectors.cancel_token(appointment)
    assert client.get(f"{url('en', 'cancel')}{token[:-2]}xx/").status_code == 404
    assert client.post(f"{url('en', 'cancel')}{token[:-2]}xx/").status_code == 404
    assert client.get(f"{url('en', 'cancel')}nonsense/done/").status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_a_cancelled_appointment_says_so_without_a_button(client: Client) -> None:
    appointment = book(make_slot(bikovo()))
    link = f"{url('en', 'cancel')}{selectors.cancel_token(appointment)}/"
    client.post(link)
    page = client.get(link).content.decode()
    assert "This appointment is cancelled." in page
    assert 'id="cancel"' not in page
    assert client.post(link).status_code == 200


def test_an_appointment_that_has_begun_cannot_be_cancelled_by_link(client: Client) -> None:
    appointment = booked_in_the_past()
    link = f"{url('en', 'cancel')}{selectors.cancel_token(appointment)}/"
    assert 'id="cancel"' not in client.get(link).content.decode()
    client.post(link)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_a_link_used_twice_at_once_explains_what_happened(client: Client) -> None:
    appointment = book(make_slot(bikovo()))
    link = f"{url('en', 'cancel')}{selectors.cancel_token(appointment)}/"
    client.get(link)
    Appointment.objects.filter(pk=appointment.pk).update(status=Appointment.Status.CANCELLED)  # the other tab
    real = selectors.appointment_for_token
    stale = real(selectors.cancel_token(appointment))
    assert stale is not None
    stale.status = Appointment.Status.BOOKED  # as this tab read it, a moment before
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(views.selectors, "appointment_for_token", lambda token: stale)
        page = client.post(link).content.decode()
    assert '<a href="#status">This appointment is now “cancelled”, so it cannot be changed this way</a>' in page
    assert "This appointment is cancelled." in page


def test_the_done_page_of_a_booked_appointment_goes_back_to_the_link(client: Client) -> None:
    appointment = book(make_slot(bikovo()))
    link = f"{url('en', 'cancel')}{selectors.cancel_token(appointment)}/"
    assert client.get(f"{link}done/")["Location"] == link


def test_pages_with_personal_details_are_not_cached(client: Client) -> None:
    appointment = book(make_slot(bikovo()))
    response = client.get(f"{url('en', 'cancel')}{selectors.cancel_token(appointment)}/")
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
