"""The rules that compute a project indicator from the product's data: for one municipality over a period
of whole days (both included, in the project's time zone), each rule counts one thing and says in plain
words what it counts, so that staff can choose it for an indicator and a funder can check the figure."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from grizha.casework.models import Consultation
from grizha.casework.selectors.appointments import day_bounds
from grizha.paper.models import LeafletHandout
from grizha.training.models import Indicator, Participant, SupervisionAction, SupervisionSession

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The fields Participant.person_key reads: enough to tell people apart across trainings.
PERSON_KEY_FIELDS = ("user", "email", "name", "organisation")


@dataclass(frozen=True)
class Rule:
    """`compute` takes keyword-only `municipality`, `starts_on`, `ends_on` and `margin`; returns the value."""

    code: str
    label: StrOrPromise
    explanation: StrOrPromise
    compute: Callable[..., int]


def _moments(starts_on: date, ends_on: date) -> tuple[datetime, datetime]:
    """The period as aware datetimes: from the first midnight of `starts_on` to the one after `ends_on`."""
    return day_bounds(starts_on)[0], day_bounds(ends_on)[1]


def _consultations(municipality: str, starts_on: date, ends_on: date) -> QuerySet[Consultation]:
    start, end = _moments(starts_on, ends_on)
    return Consultation.objects.filter(
        office__municipality_id=municipality, occurred_at__gte=start, occurred_at__lt=end
    ).order_by()


def _trained(municipality: str, starts_on: date, ends_on: date) -> QuerySet[Participant]:
    """Those who attended a training of the municipality that ended in the period."""
    return Participant.objects.filter(
        training__municipality_id=municipality,
        training__ends_on__gte=starts_on,
        training__ends_on__lte=ends_on,
        attended=True,
    ).order_by()


def _persons(participants: QuerySet[Participant]) -> int:
    """How many different people: Participant.person_key on instances loaded with only the fields it reads."""
    return len({participant.person_key for participant in participants.only(*PERSON_KEY_FIELDS)})


def _sessions(municipality: str, starts_on: date, ends_on: date) -> QuerySet[SupervisionSession]:
    return SupervisionSession.objects.filter(
        office__municipality_id=municipality, held_on__gte=starts_on, held_on__lte=ends_on
    ).order_by()


def improved_competences(*, municipality: str, starts_on: date, ends_on: date, margin: int) -> int:
    improved = _trained(municipality, starts_on, ends_on).filter(
        score_before__isnull=False, score_after__isnull=False, score_after__gte=F("score_before") + margin
    )
    return _persons(improved)


def people_trained(*, municipality: str, starts_on: date, ends_on: date, margin: int) -> int:
    return _persons(_trained(municipality, starts_on, ends_on))


def training_person_hours(*, municipality: str, starts_on: date, ends_on: date, margin: int) -> int:
    hours = _trained(municipality, starts_on, ends_on).aggregate(hours=Sum("training__hours"))["hours"]
    return math.floor(hours or 0)


def consultations_given(*, municipality: str, starts_on: date, ends_on: date, margin: int) -> int:
    return _consultations(municipality, starts_on, ends_on).count()


def people_informed(*, municipality: str, starts_on: date, ends_on: date, margin: int) -> int:
    counts = _consultations(municipality, starts_on, ends_on).aggregate(
        anonymous=Count("id", filter=Q(person__isnull=True)), people=Count("person", distinct=True)
    )
    return int(counts["anonymous"] + counts["people"])


def leaflets_handed_out(*, municipality: str, starts_on: date, ends_on: date, margin: int) -> int:
    handed_out = LeafletHandout.objects.filter(
        office__municipality_id=municipality, handed_out_on__gte=starts_on, handed_out_on__lte=ends_on
    ).aggregate(leaflets=Sum("count"))["leaflets"]
    # One row of leaflets_given per leaflet: counting the joined services counts the leaflets.
    given = _consultations(municipality, starts_on, ends_on).aggregate(leaflets=Count("leaflets_given"))["leaflets"]
    return (handed_out or 0) + given


def supervision_sessions(*, municipality: str, starts_on: date, ends_on: date, margin: int) -> int:
    return _sessions(municipality, starts_on, ends_on).count()


def supervision_actions_done(*, municipality: str, starts_on: date, ends_on: date, margin: int) -> int:
    return SupervisionAction.objects.filter(
        session__in=_sessions(municipality, starts_on, ends_on), done_on__gte=starts_on, done_on__lte=ends_on
    ).count()


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "improved_competences",
            _("People whose competences improved"),
            _(
                "People who attended a training that ended in the period and whose score after it is higher "
                "than their score before it by at least the margin. A person trained twice counts once, if they "
                "improved in either training. Someone without a score before or after, or who did not attend, "
                "is not counted."
            ),
            improved_competences,
        ),
        Rule(
            "people_trained",
            _("People trained"),
            _(
                "People who attended at least one training that ended in the period. A person trained twice "
                "counts once; someone who was registered but did not attend is not counted."
            ),
            people_trained,
        ),
        Rule(
            "training_person_hours",
            _("Hours of training received"),
            _(
                "The hours of each training that ended in the period, once for every person who attended it, "
                "added up and rounded down to whole hours. Someone who did not attend adds nothing."
            ),
            training_person_hours,
        ),
        Rule(
            "consultations_given",
            _("Consultations given"),
            _(
                "Consultations given by the municipality's offices in the period, in person, by phone, by e-mail, "
                "online or at home. Every consultation counts, also a second one with the same person."
            ),
            consultations_given,
        ),
        Rule(
            "people_informed",
            _("People informed in consultations"),
            _(
                "People informed in consultations in the period. Someone with a record counts once, however "
                "many consultations they had; each anonymous consultation counts as one person."
            ),
            people_informed,
        ),
        Rule(
            "leaflets_handed_out",
            _("Leaflets handed out"),
            _(
                "Leaflets the municipality's offices recorded as handed out in the period, together with the "
                "leaflets given in consultations in the period: one for each service whose leaflet was given."
            ),
            leaflets_handed_out,
        ),
        Rule(
            "supervision_sessions",
            _("Supervision sessions held"),
            _("Supervision sessions, individual or in a group, held by the municipality's offices in the period."),
            supervision_sessions,
        ),
        Rule(
            "supervision_actions_done",
            _("Actions agreed in supervision and done"),
            _(
                "Actions agreed in supervision sessions held in the period and marked done within the period. "
                "An action done after the end of the period is not counted."
            ),
            supervision_actions_done,
        ),
    )
}

RULE_CHOICES: list[tuple[str, StrOrPromise]] = [(rule.code, rule.label) for rule in RULES.values()]


def indicator_value(indicator: Indicator) -> int:
    """The indicator's value now, by its rule, for its municipality, period and margin."""
    rule = RULES.get(indicator.rule)
    if rule is None:
        raise LookupError(f"Indicator {indicator.pk} has an unknown rule {indicator.rule!r}; expected one of RULES.")
    return rule.compute(
        municipality=indicator.municipality_id,
        starts_on=indicator.starts_on,
        ends_on=indicator.ends_on,
        margin=indicator.margin,
    )
