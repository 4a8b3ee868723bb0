"""Referrals: made as drafts (from a consultation, or from its screening in one step), then moved along
their lifecycle (casework.lifecycle) one audited step at a time."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grizha.casework.lifecycle import OPEN, STEPS
from grizha.casework.models import Consultation, Person, Referral
from grizha.casework.services.referral_links import referral_link_email
from grizha.casework.services.requests import next_reference
from grizha.catalog.models import Organization, Service
from grizha.core.audit import log_action, register_actions
from grizha.territory.models import Office

S = Referral.Status
# A referral is followed up a week after it is made, unless the specialist says otherwise.
FOLLOW_UP_DAYS = 7

register_actions(
    {
        "grizha.referral.created": gettext_lazy("made the referral"),
        "grizha.referral.send": gettext_lazy("sent the referral"),
        "grizha.referral.accept": gettext_lazy("accepted the referral"),
        "grizha.referral.decline": gettext_lazy("declined the referral"),
        "grizha.referral.start": gettext_lazy("started the service"),
        "grizha.referral.close": gettext_lazy("closed the referral"),
        "grizha.referral.withdraw": gettext_lazy("withdrew the referral"),
        "grizha.referral.follow_up_set": gettext_lazy("set the follow-up date"),
        "grizha.referral.reminded": gettext_lazy("reminded the receiver"),
        "grizha.referral.emailed": gettext_lazy("e-mailed the link to the receiver"),
        "grizha.referral.viewed": gettext_lazy("looked at the referral"),
    }
)


class TransitionRefused(ValidationError):
    """The step is not allowed from the referral's state (perhaps someone else took a step first)."""


@transaction.atomic
def referral_create(
    *,
    office: Office,
    by: User,
    service: Service | None = None,
    organization: Organization | None = None,
    person: Person | None = None,
    consultation: Consultation | None = None,
    needs: Sequence[str] = (),
    why: str = "",
    follow_up_on: datetime.date | None = None,
) -> Referral:
    """A draft referral to a service or to an organisation, followed by the one who makes it."""
    referral = Referral(
        office=office,
        created_by=by,
        assigned_to=by,
        service=service,
        organization=organization,
        person=person,
        consultation=consultation,
        needs=list(dict.fromkeys(needs)),
        why=why.strip(),
        follow_up_on=follow_up_on or timezone.localdate() + datetime.timedelta(days=FOLLOW_UP_DAYS),
    )
    referral.full_clean(exclude=["reference"])
    referral.reference = next_reference()
    referral.save()
    log_action(
        "grizha.referral.created",
        actor=by,
        obj=referral,
        person=person.pk if person else None,
        office=office.pk,
        data={
            "service": str(service.pk) if service else None,
            "organization": str(organization.pk) if organization else None,
        },
    )
    return referral


@transaction.atomic
def referral_transition(
    *,
    referral: Referral,
    action: str,
    to: str,
    by: User | None,
    reason: str = "",
    note: str = "",
    via: str = "staff",
) -> Referral:
    """Take one step of the lifecycle. The row changes only if it is still in a state the step may
    leave (a conditional UPDATE): of two people accepting at once, the second is refused and told why.
    `by` is None when the receiver answers through its signed link (`via="link"`)."""
    step = STEPS.get(action)
    if step is None or to not in step.targets:
        raise TransitionRefused(_("This step is not possible for a referral"), code="unknown_step")
    if step.needs_reason or to == S.CLOSED_UNSUCCESSFUL:
        if reason not in Referral.Reason.values:
            raise ValidationError({"reason": _("Choose the reason")}, code="reason_required")
    elif reason and reason not in Referral.Reason.values:
        raise ValidationError({"reason": _("Choose the reason")}, code="reason_unknown")
    now = timezone.now()
    changes: dict[str, Any] = {"status": to, "updated_at": now}
    if reason:
        changes |= {"reason": reason, "reason_note": note.strip()[:500]}
    stamp = {"send": "sent_at", "accept": "answered_at", "decline": "answered_at", "start": "started_at"}.get(action)
    if stamp:
        changes[stamp] = now
    if to in (S.CLOSED_SUCCESSFUL, S.CLOSED_UNSUCCESSFUL, S.WITHDRAWN, S.DECLINED):
        changes["closed_at"] = now
    if action == "send" and (referral.follow_up_on is None or referral.follow_up_on < timezone.localdate()):
        # A date the specialist chose stands; one already past when the referral goes out does not.
        changes["follow_up_on"] = timezone.localdate() + datetime.timedelta(days=FOLLOW_UP_DAYS)
    changed = Referral.objects.filter(pk=referral.pk, status__in=step.sources).update(**changes)
    if not changed:
        current = Referral.objects.filter(pk=referral.pk).values_list("status", flat=True).first()
        label = Referral.Status(current).label if current else ""
        raise TransitionRefused(
            _(
                "This referral is now “%(status)s”, so it cannot be changed this way. "
                "Reload the page to see who changed it."
            )
            % {"status": label},
            code="stale",
        )
    referral.refresh_from_db()
    log_action(
        f"grizha.referral.{action}",
        actor=by,
        obj=referral,
        person=referral.person_id,
        office=referral.office_id,
        reason=note.strip()[:300],
        data={"to": to, "reason": reason, "via": via},
    )
    return referral


