"""Makers for the tests of referrals: offices of the demo municipality, people with or without their
consent to share, receivers with and without an e-mail address, and referrals in any state."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from grizha.accounts.roles import Role
from grizha.accounts.testing import office_of, staff_member
from grizha.casework.models import Consent, Person, Referral
from grizha.casework.services import referrals as services
from grizha.catalog.models import Organization, Service
from grizha.territory.models import Office

S = Referral.Status
# The steps that take a new draft to each state, as the receiver or staff would take them.
PATH_TO: dict[str, list[tuple[str, str, str]]] = {
    S.DRAFT: [],
    S.SENT: [("send", S.SENT, "")],
    S.ACCEPTED: [("send", S.SENT, ""), ("accept", S.ACCEPTED, "")],
    S.DECLINED: [("send", S.SENT, ""), ("decline", S.DECLINED, "no_capacity")],
    S.STARTED: [("send", S.SENT, ""), ("accept", S.ACCEPTED, ""), ("start", S.STARTED, "")],
    S.CLOSED_SUCCESSFUL: [("send", S.SENT, ""), ("accept", S.ACCEPTED, ""), ("close", S.CLOSED_SUCCESSFUL, "")],
    S.CLOSED_UNSUCCESSFUL: [
        ("send", S.SENT, ""),
        ("accept", S.ACCEPTED, ""),
        ("close", S.CLOSED_UNSUCCESSFUL, "person_refused"),
    ],
    S.WITHDRAWN: [("withdraw", S.WITHDRAWN, "")],
}


def bikovo() -> Office:
    return office_of(Office.Kind.MAYORALTY, "SLV20-01")


def byala() -> Office:
    return office_of(Office.Kind.MAYORALTY, "SLV20-06")


def specialist(office: Office | None = None, role: str = Role.FRONT_OFFICE, **fields: Any) -> Any:
    return staff_member(role, office or bikovo(), **fields)


def a_person(office: Office | None = None, *, share: bool = False, **fields: Any) -> Person:
    """Someone with a record in `office` (Bikovo), who agreed to casework, and to sharing if `share`."""
    details = {"given_name": "Мария", "family_name": "Петрова", "phone": "+359881234567"} | fields
    person = Person.objects.create(office=office or bikovo(), **details)
    Consent.objects.create(person=person, purpose=Consent.Purpose.CASEWORK, given_at=timezone.now())
    if share:
        Consent.objects.create(person=person, purpose=Consent.Purpose.SHARE_WITH_PROVIDERS, given_at=timezone.now())
    return person


def a_service(*, email: str = "service@example.org") -> Service:
    """A listed service of the demo municipality, given `email` (empty: none) and no organisation."""
    service = Service.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY, status="active").first()
    assert service is not None
    service.email = email
    service.organization = None
    service.save()
    service.contacts.all().delete()
    return service


def an_organization(*, email: str = "") -> Organization:
    """An institution with no contacts of its own (e-mail only when given)."""
    return Organization.objects.create(name="Дирекция „Тест“", email=email)


def a_referral(
    status: str = S.DRAFT,
    *,
    office: Office | None = None,
    by: Any = None,
    person: Person | None = None,
    receiver: Service | Organization | None = None,
    **fields: Any,
) -> Referral:
    """A referral taken along its lifecycle to `status` (e-mails go to the test outbox)."""
    office = office or bikovo()
    by = by or specialist(office)
    receiver = receiver or a_service()
    where = {"service": receiver} if isinstance(receiver, Service) else {"organization": receiver}
    referral = services.referral_create(
        office=office, by=by, person=person, needs=["meals"], why="Не може да готви сама.", **where, **fields
    )
    for action, to, reason in PATH_TO[status]:
        referral = services.referral_transition(referral=referral, action=action, to=to, by=by, reason=reason)
    return referral
