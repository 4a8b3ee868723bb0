"""Consultations: anonymous by default, in the member's own offices, with needs, target groups and services
of the municipality's lists; attached to a person only with their standing consent; answering a request
marks it handled; and a screening's choice becomes referrals in one step. Every write is audited."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from grizha.accounts.roles import Role
from grizha.accounts.testing import office_of, staff_member
from grizha.casework.models import CallbackRequest, Consultation, Referral
from grizha.casework.services.consultations import (
    ConsultationDetails,
    ReferralChoice,
    consultation_record,
    consultation_refer,
    consultation_update,
    consultation_viewed,
)
from grizha.casework.services.people import consent_withdraw
from grizha.casework.services.requests import callback_request_create
from grizha.casework.tests.factories import BIKOVO as BIKOVO_VILLAGE
from grizha.casework.tests.test_people_services import BIKOVO, BYALA, make_person, mayoralty
from grizha.catalog.models import Service
from grizha.core.audit import person_history
from grizha.core.models import AuditEvent
from grizha.demo.loader import demo_id
from grizha.territory.models import Office

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def service(key: str) -> Service:
    return Service.objects.get(id=demo_id("service", key))


def consultation_details(office: Office | None = None, **changes: Any) -> ConsultationDetails:
    fields: dict[str, Any] = {
        "office": office or office_of(),
        "channel": Consultation.Channel.IN_PERSON,
        "needs": ["meals", "care-at-home"],
        "target_groups": ["elderly"],
        "services_explained": [service("patronazh")],
        "leaflets_given": [service("trapezaria")],
    }
    return ConsultationDetails(**(fields | changes))


def record(by: Any = None, office: Office | None = None, **changes: Any) -> Consultation:
    office = office or office_of()
    by = by or staff_member(Role.FRONT_OFFICE, office)
    return consultation_record(by=by, details=consultation_details(office, **changes))


def errors_of(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def test_a_consultation_is_anonymous_by_default_and_recorded_by_its_specialist() -> None:
    by = staff_member()
    consultation = record(by=by)
    consultation.refresh_from_db()
    assert consultation.person is None
    assert consultation.specialist == by
    assert consultation.outcome == Consultation.Outcome.INFORMED
    assert consultation.needs == ["meals", "care-at-home"]
    assert list(consultation.services_explained.all()) == [service("patronazh")]
    assert list(consultation.leaflets_given.all()) == [service("trapezaria")]
    event = AuditEvent.objects.get(action="grizha.consultation.recorded", object_id=str(consultation.pk))
    assert (event.actor, event.person_id, event.office_id) == (by, None, consultation.office_id)


def test_a_consultation_in_an_office_outside_the_scope_is_refused() -> None:
    bikovo_member = staff_member(Role.FRONT_OFFICE, mayoralty(BIKOVO))
    with pytest.raises(ValidationError) as error:
        record(by=bikovo_member, office=mayoralty(BYALA))
    assert errors_of(error)["office"] == ["Choose one of your offices"]


def test_needs_and_target_groups_must_be_terms_of_the_taxonomies() -> None:
    with pytest.raises(ValidationError) as error:
        record(needs=["meals", "flying"], target_groups=["aliens"])
    assert errors_of(error)["needs"] == ["Choose the needs from the list"]
    assert errors_of(error)["target_groups"] == ["Choose the target groups from the list"]


def test_only_listed_services_may_be_explained() -> None:
    with pytest.raises(ValidationError) as error:
        record(services_explained=[service("patronazhna-grizha")])  # inactive
    assert errors_of(error)["services_explained"] == ["Choose services listed by the municipality"]


def test_a_follow_up_needs_its_date() -> None:
    with pytest.raises(ValidationError) as error:
        record(outcome=Consultation.Outcome.FOLLOW_UP)
    assert errors_of(error)["follow_up_on"] == ["Enter the date to follow up on"]


def test_a_consultation_cannot_be_in_the_future() -> None:
    with pytest.raises(ValidationError) as error:
        record(occurred_at=timezone.now() + datetime.timedelta(days=1))
    assert "occurred_at" in errors_of(error)


def test_a_consultation_is_attached_to_a_person_with_consent_and_shows_in_their_history() -> None:
    by = staff_member()
    person = make_person(by=by)
    consultation = record(by=by, person=person)
    assert consultation.person == person
    assert person_history(person.pk).filter(action="grizha.consultation.recorded").exists()


def test_no_consultation_is_attached_after_the_casework_consent_is_withdrawn() -> None:
    by = staff_member()
    person = make_person(by=by)
    consent_withdraw(consent=person.consents.get(), by=by)
    with pytest.raises(ValidationError) as error:
        record(by=by, person=person)
    assert "withdrawn their consent" in errors_of(error)["person"][0]
    assert not Consultation.objects.filter(person=person).exists()


def test_a_person_outside_the_scope_cannot_be_attached() -> None:
    person = make_person(office=mayoralty(BYALA))
    bikovo = mayoralty(BIKOVO)
    with pytest.raises(ValidationError) as error:
        record(by=staff_member(Role.FRONT_OFFICE, bikovo), office=bikovo, person=person)
    assert "person" in errors_of(error)


def visit_request(**changes: Any) -> CallbackRequest:
    fields: dict[str, Any] = {
        "municipality": "SLV20",
        "name": "Ivanka Petrova",
        "phone": "0881 234 567",
        "best_time": "morning",
        "language": "bg",
        "kind": CallbackRequest.Kind.HOME_VISIT,
        "settlement": BIKOVO_VILLAGE,
        "needs": ["meals"],
    }
    return callback_request_create(**(fields | changes))


def test_answering_a_request_marks_it_handled() -> None:
    request = visit_request()
    bikovo = mayoralty(BIKOVO)
    assert request.office == bikovo
    consultation = consultation_record(
        by=staff_member(Role.FRONT_OFFICE, bikovo), details=consultation_details(bikovo), request=request
    )
    request.refresh_from_db()
    assert request.status == CallbackRequest.Status.HANDLED
    assert consultation.request == request


def test_a_request_of_another_office_cannot_be_answered() -> None:
    request = visit_request()
    byala = mayoralty(BYALA)
    with pytest.raises(ValidationError):
        consultation_record(
            by=staff_member(Role.FRONT_OFFICE, byala), details=consultation_details(byala), request=request
        )
    request.refresh_from_db()
    assert request.status == CallbackRequest.Status.NEW


def test_a_change_is_audited_with_the_names_of_the_fields_changed() -> None:
    by = staff_member()
    consultation = record(by=by)
    consultation_update(
        consultation=consultation,
        by=by,
        details=consultation_details(
            consultation.office,
            occurred_at=consultation.occurred_at,
            channel=Consultation.Channel.PHONE,
            leaflets_given=[],
        ),
    )
    consultation.refresh_from_db()
    assert consultation.channel == "phone"
    assert not consultation.leaflets_given.exists()
    event = AuditEvent.objects.get(action="grizha.consultation.updated", object_id=str(consultation.pk))
    assert event.data == {"changed": ["channel", "leaflets_given"]}


def test_opening_a_consultation_with_a_person_is_audited_and_an_anonymous_one_is_not() -> None:
    by = staff_member()
    person = make_person(by=by)
    with_person, anonymous = record(by=by, person=person), record(by=by)
    consultation_viewed(consultation=with_person, by=by)
    consultation_viewed(consultation=anonymous, by=by)
    viewed = AuditEvent.objects.filter(action="grizha.consultation.viewed")
    assert [(e.object_id, e.person_id) for e in viewed] == [(str(with_person.pk), person.pk)]


def test_the_screenings_choice_becomes_draft_referrals_in_one_step() -> None:
    by = staff_member()
    person = make_person(by=by)
    consultation = record(by=by, person=person)
    choices = [
        ReferralChoice(
            str(service("patronazh").pk), ["care-at-home"], ["It meets your need: care", "It is for: elderly"]
        ),
        ReferralChoice(str(service("trapezaria").pk), ["meals"], ["It meets your need: meals"]),
    ]
    referrals = consultation_refer(consultation=consultation, by=by, choices=choices)
    assert [r.status for r in referrals] == [Referral.Status.DRAFT, Referral.Status.DRAFT]
    first = Referral.objects.get(pk=referrals[0].pk)
    assert (first.consultation, first.person, first.service) == (consultation, person, service("patronazh"))
    assert first.needs == ["care-at-home"]
    assert first.why == "It meets your need: care; It is for: elderly"
    consultation.refresh_from_db()
    assert consultation.outcome == Consultation.Outcome.REFERRED
    event = AuditEvent.objects.get(action="grizha.consultation.referred")
    assert event.data == {"referrals": [r.reference for r in referrals]}


def test_referring_needs_a_chosen_service() -> None:
    by = staff_member()
    with pytest.raises(ValidationError) as error:
        consultation_refer(consultation=record(by=by), by=by, choices=[])
    assert errors_of(error)["refer"] == ["Choose at least one service to refer to"]


def test_referring_to_a_service_no_longer_listed_makes_no_referral() -> None:
    by = staff_member()
    consultation = record(by=by)
    choices = [
        ReferralChoice(str(service("patronazh").pk)),
        ReferralChoice(str(service("patronazhna-grizha").pk)),
    ]
    with pytest.raises(ValidationError):
        consultation_refer(consultation=consultation, by=by, choices=choices)
    assert not Referral.objects.filter(consultation=consultation).exists()
