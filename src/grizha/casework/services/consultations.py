"""Writes of consultations: recorded anonymously unless a person's record (with their standing consent
to casework) is attached, changed later, and turned into referrals from their screening in one step."""

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
from grizha.accounts.selectors import StaffScope
from grizha.casework.models import CallbackRequest, Consultation, Person, Referral
from grizha.casework.selectors.people import has_casework_consent
from grizha.casework.services.people import casework_scope
from grizha.casework.services.referrals import referral_create
from grizha.catalog import reference
from grizha.catalog.models import Service, TaxonomyTerm
from grizha.catalog.selectors import LISTED_STATUSES
from grizha.core.audit import log_action, register_actions
from grizha.territory.models import Office, Settlement
from grizha.territory.sites import home_municipality

register_actions(
    {
        "grizha.consultation.recorded": gettext_lazy("recorded a consultation"),
        "grizha.consultation.updated": gettext_lazy("changed the consultation"),
        "grizha.consultation.viewed": gettext_lazy("opened the consultation"),
        "grizha.consultation.referred": gettext_lazy("referred from the consultation's screening"),
    }
)

Outcome = Consultation.Outcome


@dataclass(frozen=True)
class ConsultationDetails:
    """What a consultation says: where, how, about what, and what came of it. `person` None: anonymous."""

    office: Office
    channel: str
    occurred_at: datetime.datetime | None = None
    person: Person | None = None
    settlement: Settlement | None = None
    needs: Sequence[str] = ()
    target_groups: Sequence[str] = ()
    services_explained: Sequence[Service] = ()
    leaflets_given: Sequence[Service] = ()
    outcome: str = Outcome.INFORMED
    notes: str = ""
    follow_up_on: datetime.date | None = None


@dataclass(frozen=True)
class ReferralChoice:
    """A service chosen from a screening's results, with the needs it meets and why it fits."""

    service_id: str
    needs: Sequence[str] = ()
    reasons: Sequence[str] = ()


MANY = ("services_explained", "leaflets_given")


def _codes(taxonomy: str) -> set[str]:
    return set(TaxonomyTerm.objects.filter(taxonomy__code=taxonomy).values_list("code", flat=True))


def _validate(details: ConsultationDetails, scope: StaffScope, *, current_person_id: Any = None) -> None:
    errors: dict[str, str] = {}
    if details.channel not in Consultation.Channel.values:
        errors["channel"] = _("Choose how the consultation took place")
    if details.outcome not in Outcome.values:
        errors["outcome"] = _("Choose the outcome")
    if details.occurred_at is not None and details.occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["occurred_at"] = _("The time of the consultation cannot be in the future")
    if not set(details.needs) <= _codes(reference.NEED):
        errors["needs"] = _("Choose the needs from the list")
    if not set(details.target_groups) <= _codes(reference.TARGET_GROUP):
        errors["target_groups"] = _("Choose the target groups from the list")
    for name in MANY:
        services = getattr(details, name)
        listed = Service.objects.filter(
            id__in=[s.pk for s in services],
            municipality_id=home_municipality(),
            status__in=LISTED_STATUSES,
        ).count()
        if listed != len({s.pk for s in services}):
            errors[name] = _("Choose services listed by the municipality")
    if details.outcome == Outcome.FOLLOW_UP and details.follow_up_on is None:
        errors["follow_up_on"] = _("Enter the date to follow up on")
    person = details.person
    if person is not None and person.pk != current_person_id:
        if not scope.sees_office(person.office_id):
            errors["person"] = _("Open the person's record again and record the consultation from there")
        elif not has_casework_consent(person):
            errors["person"] = _(
                "The person has withdrawn their consent to consultations and referrals, or never gave it, so no "
                "new consultation can be attached to their record. Record the consultation anonymously, or "
                "record their consent again first"
            )
    if errors:
        raise ValidationError(errors)


def _apply(consultation: Consultation, details: ConsultationDetails) -> None:
    for f in fields(details):
        if f.name in MANY:
            continue
        value = getattr(details, f.name)
        if f.name in ("needs", "target_groups"):
            value = list(dict.fromkeys(value))
        elif isinstance(value, str):
            value = value.strip()
        setattr(consultation, f.name, value)
    consultation.occurred_at = details.occurred_at or consultation.occurred_at or timezone.now()


