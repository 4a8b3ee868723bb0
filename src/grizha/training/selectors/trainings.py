"""Reads of trainings, supervision and competences, scoped to the municipalities where the member keeps
them (MANAGE_TRAINING); a member of staff always sees their own record."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from grizha.accounts.models import Membership
from grizha.accounts.roles import Capability
from grizha.accounts.selectors import StaffScope
from grizha.territory.models import Office
from grizha.training.models import (
    REQUIRED_LEVEL,
    Competence,
    CompetenceLevel,
    Participant,
    SupervisionAction,
    SupervisionSession,
    Training,
)


def kept_municipalities(scope: StaffScope) -> list[str]:
    """The municipalities whose trainings, supervision and indicators the member keeps."""
    return sorted(scope.municipality_codes) if scope.can(Capability.MANAGE_TRAINING) else []


def trainings_for(scope: StaffScope) -> QuerySet[Training]:
    return (
        Training.objects.filter(municipality_id__in=kept_municipalities(scope))
        .annotate(
            people=Count("participants", distinct=True),
            attended=Count("participants", filter=Q(participants__attended=True), distinct=True),
        )
        .order_by("-starts_on", "title")
    )


def training_for(scope: StaffScope, training_id: UUID) -> Training:
    training = (
        Training.objects.filter(id=training_id, municipality_id__in=kept_municipalities(scope))
        .prefetch_related(
            "competences",
            Prefetch("participants", queryset=Participant.objects.select_related("user").order_by("name")),
        )
        .first()
    )
    if training is None:
        raise Http404
    return training


def participant_for(scope: StaffScope, training_id: UUID, participant_id: UUID) -> Participant:
    participant = (
        Participant.objects.filter(
            id=participant_id, training_id=training_id, training__municipality_id__in=kept_municipalities(scope)
        )
        .select_related("training")
        .first()
    )
    if participant is None:
        raise Http404
    return participant


def staff_of(municipalities: list[str]) -> QuerySet[Any]:
    """Members of staff with a membership in an office of the municipalities, by name."""
    users = Membership.objects.filter(office__municipality_id__in=municipalities).values("user_id")
    return get_user_model().objects.filter(id__in=users, is_active=True).order_by("first_name", "last_name", "username")


def member_for(scope: StaffScope, user_id: int) -> Any:
    """A member of staff whose record the member may see: themselves, or anyone of a municipality they keep."""
    if user_id == scope.user_id:
        return get_user_model().objects.get(id=user_id)
    member = staff_of(kept_municipalities(scope)).filter(id=user_id).first()
    if member is None:
        raise Http404
    return member


@dataclass
class CompetenceRow:
    competence: Competence
    level: int | None
    required: bool

    @property
    def gap(self) -> bool:
        return self.required and (self.level is None or self.level < REQUIRED_LEVEL)


@dataclass
class TrainingRecord:
    """A member's trainings, competences (those their roles require first) and what would close the gaps."""

    member: Any
    roles: list[str]
    participations: list[Participant]
    competences: list[CompetenceRow]
    suggested: list[Training] = field(default_factory=list)
    supervision: list[SupervisionSession] = field(default_factory=list)

    @property
    def hours(self) -> float:
        return float(sum(p.training.hours for p in self.participations if p.attended))


def training_record(member: Any) -> TrainingRecord:
    roles = sorted(set(Membership.objects.filter(user=member).values_list("role", flat=True)))
    municipalities = list(Membership.objects.filter(user=member).values_list("office__municipality_id", flat=True))
    participations = list(
        Participant.objects.filter(user=member).select_related("training").order_by("-training__starts_on")
    )
    levels = dict(CompetenceLevel.objects.filter(user=member).values_list("competence_id", "level"))
    rows = [
        CompetenceRow(competence, levels.get(competence.id), bool(set(competence.roles) & set(roles)))
        for competence in Competence.objects.all()
    ]
    rows.sort(key=lambda row: (not row.required, row.competence.position))
    gaps = [row.competence.id for row in rows if row.gap]
    suggested = list(
        Training.objects.filter(
            municipality_id__in=municipalities, starts_on__gte=timezone.localdate(), competences__in=gaps
        )
        .exclude(participants__user=member)
        .distinct()
        .order_by("starts_on")[:10]
    )
    supervision = list(member.supervision_sessions.select_related("office").order_by("-held_on")[:20])
    return TrainingRecord(member, roles, participations, rows, suggested, supervision)


def sessions_for(scope: StaffScope) -> QuerySet[SupervisionSession]:
    return (
        SupervisionSession.objects.filter(office__municipality_id__in=kept_municipalities(scope))
        .select_related("office")
        .annotate(
            people=Count("participants", distinct=True),
            open_actions=Count("actions", filter=Q(actions__done_on__isnull=True), distinct=True),
        )
        .order_by("-held_on")
    )


def session_for(scope: StaffScope, session_id: UUID) -> SupervisionSession:
    session = (
        SupervisionSession.objects.filter(id=session_id, office__municipality_id__in=kept_municipalities(scope))
        .select_related("office")
        .prefetch_related("participants", Prefetch("actions", queryset=SupervisionAction.objects.select_related("who")))
        .first()
    )
    if session is None:
        raise Http404
    return session


def action_for(scope: StaffScope, session_id: UUID, action_id: UUID) -> SupervisionAction:
    action = (
        SupervisionAction.objects.filter(
            id=action_id, session_id=session_id, session__office__municipality_id__in=kept_municipalities(scope)
        )
        .select_related("session")
        .first()
    )
    if action is None:
        raise Http404
    return action


def offices_of(municipalities: list[str]) -> QuerySet[Office]:
    return Office.objects.filter(municipality_id__in=municipalities).order_by("kind", "name")


# White space and the dashes a phone or a word processor may put in instead of a hyphen.
SEPARATORS = re.compile(r"[\s\-‐‑–—]+")


def normalised(code: str) -> str:
    """A number as printed: spaces and dashes people add when they type it are dropped, letters made capital."""
    return SEPARATORS.sub("", code).upper()


def certificate_find(code: str) -> Participant | None:
    """The participant whose certificate has this number, however it was typed; None if there is none."""
    number = normalised(code)
    if not number:
        return None
    return Participant.objects.select_related("training__municipality").filter(certificate=number).first()


@dataclass
class PersonTrainings:
    """Everyone trained, with or without an account, and their trainings: a training record for each."""

    name: str
    organisation: str
    user_id: int | None
    participations: list[Participant] = field(default_factory=list)

    @property
    def hours(self) -> float:
        return float(sum(p.training.hours for p in self.participations if p.attended))


def people_trained(scope: StaffScope) -> list[PersonTrainings]:
    """The people on the trainings of the municipalities the member keeps, one entry a person (the same
    key as the indicators use), by name."""
    people: dict[str, PersonTrainings] = {}
    participants = (
        Participant.objects.filter(training__municipality_id__in=kept_municipalities(scope))
        .select_related("training")
        .order_by("-training__starts_on")
    )
    for participant in participants:
        person = people.setdefault(
            participant.person_key,
            PersonTrainings(participant.name, participant.organisation, participant.user_id),
        )
        person.participations.append(participant)
    return sorted(people.values(), key=lambda p: (p.name.lower(), p.organisation.lower()))
