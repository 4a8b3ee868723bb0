"""Writes of the people the front office keeps records of: the record itself, made only with the
person's consent to casework (GDPR art. 6 and 7), their consents and withdrawals, and the audit events
of every look at their data (who, what, when, why)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grizha.accounts.roles import Capability
from grizha.accounts.selectors import StaffScope, staff_scope
from grizha.casework.models import Consent, Person
from grizha.casework.selectors.people import DEFAULT_REASON, VIEW_REASONS
from grizha.casework.validators import normalise_phone
from grizha.core import identifiers
from grizha.core.audit import log_action, register_actions
from grizha.territory.models import Office, Settlement

register_actions(
    {
        "grizha.person.created": gettext_lazy("made the person's record"),
        "grizha.person.updated": gettext_lazy("changed the person's record"),
        "grizha.person.viewed": gettext_lazy("opened the person's record"),
        "grizha.person.searched": gettext_lazy("searched the records of people"),
        "grizha.consent.recorded": gettext_lazy("recorded a consent"),
        "grizha.consent.withdrawn": gettext_lazy("recorded that a consent was withdrawn"),
    }
)

CASEWORK = Consent.Purpose.CASEWORK
CONSENT_REQUIRED = gettext_lazy(
    "Record the person’s consent to consultations and referrals: without it their data cannot be kept. "
    "A consultation can be recorded anonymously instead"
)


@dataclass(frozen=True)
class PersonDetails:
    """What a person's record says about them (everything but the consents)."""

    office: Office
    given_name: str
    family_name: str
    middle_name: str = ""
    identifier_kind: str = Person.IdentifierKind.NONE
    identifier: str = ""
    birth_date: datetime.date | None = None
    phone: str = ""
    email: str = ""
    settlement: Settlement | None = None
    address: str = ""
    preferred_language: str = "bg"
    other_language: str = ""
    accessible_channel: str = Person.Channel.PHONE


class DuplicatePerson(ValidationError):
    """Another record of the municipality has the same personal number. `existing` is that record when
    the member of staff may open it, else None (they are told to ask the central office)."""

    def __init__(self, message: str, existing: Person | None) -> None:
        super().__init__({"identifier": message}, code="duplicate")
        self.existing = existing


def casework_scope(by: User, *office_ids: Any) -> StaffScope:
    """The member's scope, once they are known to do casework in every office named (PermissionDenied
    without the capability; a message about the office when one lies outside the scope)."""
    scope = staff_scope(by)
    if not scope.can(Capability.CASEWORK):
        raise PermissionDenied
    if not all(scope.sees_office(office_id) for office_id in office_ids):
        raise ValidationError({"office": _("Choose one of your offices")}, code="office_out_of_scope")
    return scope


def _values(person: Person) -> dict[str, Any]:
    """The record's details as PersonDetails names them (the office and settlement by their keys)."""
    values = {f.name: getattr(person, f.name) for f in fields(PersonDetails) if f.name not in ("office", "settlement")}
    return values | {"office": person.office_id, "settlement": person.settlement_id}


def _validate_identifier(kind: str, identifier: str) -> None:
    if kind == Person.IdentifierKind.NONE and identifier:
        raise ValidationError(
            {"identifier_kind": _("Choose whether the personal number is an EGN or an LNCh")}, code="kind_missing"
        )
    if kind == Person.IdentifierKind.NONE:
        return
    if not identifier:
        raise ValidationError(
            {"identifier": _("Enter the EGN or LNCh, or choose “none given”")}, code="identifier_missing"
        )
    actual = identifiers.identifier_kind(identifier)
    if actual is not None and actual != kind:
        raise ValidationError(
            {
                "identifier_kind": _("This number is a valid %(kind)s: choose “%(kind)s”")
                % {"kind": Person.IdentifierKind(actual).label}
            },
            code="kind_mismatch",
        )
    identifiers.validate_personal_identifier(kind, identifier)


def _apply(person: Person, details: PersonDetails) -> None:
    """Copy the details onto the record, tidied: digits only in the number, the date of birth an EGN holds."""
    for f in fields(details):
        value = getattr(details, f.name)
        setattr(person, f.name, value.strip() if isinstance(value, str) else value)
    person.identifier = identifiers.clean_digits(person.identifier)
    _validate_identifier(person.identifier_kind, person.identifier)
    if person.identifier_kind == Person.IdentifierKind.EGN:
        person.birth_date = identifiers.birth_date(person.identifier)
    if person.phone:
        person.phone = normalise_phone(person.phone)


def _refuse_duplicate(person: Person, scope: StaffScope) -> None:
    """One record per personal number in a municipality: a second one would split the person's history."""
    if not person.identifier:
        return
    existing = (
        Person.objects.filter(
            identifier=person.identifier,
            office__municipality_id=person.office.municipality_id,
            anonymised_at__isnull=True,
        )
        .exclude(pk=person.pk)
        .first()
    )
    if existing is None:
        return
    if scope.sees_office(existing.office_id):
        raise DuplicatePerson(_("There is already a record with this personal number: open it instead"), existing)
    raise DuplicatePerson(
        _(
            "Another office of the municipality already keeps a record with this personal number. "
            "Ask the central office to give you access to it"
        ),
        None,
    )