def _values(consultation: Consultation) -> dict[str, Any]:
    values = {
        f.name: getattr(consultation, f.name)
        for f in fields(ConsultationDetails)
        if f.name not in (*MANY, "office", "person", "settlement")
    }
    return values | {
        "office": consultation.office_id,
        "person": consultation.person_id,
        "settlement": consultation.settlement_id,
    }


@transaction.atomic
def consultation_record(
    *, by: User, details: ConsultationDetails, request: CallbackRequest | None = None
) -> Consultation:
    """Record a consultation given by `by` in one of their offices. Answering a request for a home visit
    or a call back marks the request handled."""
    scope = casework_scope(by, details.office.pk)
    if request is not None and not scope.sees_office(request.office_id):
        raise ValidationError({"request": _("This request is handled by another office")}, code="request_scope")
    _validate(details, scope)
    consultation = Consultation(specialist=by, request=request)
    _apply(consultation, details)
    consultation.full_clean()
    consultation.save()
    consultation.services_explained.set(details.services_explained)
    consultation.leaflets_given.set(details.leaflets_given)
    if request is not None:
        CallbackRequest.objects.filter(pk=request.pk, status=CallbackRequest.Status.NEW).update(
            status=CallbackRequest.Status.HANDLED, updated_at=timezone.now()
        )
    log_action(
        "grizha.consultation.recorded",
        actor=by,
        obj=consultation,
        person=consultation.person_id,
        office=consultation.office_id,
        data={"channel": consultation.channel, "request": str(request.pk) if request else None},
    )
    return consultation


@transaction.atomic
def consultation_update(*, consultation: Consultation, by: User, details: ConsultationDetails) -> Consultation:
    """Change a consultation; the audit event names the fields that changed, never their values."""
    scope = casework_scope(by, consultation.office_id, details.office.pk)
    _validate(details, scope, current_person_id=consultation.person_id)
    before = _values(consultation)
    before_many = {name: {s.pk for s in getattr(consultation, name).all()} for name in MANY}
    _apply(consultation, details)
    consultation.full_clean()
    after = _values(consultation)
    changed = [name for name, value in before.items() if after[name] != value]
    changed += [name for name in MANY if before_many[name] != {s.pk for s in getattr(details, name)}]
    if changed:
        consultation.save()
        for name in MANY:
            getattr(consultation, name).set(getattr(details, name))
        log_action(
            "grizha.consultation.updated",
            actor=by,
            obj=consultation,
            person=consultation.person_id or before["person"],
            office=consultation.office_id,
            data={"changed": sorted(changed)},
        )
    return consultation


def consultation_viewed(*, consultation: Consultation, by: User) -> None:
    """Record that a member of staff opened a consultation attached to a person's record."""
    if consultation.person_id is None:
        return
    log_action(
        "grizha.consultation.viewed",
        actor=by,
        obj=consultation,
        person=consultation.person_id,
        office=consultation.office_id,
        reason="consultation",
    )


@transaction.atomic
def consultation_refer(*, consultation: Consultation, by: User, choices: Sequence[ReferralChoice]) -> list[Referral]:
    """The screening's result becomes referrals in one step: one draft referral per chosen service, for
    the needs it meets and with the screening's reasons, and the consultation's outcome becomes "referred"."""
    scope = casework_scope(by, consultation.office_id)
    if not scope.can(Capability.REFER):
        raise PermissionDenied
    if not choices:
        raise ValidationError({"refer": _("Choose at least one service to refer to")}, code="nothing_chosen")
    services = {
        str(key): service
        for key, service in Service.objects.filter(status__in=LISTED_STATUSES)
        .in_bulk([choice.service_id for choice in choices])
        .items()
    }
    if any(choice.service_id not in services for choice in choices):
        raise ValidationError({"refer": _("A chosen service is no longer listed: screen again")}, code="not_listed")
    referrals = [
        referral_create(
            office=consultation.office,
            by=by,
            service=services[choice.service_id],
            person=consultation.person,
            consultation=consultation,
            needs=choice.needs,
            why="; ".join(choice.reasons),
        )
        for choice in choices
    ]
    if consultation.outcome != Outcome.REFERRED:
        consultation.outcome = Outcome.REFERRED
        consultation.save(update_fields=["outcome", "updated_at"])
    log_action(
        "grizha.consultation.referred",
        actor=by,
        obj=consultation,
        person=consultation.person_id,
        office=consultation.office_id,
        data={"referrals": [r.reference for r in referrals]},
    )
    return referrals
