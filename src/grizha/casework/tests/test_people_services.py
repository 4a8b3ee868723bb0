"""People's records: made only with the casework consent, EGN and LNCh checked, one record per personal
number in the municipality, consents recorded and withdrawn, and every change and look audited."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from grizha.accounts.roles import Role
from grizha.accounts.testing import office_of, staff_member
from grizha.casework.models import Consent, Person
from grizha.casework.services.people import (
    DuplicatePerson,
    PersonDetails,
    consent_record,
    consent_withdraw,
    people_searched,
    person_create,
    person_update,
    person_viewed,
)
from grizha.core.models import AuditEvent
from grizha.territory.models import Office

pytestmark = pytest.mark.django_db

EGN = "7501010010"  # born 1 January 1975
OTHER_EGN = "8503151235"
LNCH = "1000000001"
BIKOVO, BYALA = "SLV20-01", "SLV20-06"


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def mayoralty(code: str) -> Office:
    return office_of(Office.Kind.MAYORALTY, code)


def details(office: Office | None = None, **changes: Any) -> PersonDetails:
    fields: dict[str, Any] = {
        "office": office or office_of(),
        "given_name": "Ivanka",
        "middle_name": "Petrova",
        "family_name": "Ivanova",
        "identifier_kind": Person.IdentifierKind.EGN,
        "identifier": EGN,
        "phone": "0881 234 567",
    }
    return PersonDetails(**(fields | changes))


def make_person(by: Any = None, office: Office | None = None, **changes: Any) -> Person:
    """A person with a standing casework consent, recorded by `by` (a new front-office member of the office)."""
    office = office or office_of()
    by = by or staff_member(Role.FRONT_OFFICE, office)
    return person_create(by=by, details=details(office, **changes), consents=[Consent.Purpose.CASEWORK])


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


# --- making a record -------------------------------------------------------------------------------


def test_a_record_is_made_with_its_consents_and_the_date_of_birth_from_the_egn() -> None:
    by = staff_member()
    person = person_create(
        by=by,
        details=details(identifier="750101 0010"),
        consents=[Consent.Purpose.CASEWORK, Consent.Purpose.CONTACT],
        consent_how="signed form",
    )
    person.refresh_from_db()
    assert person.identifier == EGN
    assert person.birth_date == datetime.date(1975, 1, 1)
    assert person.phone == "+359881234567"
    consents = {c.purpose: c for c in person.consents.all()}
    assert set(consents) == {"casework", "contact"}
    assert consents["casework"].recorded_by == by
    assert consents["casework"].how == "signed form"


def test_a_record_needs_the_casework_consent() -> None:
    with pytest.raises(ValidationError) as error:
        person_create(by=staff_member(), details=details(), consents=[Consent.Purpose.CONTACT])
    assert "consultations and referrals" in messages_of(error)["consents"][0]
    assert not Person.objects.filter(identifier=EGN).exists()


def test_an_invalid_egn_is_refused_with_what_to_check() -> None:
    with pytest.raises(ValidationError) as error:
        make_person(identifier="7501010011")
    assert messages_of(error)["identifier"] == ["This EGN is not valid: check the digits against the identity card"]


def test_a_short_number_is_refused_with_the_number_of_digits() -> None:
    with pytest.raises(ValidationError) as error:
        make_person(identifier="75010100")
    assert messages_of(error)["identifier"] == ["Enter the 10 digits of the personal number"]


def test_an_lnch_is_kept_without_a_date_of_birth_from_it() -> None:
    person = make_person(identifier_kind=Person.IdentifierKind.LNCH, identifier=LNCH, birth_date=None)
    assert person.identifier_kind == "lnch"
    assert person.birth_date is None


def test_an_egn_given_as_an_lnch_says_which_kind_to_choose() -> None:
    with pytest.raises(ValidationError) as error:
        make_person(identifier_kind=Person.IdentifierKind.LNCH, identifier=EGN)
    kind = "EGN (personal number)"
    assert messages_of(error)["identifier_kind"] == [f"This number is a valid {kind}: choose “{kind}”"]


def test_a_number_without_its_kind_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        make_person(identifier_kind=Person.IdentifierKind.NONE, identifier=EGN)
    assert "identifier_kind" in messages_of(error)


def test_a_record_without_a_personal_number_is_allowed() -> None:
    person = make_person(
        identifier_kind=Person.IdentifierKind.NONE, identifier="", birth_date=datetime.date(1950, 3, 31)
    )
    assert person.identifier == ""
    assert person.birth_date == datetime.date(1950, 3, 31)


def test_a_second_record_with_the_same_egn_links_to_the_first_when_in_scope() -> None:
    first = make_person()
    with pytest.raises(DuplicatePerson) as error:
        make_person(given_name="Another")
    assert error.value.existing == first
    assert "already a record" in messages_of(error)["identifier"][0]


def test_a_second_record_with_an_egn_kept_by_another_office_does_not_reveal_it() -> None:
    make_person(office=mayoralty(BYALA))
    with pytest.raises(DuplicatePerson) as error:
        make_person(office=mayoralty(BIKOVO))
    assert error.value.existing is None
    assert "Ask the central office" in messages_of(error)["identifier"][0]


def test_a_record_is_refused_in_an_office_outside_the_members_scope() -> None:
    bikovo_member = staff_member(Role.FRONT_OFFICE, mayoralty(BIKOVO))
    with pytest.raises(ValidationError) as error:
        make_person(by=bikovo_member, office=mayoralty(BYALA))
    assert messages_of(error)["office"] == ["Choose one of your offices"]


def test_an_analyst_cannot_make_a_record() -> None:
    with pytest.raises(PermissionDenied):
        make_person(by=staff_member(Role.ANALYST))


def test_making_a_record_is_audited_without_the_personal_number() -> None:
    by = staff_member()
    person = make_person(by=by)
    created = AuditEvent.objects.get(action="grizha.person.created", person_id=person.pk)
    assert created.actor == by
    assert created.office_id == person.office_id
    assert created.data == {"consents": ["casework"]}
    assert EGN not in str(created.data)
    recorded = AuditEvent.objects.get(action="grizha.consent.recorded", person_id=person.pk)
    assert recorded.data["purpose"] == "casework"


# --- changing a record -----------------------------------------------------------------------------


def test_a_change_is_audited_with_the_names_of_the_fields_changed() -> None:
    by = staff_member()
    person = make_person(by=by)
    person_update(person=person, by=by, details=details(person.office, family_name="Georgieva", phone="0882 000 111"))
    person.refresh_from_db()
    assert person.family_name == "Georgieva"
    event = AuditEvent.objects.get(action="grizha.person.updated", person_id=person.pk)
    assert event.data == {"changed": ["family_name", "phone"]}
    assert event.actor == by


def test_a_change_that_changes_nothing_is_not_audited() -> None:
    by = staff_member()
    person = make_person(by=by)
    person_update(person=person, by=by, details=details(person.office, phone="+359881234567"))
    assert not AuditEvent.objects.filter(action="grizha.person.updated", person_id=person.pk).exists()


def test_a_change_to_the_egn_of_another_record_is_refused() -> None:
    by = staff_member()
    make_person(by=by)
    other = make_person(by=by, identifier=OTHER_EGN)
    with pytest.raises(DuplicatePerson):
        person_update(person=other, by=by, details=details(other.office, identifier=EGN))


def test_a_change_of_the_egn_changes_the_date_of_birth() -> None:
    by = staff_member()
    person = make_person(by=by)
    person_update(person=person, by=by, details=details(person.office, identifier=OTHER_EGN))
    person.refresh_from_db()
    assert person.birth_date == datetime.date(1985, 3, 15)


# --- consents --------------------------------------------------------------------------------------


def test_a_consent_is_recorded_once_while_it_stands() -> None:
    by = staff_member()
    person = make_person(by=by)
    consent_record(person=person, purpose=Consent.Purpose.SHARE_WITH_PROVIDERS, by=by, how="by phone")
    with pytest.raises(ValidationError) as error:
        consent_record(person=person, purpose=Consent.Purpose.SHARE_WITH_PROVIDERS, by=by)
    assert messages_of(error)["purpose"] == ["This consent is already recorded and has not been withdrawn"]


def test_a_withdrawal_is_recorded_with_who_and_when_and_audited() -> None:
    by = staff_member()
    person = make_person(by=by)
    consent = person.consents.get(purpose=Consent.Purpose.CASEWORK)
    consent_withdraw(consent=consent, by=by)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_recorded_by == by
    event = AuditEvent.objects.get(action="grizha.consent.withdrawn", person_id=person.pk)
    assert (event.actor, event.data) == (by, {"purpose": "casework"})


def test_a_consent_is_withdrawn_only_once() -> None:
    by = staff_member()
    consent = make_person(by=by).consents.get()
    consent_withdraw(consent=consent, by=by)
    with pytest.raises(ValidationError, match="withdrawn already"):
        consent_withdraw(consent=consent, by=by)


def test_a_withdrawn_consent_can_be_given_again() -> None:
    by = staff_member()
    person = make_person(by=by)
    consent_withdraw(consent=person.consents.get(), by=by)
    consent_record(person=person, purpose=Consent.Purpose.CASEWORK, by=by)
    assert person.consents.filter(withdrawn_at__isnull=True).count() == 1


def test_a_member_of_another_mayoralty_cannot_withdraw_a_consent() -> None:
    person = make_person(office=mayoralty(BIKOVO))
    with pytest.raises(ValidationError):
        consent_withdraw(consent=person.consents.get(), by=staff_member(Role.FRONT_OFFICE, mayoralty(BYALA)))


# --- looks at personal data -------------------------------------------------------------------------


def test_a_look_at_a_record_is_audited_with_its_reason() -> None:
    by = staff_member()
    person = make_person(by=by)
    person_viewed(person=person, by=by, reason="referral")
    event = AuditEvent.objects.get(action="grizha.person.viewed", person_id=person.pk)
    assert (event.actor, event.reason, event.office_id) == (by, "referral", person.office_id)


def test_an_unknown_reason_is_kept_as_casework() -> None:
    by = staff_member()
    person = make_person(by=by)
    person_viewed(person=person, by=by, reason="<script>")
    assert AuditEvent.objects.get(action="grizha.person.viewed", person_id=person.pk).reason == "casework"


def test_a_search_by_personal_number_keeps_only_that_a_number_was_searched() -> None:
    by = staff_member()
    person = make_person(by=by)
    people_searched(by=by, name=EGN, by_identifier=True, found=1, shown=[person], reason="request")
    event = AuditEvent.objects.get(action="grizha.person.searched", actor=by)
    assert event.data == {"identifier": True, "found": 1, "shown": [str(person.pk)]}
    assert EGN not in str(event.data) and EGN not in event.reason
    assert event.reason == "request"


def test_a_search_by_name_keeps_the_name() -> None:
    by = staff_member()
    people_searched(by=by, name="Ivanova", by_identifier=False, found=0, shown=[])
    assert AuditEvent.objects.get(action="grizha.person.searched", actor=by).data["name"] == "Ivanova"
