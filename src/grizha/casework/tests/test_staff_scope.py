"""Every staff URL that names a record, swept at once: a member of another mayoralty never reads or
changes a record of Bikovo by putting its id in the URL (or in ?person=, ?request=, ...), an anonymous
visitor is sent to the login, and the owner's office does open it (so that the sweep proves something).

A new staff URL with an id this sweep does not know fails `test_the_sweep_knows_every_id_in_staff_urls`:
teach it below."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, office_of, staff_member
from grizha.casework import staff_urls
from grizha.casework.models import AppointmentSlot, CallbackRequest, Consultation, Referral
from grizha.casework.services.appointments import appointment_book
from grizha.casework.services.referrals import referral_create
from grizha.casework.services.requests import callback_request_create
from grizha.casework.tests.factories import BIKOVO
from grizha.casework.tests.test_people_services import make_person
from grizha.catalog.models import Service
from grizha.territory.models import Office

pytestmark = pytest.mark.django_db

NAME = "Радка Бикова"


@dataclass
class Records:
    ids: dict[str, str]
    query: dict[str, dict[str, str]]
    referral: Referral
    request: CallbackRequest


@pytest.fixture
def bikovo_records() -> Records:
    bikovo = office_of(Office.Kind.MAYORALTY, "SLV20-01")
    owner = staff_member(Role.OFFICE_MANAGER, bikovo, username="owner")
    person = make_person(by=owner, office=bikovo, given_name="Радка", family_name="Бикова")
    consultation = Consultation.objects.create(
        office=bikovo, specialist=owner, occurred_at=timezone.now(), channel="phone", person=person
    )
    service = Service.objects.filter(municipality_id="SLV20", status="active").first()
    referral = referral_create(office=bikovo, by=owner, service=service, person=person, consultation=consultation)
    request = callback_request_create(
        municipality="SLV20", name=NAME, phone="0881234567", best_time="any", language="bg", settlement=BIKOVO
    )
    assert request.office == bikovo
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=1)
    slot = AppointmentSlot.objects.create(
        office=bikovo, starts_at=start, ends_at=start + datetime.timedelta(minutes=30)
    )
    appointment = appointment_book(slot_id=slot.pk, name=NAME, phone="0881234567", language="bg")
    ids = {
        "person_id": str(person.pk),
        "consent_id": str(person.consents.get().pk),
        "consultation_id": str(consultation.pk),
        "referral_id": str(referral.pk),
        "request_id": str(request.pk),
        "appointment_id": str(appointment.pk),
        "slot_id": str(slot.pk),
    }
    query = {
        "staff-consultation-new": {"person": ids["person_id"], "request": ids["request_id"]},
        "staff-referral-new": {"person": ids["person_id"], "consultation": ids["consultation_id"]},
        "staff-appointments": {"office": str(bikovo.pk)},
    }
    return Records(ids=ids, query=query, referral=referral, request=request)


def named_patterns() -> list[URLPattern]:
    return [p for p in staff_urls.urlpatterns if isinstance(p, URLPattern)]


def urls_with_ids(records: Records) -> list[tuple[str, str]]:
    found = []
    for pattern in named_patterns():
        names = list(pattern.pattern.converters)
        if names:
            found.append((pattern.name, reverse(pattern.name, kwargs={n: records.ids[n] for n in names})))
    for name, params in records.query.items():
        for key, value in params.items():
            found.append((f"{name}?{key}", f"{reverse(name)}?{key}={value}"))
    return found


def test_the_sweep_knows_every_id_in_staff_urls(bikovo_records: Records) -> None:
    names = {name for p in named_patterns() for name in p.pattern.converters}
    assert names <= set(bikovo_records.ids), names - set(bikovo_records.ids)
    assert len(urls_with_ids(bikovo_records)) >= 15


@pytest.mark.parametrize("role", [Role.FRONT_OFFICE, Role.OFFICE_MANAGER])
def test_another_mayoralty_cannot_read_or_change_bikovos_records_by_id(
    client: Client, bikovo_records: Records, role: str
) -> None:
    log_in(client, staff_member(role, office_of(Office.Kind.MAYORALTY, "SLV20-06")))
    for name, url in urls_with_ids(bikovo_records):
        for method in (client.get, client.post):
            response: Any = method(url)
            # 405: the page does not take this method at all, so it looks nothing up.
            assert response.status_code in (403, 404, 405), (name, method.__name__, response.status_code)
            assert NAME not in response.content.decode() and "Бикова" not in response.content.decode(), name
    referral = Referral.objects.get(pk=bikovo_records.referral.pk)
    assert referral.status == Referral.Status.DRAFT
    assert CallbackRequest.objects.get(pk=bikovo_records.request.pk).status == CallbackRequest.Status.NEW


def test_the_owners_office_opens_every_one_of_them(client: Client, bikovo_records: Records) -> None:
    log_in(client, staff_member(Role.OFFICE_MANAGER, office_of(Office.Kind.MAYORALTY, "SLV20-01")))
    for name, url in urls_with_ids(bikovo_records):
        assert client.get(url).status_code in (200, 405), name


def test_the_central_office_opens_them_too(client: Client, bikovo_records: Records) -> None:
    log_in(client, staff_member(Role.OFFICE_MANAGER))
    for name, url in urls_with_ids(bikovo_records):
        assert client.get(url).status_code in (200, 405), name


def test_every_staff_url_sends_an_anonymous_visitor_to_the_login(client: Client, bikovo_records: Records) -> None:
    plain = [reverse(p.name) for p in named_patterns() if not p.pattern.converters]
    for url in plain + [url for _name, url in urls_with_ids(bikovo_records)]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/staff/login/"), url