def referral_send(*, referral: Referral, by: User) -> Referral:
    """Send the referral: the receiver is e-mailed its signed link when it has an address (otherwise the
    staff page shows the link to hand over). The e-mail goes after the step is saved, never before."""
    referral = referral_transition(referral=referral, action="send", to=S.SENT, by=by)
    referral_link_email(referral=referral, by=by)
    return referral


def referral_accept(*, referral: Referral, by: User | None, via: str = "staff", note: str = "") -> Referral:
    return referral_transition(referral=referral, action="accept", to=S.ACCEPTED, by=by, via=via, note=note)


def referral_decline(
    *, referral: Referral, by: User | None, reason: str, note: str = "", via: str = "staff"
) -> Referral:
    return referral_transition(
        referral=referral, action="decline", to=S.DECLINED, by=by, reason=reason, note=note, via=via
    )


def referral_start(*, referral: Referral, by: User | None, via: str = "staff", note: str = "") -> Referral:
    return referral_transition(referral=referral, action="start", to=S.STARTED, by=by, via=via, note=note)


def referral_close(*, referral: Referral, by: User, successful: bool, reason: str = "", note: str = "") -> Referral:
    to = S.CLOSED_SUCCESSFUL if successful else S.CLOSED_UNSUCCESSFUL
    return referral_transition(referral=referral, action="close", to=to, by=by, reason=reason, note=note)


def referral_withdraw(*, referral: Referral, by: User, note: str = "") -> Referral:
    return referral_transition(referral=referral, action="withdraw", to=S.WITHDRAWN, by=by, note=note)


@transaction.atomic
def referral_follow_up_set(
    *, referral: Referral, by: User, follow_up_on: datetime.date, assigned_to: User | None
) -> Referral:
    """Change when the referral is followed up, and by whom; only while it is open."""
    if referral.status not in OPEN:
        raise ValidationError(_("This referral is closed, so there is nothing to follow up"), code="closed")
    changed = Referral.objects.filter(pk=referral.pk, status__in=OPEN).update(
        follow_up_on=follow_up_on, assigned_to=assigned_to, updated_at=timezone.now()
    )
    if not changed:
        raise ValidationError(_("This referral is closed, so there is nothing to follow up"), code="closed")
    referral.refresh_from_db()
    log_action(
        "grizha.referral.follow_up_set",
        actor=by,
        obj=referral,
        person=referral.person_id,
        office=referral.office_id,
        data={"follow_up_on": follow_up_on.isoformat(), "assigned_to": assigned_to.pk if assigned_to else None},
    )
    return referral


def referral_viewed(*, referral: Referral, by: User) -> None:
    """A member of staff opened a referral of a person: a read of their personal data, audited."""
    if referral.person_id is not None:
        log_action(
            "grizha.referral.viewed", actor=by, obj=referral, person=referral.person_id, office=referral.office_id
        )
