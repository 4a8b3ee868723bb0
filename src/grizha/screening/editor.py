"""What a catalog editor sees of screening: one service's conditions in words, and how screening
answers a sample person for that service alone, down to the condition that rules it out."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from grizha.catalog import reference
from grizha.catalog.eligibility import describe_age_range, describe_criterion
from grizha.catalog.models import Service
from grizha.screening.rules import FACT_OF_CRITERION, RESIDENCE, Fact, Match, Person, RuleBook, ServiceRules, evaluate
from grizha.screening.selectors import ScreeningCatalog, compile_service, reasons, screening_catalog, to_check


def editor_language() -> str:
    """The language of the admin page, as the catalog's texts know it."""
    lang = (translation.get_language() or "bg").split("-")[0]
    return lang if lang in ("bg", "en") else "bg"


# --- the rules of one service ---------------------------------------------------------------------


def service_rules(service_id: Any) -> ServiceRules | None:
    """The rules screening applies to one service (whatever its status), or None when there is none."""
    try:
        return compile_service(service_id)
    except ValidationError:  # not a UUID
        return None


# --- conditions in words --------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One labelled line of the editor's panel."""

    label: str
    text: str


def _terms(taxonomy: str, codes: Any, catalog: ScreeningCatalog, lang: str) -> str:
    return ", ".join(catalog.term(taxonomy, code, lang) for code in codes)


def _criterion_words(code: str, value: str, catalog: ScreeningCatalog, lang: str) -> str:
    name = catalog.municipality(value, lang) if code == RESIDENCE else None
    return describe_criterion(code, value, municipality_name=name)


def _readable_number(value: str) -> bool:
    # Screening leaves a criterion whose number it cannot read for the person to check, never guessed.
    try:
        float(value.replace(",", "."))
    except ValueError:
        return False
    return True


def conditions_in_words(rules: ServiceRules, catalog: ScreeningCatalog, lang: str) -> list[Line]:
    """Every condition screening checks for the service: age, groups (any one suffices), criteria with
    their values, residence last. Empty when anyone who asks may be offered it."""
    lines = []
    if rules.minimum_age is not None or rules.maximum_age is not None:
        lines.append(Line(_("Age"), describe_age_range(rules.minimum_age, rules.maximum_age)))
    if rules.eligibility_groups:
        groups = _terms(reference.TARGET_GROUP, rules.eligibility_groups, catalog, lang)
        lines.append(Line(_("Groups (any one suffices)"), groups))
    for code, value in sorted(rules.criteria, key=lambda item: item[0] == RESIDENCE):
        text = _criterion_words(code, value, catalog, lang)
        if code in FACT_OF_CRITERION and code != "needs-assistance-of-another" and not _readable_number(value):
            text += " " + _(
                "(the value “%(value)s” is not a number, so screening always asks the person to check this)"
            ) % {"value": value}
        lines.append(Line(_("Residence") if code == RESIDENCE else _("Condition"), text))
    return lines


def offered_for(rules: ServiceRules, catalog: ScreeningCatalog, lang: str) -> list[Line]:
    """What makes a person a candidate for the service at all, before its conditions are checked."""
    needs = _needs_of(rules)
    groups = _groups_of(rules)
    return [
        Line(_("Needs it meets"), _terms(reference.NEED, needs, catalog, lang) if needs else _("none")),
        Line(
            _("Groups it is for (when no need is stated)"),
            _terms(reference.TARGET_GROUP, groups, catalog, lang) if groups else _("none"),
        ),
    ]


@dataclass(frozen=True)
class Panel:
    """The 'Conditions in words' panel of a service's admin page."""

    rules: ServiceRules
    conditions: list[Line]
    offered_for: list[Line]
    inactive: str


def service_panel(service_id: Any) -> Panel | None:
    """The panel of one service, or None when there is no such service."""
    rules = service_rules(service_id)
    if rules is None:
        return None
    catalog, lang = screening_catalog(), editor_language()
    inactive = ""
    status = Service.objects.filter(id=service_id).values_list("status", flat=True).first()
    if status != Service.Status.ACTIVE:
        label = Service.Status(status).label if status in Service.Status.values else status
        inactive = _("This service is not active (status: %(status)s): screening never offers it.") % {"status": label}
    return Panel(rules, conditions_in_words(rules, catalog, lang), offered_for(rules, catalog, lang), inactive)


def _need_codes() -> list[str]:
    return [t["code"] for t in reference.read_taxonomies()["taxonomy_terms"] if t["taxonomy"] == reference.NEED]


def _needs_of(rules: ServiceRules) -> list[str]:
    """The needs the service meets, in the vocabulary's order."""
    return [code for code in _need_codes() if code in rules.needs]


def _groups_of(rules: ServiceRules) -> list[str]:
    """The groups that make a person a candidate: the eligibility groups, then the other audience."""
    return [*rules.eligibility_groups, *sorted(rules.audience - set(rules.eligibility_groups))]


def need_choices(rules: ServiceRules, catalog: ScreeningCatalog, lang: str) -> list[tuple[str, str]]:
    """Every need of bg-need, those the service meets marked, for the sample person to state."""
    mark = _("met by this service")
    return [
        (code, catalog.term(reference.NEED, code, lang) + (f" ({mark})" if code in rules.needs else ""))
        for code in _need_codes()
    ]