def _consent(*, person: Person, purpose: str, by: User, how: str, given_at: datetime.datetime | None) -> Consent:
    if purpose not in Consent.Purpose.values:
        raise ValidationError({"purpose": _("Choose what the person agrees to")}, code="purpose_unknown")
    if person.consents.filter(purpose=purpose, withdrawn_at__isnull=True).exists():
        raise ValidationError(
            {"purpose": _("This consent is already recorded and has not been withdrawn")}, code="consent_standing"
        )
    consent = Consent(person=person, purpose=purpose, given_at=given_at or timezone.now(), recorded_by=by, how=how)
    consent.full_clean()
    consent.save()
    log_action(
        "grizha.consent.recorded",
        actor=by,
        obj=consent,
        person=person.pk,
        office=person.office_id,
        data={"purpose": purpose, "how": consent.how},
    )
    return consent


@transaction.atomic
def person_create(*, by: User, details: PersonDetails, consents: Sequence[str], consent_how: str = "") -> Person:
    """Keep a record of a person who agreed to it: the casework consent, and any other purposes chosen,
    are recorded with the record in one transaction."""
    scope = casework_scope(by, details.office.pk)
    if CASEWORK not in consents:
        raise ValidationError({"consents": CONSENT_REQUIRED}, code="consent_required")
    person = Person()
    _apply(person, details)
    person.full_clean()
    _refuse_duplicate(person, scope)
    person.save()
    log_action(
        "grizha.person.created",
        actor=by,
        obj=person,
        person=person.pk,
        office=person.office_id,
        data={"consents": list(dict.fromkeys(consents))},
    )
    now = timezone.now()
    for purpose in dict.fromkeys(consents):
        _consent(person=person, purpose=purpose, by=by, how=consent_how.strip(), given_at=now)
    return person


@transaction.atomic
def person_update(*, person: Person, by: User, details: PersonDetails) -> Person:
    """Correct or complete a record; the audit event names the fields that changed, never their values."""
    scope = casework_scope(by, person.office_id, details.office.pk)
    before = _values(person)
    _apply(person, details)
    person.full_clean()
    _refuse_duplicate(person, scope)
    after = _values(person)
    changed = sorted(name for name, value in before.items() if after[name] != value)
    if changed:
        person.save()
        log_action(
            "grizha.person.updated",
            actor=by,
            obj=person,
            person=person.pk,
            office=person.office_id,
            data={"changed": changed},
        )
    return person


@transaction.atomic
def consent_record(
    *, person: Person, purpose: str, by: User, how: str = "", given_at: datetime.datetime | None = None
) -> Consent:
    """Record that the person agrees to a purpose (again, after a withdrawal, if need be)."""
    casework_scope(by, person.office_id)
    return _consent(person=person, purpose=purpose, by=by, how=how.strip(), given_at=given_at)


@transaction.atomic
def consent_withdraw(*, consent: Consent, by: User) -> Consent:
    """Record that the person withdrew a consent. Without a standing casework consent no new consultation
    can be attached to the record (consultation_record refuses it); what was kept stays until the
    retention task anonymises it."""
    casework_scope(by, consent.person.office_id)
    now = timezone.now()
    changed = Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_recorded_by=by, updated_at=now
    )
    if not changed:
        raise ValidationError(_("This consent was withdrawn already"), code="consent_withdrawn")
    consent.refresh_from_db()
    log_action(
        "grizha.consent.withdrawn",
        actor=by,
        obj=consent,
        person=consent.person_id,
        office=consent.person.office_id,
        data={"purpose": consent.purpose},
    )
    return consent


def person_viewed(*, person: Person, by: User, reason: str = DEFAULT_REASON) -> None:
    """Record that a member of staff looked at a person's record, and why."""
    log_action(
        "grizha.person.viewed",
        actor=by,
        obj=person,
        person=person.pk,
        office=person.office_id,
        reason=reason if reason in VIEW_REASONS else DEFAULT_REASON,
    )


def people_searched(
    *, by: User, name: str, by_identifier: bool, found: int, shown: Sequence[Person], reason: str = DEFAULT_REASON
) -> None:
    """Record a search of people's records: the name searched for, or only that a personal number was
    (never the number itself), how many were found and which records the page showed."""
    data: dict[str, Any] = {"identifier": True} if by_identifier else {"name": name}
    data |= {"found": found, "shown": [str(person.pk) for person in shown]}
    log_action(
        "grizha.person.searched",
        actor=by,
        reason=reason if reason in VIEW_REASONS else DEFAULT_REASON,
        data=data,
    )
