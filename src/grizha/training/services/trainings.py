"""Writes of trainings, supervision, competences and project indicators: typed, keyword-only, each
audited, each refusing what the member's municipality does not hold."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from grizha.core.audit import log_action, register_actions
from grizha.territory.models import Office
from grizha.training.indicators import RULES
from grizha.training.models import (
    Competence,
    CompetenceLevel,
    Indicator,
    Participant,
    SupervisionAction,
    SupervisionSession,
    Training,
)

register_actions(
    {
        "grizha.training.saved": _("saved the training"),
        "grizha.training.participant_saved": _("saved a participant of the training"),
        "grizha.training.participant_removed": _("removed a participant from the training"),
        "grizha.training.supervision_saved": _("recorded a supervision session"),
        "grizha.training.action_saved": _("recorded an agreed action of supervision"),
        "grizha.training.competence_assessed": _("assessed a competence"),
        "grizha.training.indicator_saved": _("saved a project indicator"),
        "grizha.training.indicator_removed": _("removed a project indicator"),
    }
)

TRAINING_FIELDS = (
    "title",
    "description",
    "starts_on",
    "ends_on",
    "trainer",
    "hours",
    "format",
    "place",
    "materials",
    "project",
)


@transaction.atomic
def training_save(
    *,
    by: User,
    municipality: str,
    fields: dict[str, Any],
    competences: list[Competence],
    training: Training | None = None,
) -> Training:
    """Create a training of `municipality`, or change `training` (which must be of it)."""
    if training is not None and training.municipality_id != municipality:
        raise ValidationError(_("This training belongs to another municipality"))
    training = training or Training(municipality_id=municipality)
    for name in TRAINING_FIELDS:
        if name in fields:
            setattr(training, name, fields[name])
    training.full_clean()
    training.save()
    training.competences.set(competences)
    log_action("grizha.training.saved", actor=by, obj=training)
    return training


@transaction.atomic
def participant_save(
    *,
    by: User,
    training: Training,
    user: User | None = None,
    name: str = "",
    organisation: str = "",
    email: str = "",
    participant: Participant | None = None,
) -> Participant:
    """Add someone to a training: a member of staff (their name from the account) or someone without
    an account. The same member twice is refused with a message."""
    if participant is None and user is not None and training.participants.filter(user=user).exists():
        raise ValidationError({"user": _("This member of staff is on the training already")})
    participant = participant or Participant(training=training)
    participant.user = user
    participant.name = (user.get_full_name() or user.get_username()) if user is not None else name.strip()
    participant.organisation = organisation.strip()
    participant.email = (user.email if user is not None and not email else email).strip()
    participant.full_clean()
    participant.save()
    log_action("grizha.training.participant_saved", actor=by, obj=participant, data={"training": str(training.id)})
    return participant


@transaction.atomic
def participant_results(
    *, by: User, participant: Participant, attended: bool, score_before: int | None, score_after: int | None
) -> Participant:
    """Record attendance and the scores before and after; a certificate already given stays valid
    only for someone who attended."""
    if participant.certificate and not attended:
        raise ValidationError({"attended": _("A certificate was given: someone who did not attend cannot have one")})
    participant.attended = attended
    participant.score_before = score_before
    participant.score_after = score_after
    participant.full_clean()
    participant.save(update_fields=["attended", "score_before", "score_after", "updated_at"])
    log_action("grizha.training.participant_saved", actor=by, obj=participant, data={"attended": attended})
    return participant


@transaction.atomic
def participant_remove(*, by: User, participant: Participant) -> None:
    if participant.certificate:
        raise ValidationError(_("A certificate was given to this participant: they cannot be removed"))
    log_action("grizha.training.participant_removed", actor=by, obj=participant, data={"name": participant.name})
    participant.delete()


@transaction.atomic
def supervision_save(
    *,
    by: User,
    office: Office,
    kind: str,
    held_on: date,
    hours: Decimal,
    supervisor: str,
    topics: str,
    participants: list[User],
) -> SupervisionSession:
    session = SupervisionSession(
        office=office, kind=kind, held_on=held_on, hours=hours, supervisor=supervisor.strip(), topics=topics.strip()
    )
    if kind == SupervisionSession.Kind.INDIVIDUAL and len(participants) != 1:
        raise ValidationError({"participants": _("Individual supervision has exactly one participant")})
    if not participants:
        raise ValidationError({"participants": _("Choose who took part")})
    session.full_clean()
    session.save()
    session.participants.set(participants)
    log_action("grizha.training.supervision_saved", actor=by, obj=session, office=office.id)
    return session


@transaction.atomic
def supervision_action_save(
    *, by: User, session: SupervisionSession, what: str, who: User | None, due_on: date
) -> SupervisionAction:
    if due_on < session.held_on:
        raise ValidationError({"due_on": _("The date cannot be before the session")})
    action = SupervisionAction(session=session, what=what.strip(), who=who, due_on=due_on)
    action.full_clean()
    action.save()
    log_action("grizha.training.action_saved", actor=by, obj=action, office=session.office_id)
    return action


@transaction.atomic
def supervision_action_done(*, by: User, action: SupervisionAction, done_on: date | None) -> SupervisionAction:
    """Mark an agreed action done on a day, or not done (None)."""
    if done_on is not None and done_on < action.session.held_on:
        raise ValidationError({"done_on": _("The date cannot be before the session")})
    action.done_on = done_on
    action.save(update_fields=["done_on", "updated_at"])
    log_action("grizha.training.action_saved", actor=by, obj=action, data={"done_on": str(done_on or "")})
    return action


@transaction.atomic
def competence_assess(*, by: User, user: User, competence: Competence, level: int, on: date) -> CompetenceLevel:
    assessed, _created = CompetenceLevel.objects.update_or_create(
        user=user, competence=competence, defaults={"level": level, "assessed_on": on, "assessed_by": by}
    )
    assessed.full_clean()
    log_action("grizha.training.competence_assessed", actor=by, obj=assessed, data={"level": level})
    return assessed


@transaction.atomic
def indicator_save(
    *, by: User, municipality: str, fields: dict[str, Any], indicator: Indicator | None = None
) -> Indicator:
    if indicator is not None and indicator.municipality_id != municipality:
        raise ValidationError(_("This indicator belongs to another municipality"))
    if fields.get("rule") not in RULES:
        raise ValidationError({"rule": _("Choose how the indicator is counted from the list")})
    indicator = indicator or Indicator(municipality_id=municipality)
    for name in ("name", "project", "rule", "margin", "target", "starts_on", "ends_on", "position"):
        if name in fields:
            setattr(indicator, name, fields[name])
    indicator.full_clean()
    indicator.save()
    log_action("grizha.training.indicator_saved", actor=by, obj=indicator)
    return indicator


@transaction.atomic
def indicator_remove(*, by: User, indicator: Indicator) -> None:
    log_action("grizha.training.indicator_removed", actor=by, obj=indicator, data={"name": indicator.name})
    indicator.delete()