def group_choices(rules: ServiceRules, catalog: ScreeningCatalog, lang: str) -> list[tuple[str, str]]:
    """The service's eligibility groups, then its other audience groups, with their names."""
    return [(code, catalog.term(reference.TARGET_GROUP, code, lang)) for code in _groups_of(rules)]


# --- a sample person --------------------------------------------------------------------------


class Answer(enum.StrEnum):
    ELIGIBLE = "eligible"
    MAYBE = "maybe"
    RULED_OUT = "ruled-out"
    NOT_CANDIDATE = "not-candidate"


@dataclass(frozen=True)
class Trial:
    """Screening's answer for one service and one sample person, in the editor's words."""

    answer: Answer
    headline: str
    lines: list[str]
    to_check: list[str]
    told: list[str]


def _number(value: Fact) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    return number_format(int(value) if float(value).is_integer() else value)


def _fails(code: str, value: str, person: Person, catalog: ScreeningCatalog, lang: str) -> str:
    condition = _criterion_words(code, value, catalog, lang)
    fact = person.facts.get(FACT_OF_CRITERION.get(code, ""))
    if code == "min-disability-percent":
        text = _("Ruled out: the person's degree of disability is %(percent)s%%; the service asks for %(condition)s.")
        return text % {"percent": _number(fact), "condition": condition}
    if code == "max-monthly-income-per-member":
        text = _(
            "Ruled out: the person's monthly income per household member is %(amount)s EUR; "
            "the service asks for %(condition)s."
        )
        return text % {"amount": _number(fact), "condition": condition}
    if code == "needs-assistance-of-another":
        text = _(
            "Ruled out: the person has no assessed need for the assistance of another; "
            "the service asks for %(condition)s."
        )
        return text % {"condition": condition}
    if code == RESIDENCE and person.municipality:
        text = _("Ruled out: the person lives in the municipality of %(name)s; the service asks for %(condition)s.")
        return text % {"name": catalog.municipality(person.municipality, lang), "condition": condition}
    return _("Ruled out: the person does not meet %(condition)s.") % {"condition": condition}


def ruled_out_by(rules: ServiceRules, person: Person, catalog: ScreeningCatalog, lang: str) -> list[str]:
    """Each condition that alone rules the service out for the person, in words.

    The engine judges every condition on its own (the service with only that condition), so these words
    can never disagree with screening."""
    bare = dataclasses.replace(rules, minimum_age=None, maximum_age=None, eligibility_groups=(), criteria=())
    found = []
    if (
        evaluate(dataclasses.replace(bare, minimum_age=rules.minimum_age, maximum_age=rules.maximum_age), person)
        is None
    ):
        text = _("Ruled out: the person is %(age)s; the service is for people %(range)s.")
        found.append(text % {"age": person.age, "range": describe_age_range(rules.minimum_age, rules.maximum_age)})
    if evaluate(dataclasses.replace(bare, eligibility_groups=rules.eligibility_groups), person) is None:
        groups = _terms(reference.TARGET_GROUP, rules.eligibility_groups, catalog, lang)
        text = _("Ruled out: the person belongs to none of the groups the service is only for: %(groups)s.")
        found.append(text % {"groups": groups})
    for code, value in rules.criteria:
        if evaluate(dataclasses.replace(bare, criteria=((code, value),)), person) is None:
            found.append(_fails(code, value, person, catalog, lang))
    return found


def _not_candidate(rules: ServiceRules, person: Person, catalog: ScreeningCatalog, lang: str) -> str:
    if person.needs:
        if not rules.needs:
            return _("Not a candidate: the service meets no need, so screening offers it for no stated need.")
        text = _("Not a candidate: the service meets none of the stated needs (it meets: %(needs)s).")
        return text % {"needs": _terms(reference.NEED, _needs_of(rules), catalog, lang)}
    return _(
        "Not a candidate: no need was stated and none of the service's groups was stated yes. Screening offers "
        "a service for a stated need that it meets or, when no need is stated, for a group that it is for."
    )


def try_person(rules: ServiceRules, person: Person, lang: str) -> Trial:
    """How screening answers the sample person for this one service, as if it were active."""
    catalog = screening_catalog()
    if not any(RuleBook([rules]).candidates(person)):
        headline = _("Not offered: not a candidate")
        return Trial(Answer.NOT_CANDIDATE, headline, [_not_candidate(rules, person, catalog, lang)], [], [])
    verdict = evaluate(rules, person)
    if verdict is None:
        lines = ruled_out_by(rules, person, catalog, lang) or [_("Ruled out by one of its conditions.")]
        return Trial(Answer.RULED_OUT, _("Not offered: ruled out"), lines, [], [])
    told = reasons(verdict, catalog, lang)
    if verdict.match is Match.ELIGIBLE:
        return Trial(Answer.ELIGIBLE, _("Offered as eligible"), [], [], told)
    checks = to_check(verdict, catalog, lang)
    return Trial(Answer.MAYBE, _("Offered as maybe"), [], checks, told)
