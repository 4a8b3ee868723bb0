"""Referrals made, sent and followed: the draft, the e-mail to the receiver with its signed link and no
more personal data than the person agreed to, the follow-up, and the audit of every look and change."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from grizha.casework.models import Consent, Referral
from grizha.casework.selectors.referrals import receiver_contacts
from grizha.casework.services import referrals as services
from grizha.casework.services.referral_links import referral_link_open
from grizha.casework.tests.referrals_testing import (
    a_person,
    a_referral,
    a_service,
    an_organization,
    bikovo,
    specialist,
)
from grizha.catalog.models import Contact
from grizha.core.audit import history

pytestmark = pytest.mark.django_db

S = Referral.Status


def test_a_new_referral_is_a_draft_followed_by_its_maker_in_a_week() -> None:
    member = specialist()
    referral = services.referral_create(
        office=bikovo(), by=member, service=a_service(), needs=["meals", "meals"], why="  Needs lunch  "
    )
    assert referral.status == S.DRAFT
    assert referral.assigned_to == member
    assert referral.needs == ["meals"]
    assert referral.why == "Needs lunch"
    assert referral.follow_up_on == timezone.localdate() + datetime.timedelta(days=services.FOLLOW_UP_DAYS)
    assert history(referral).filter(action="grizha.referral.created", actor=member).exists()


def test_a_referral_goes_to_a_service_or_an_organisation_not_both() -> None:
    with pytest.raises(ValidationError):
        services.referral_create(office=bikovo(), by=specialist(), service=a_service(), organization=an_organization())
    with pytest.raises(ValidationError):
        services.referral_create(office=bikovo(), by=specialist())


def test_sending_e_mails_the_receiver_a_link_to_the_referral() -> None:
    referral = services.referral_send(referral=a_referral(receiver=a_service(email="dc@example.org")), by=specialist())
    assert referral.status == S.SENT
    [message] = mail.outbox
    assert message.to == ["dc@example.org"]
    assert referral.reference in message.subject
    link = next(line for line in message.body.splitlines() if "/referrals/answer/" in line)
    opened = referral_link_open(link.rstrip("/").rsplit("/", 1)[-1])
    assert opened.referral == referral


def test_the_e_mail_is_in_the_offices_language_whatever_the_staff_members() -> None:
    with translation.override("en"):
        services.referral_send(referral=a_referral(), by=specialist())
    body = mail.outbox[0].body
    assert "Храна" in body, "the needs are named in Bulgarian"
    assert "/en/" not in body, "the link opens the Bulgarian page"


def test_without_consent_to_share_the_e_mail_does_not_name_the_person() -> None:
    person = a_person(given_name="Гергана", family_name="Стоянова", phone="+359888111222")
    services.referral_send(referral=a_referral(person=person), by=specialist())
    body = mail.outbox[0].body
    assert "Гергана" not in body and "Стоянова" not in body and "888111222" not in body


def test_with_consent_to_share_the_e__mail_gives_the_name_and_contact() -> None:
    person = a_person(share=True, given_name="Гергана", family_name="Стоянова", phone="+359888111222")
    referral = services.referral_send(referral=a_referral(person=person), by=specialist())
    body = mail.outbox[0].body
    assert "Гергана Стоянова" in body and "+359888111222" in body
    event = history(referral).get(action="grizha.referral.emailed")
    assert event.data["person_shared"] is True
    assert event.person_id == person.pk


def test_a_withdrawn_consent_to_share_no_longer_lets_the_name_out() -> None:
    person = a_person(share=True, given_name="Гергана")
    Consent.objects.filter(person=person, purpose=Consent.Purpose.SHARE_WITH_PROVIDERS).update(
        withdrawn_at=timezone.now()
    )
    services.referral_send(referral=a_referral(person=person), by=specialist())
    assert "Гергана" not in mail.outbox[0].body


def test_a_receiver_without_an_e_mail_address_gets_the_referral_sent_all_the_same() -> None:
    referral = services.referral_send(referral=a_referral(receiver=an_organization()), by=specialist())
    assert referral.status == S.SENT
    assert mail.outbox == []
    assert not history(referral).filter(action="grizha.referral.emailed").exists()


def test_the_services_own_address_comes_before_its_organisations() -> None:
    service = a_service(email="")
    service.organization = an_organization(email="org@example.org")
    service.save()
    Contact.objects.create(service=service, name="Завеждащ", email="head@example.org")
    contacts = receiver_contacts(a_referral(receiver=service))
    assert contacts.emails == ["head@example.org", "org@example.org"]
    assert contacts.email == "head@example.org"


def test_sending_keeps_the_follow_up_date_the_specialist_chose() -> None:
    chosen = timezone.localdate() + datetime.timedelta(days=3)
    referral = services.referral_send(referral=a_referral(follow_up_on=chosen), by=specialist())
    assert referral.follow_up_on == chosen


def test_sending_moves_a_follow_up_date_that_has_passed() -> None:
    referral = a_referral()
    Referral.objects.filter(pk=referral.pk).update(follow_up_on=timezone.localdate() - datetime.timedelta(days=2))
    referral.refresh_from_db()
    referral = services.referral_send(referral=referral, by=specialist())
    assert referral.follow_up_on == timezone.localdate() + datetime.timedelta(days=services.FOLLOW_UP_DAYS)


def test_the_follow_up_date_and_follower_are_changed_and_audited() -> None:
    member, colleague = specialist(), specialist()
    referral = a_referral(S.SENT)
    day = timezone.localdate() + datetime.timedelta(days=10)
    referral = services.referral_follow_up_set(referral=referral, by=member, follow_up_on=day, assigned_to=colleague)
    assert (referral.follow_up_on, referral.assigned_to) == (day, colleague)
    event = history(referral).get(action="grizha.referral.follow_up_set")
    assert event.actor == member
    assert event.data == {"follow_up_on": day.isoformat(), "assigned_to": colleague.pk}


def test_a_closed_referral_has_no_follow_up_to_change() -> None:
    referral = a_referral(S.DECLINED)
    with pytest.raises(ValidationError):
        services.referral_follow_up_set(
            referral=referral, by=specialist(), follow_up_on=timezone.localdate(), assigned_to=None
        )


def test_looking_at_a_persons_referral_is_audited() -> None:
    member, person = specialist(), a_person()
    referral = a_referral(person=person)
    services.referral_viewed(referral=referral, by=member)
    event = history(referral).get(action="grizha.referral.viewed")
    assert (event.actor, event.person_id) == (member, person.pk)


def test_looking_at_a_referral_of_nobody_recorded_is_not_a_read_of_personal_data() -> None:
    referral = a_referral()
    services.referral_viewed(referral=referral, by=specialist())
    assert not history(referral).filter(action="grizha.referral.viewed").exists()
