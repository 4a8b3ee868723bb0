"""The rules of screening (CONTRACTS section 3), as pure functions over compiled service conditions:
which services are candidates, which are ruled out, and which conditions hold, fail or are unknown.
No database and no words here; `explain` turns the outcome into sentences."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

# The facts of a person that answer a `bg-eligibility-criterion` (CONTRACTS section 3).
FACT_OF_CRITERION = {
    "min-disability-percent": "disability_percent",
    "needs-assistance-of-another": "needs_assistance_of_another",
    "max-monthly-income-per-member": "monthly_income_per_member",
}
RESIDENCE = "resident-of-municipality"
FACTS = tuple(FACT_OF_CRITERION.values())

Fact = float | bool | None

# The sensible range of each number a person states (the API and the questionnaire refuse the rest).
BOUNDS: dict[str, tuple[int, int]] = {
    "age": (0, 130),
    "disability_percent": (0, 100),
    "monthly_income_per_member": (0, 1_000_000),
}


@dataclass(frozen=True)
class Person:
    """What is known of the person; None and absent keys are unknown."""

    age: int | None = None
    municipality: str | None = None
    facts: Mapping[str, Fact] = field(default_factory=dict)
    target_groups: Mapping[str, bool] = field(default_factory=dict)
    needs: tuple[str, ...] = ()
    scope: str | None = None

    def with_group(self, code: str, value: bool) -> Person:
        return Person(
            age=self.age,
            municipality=self.municipality,
            facts=self.facts,
            target_groups={**self.target_groups, code: value},
            needs=self.needs,
            scope=self.scope,
        )


@dataclass(frozen=True)
class ServiceRules:
    """The conditions of one active service, compiled from its structured attributes."""

    id: str
    municipality: str
    name: Mapping[str, str]
    minimum_age: int | None = None
    maximum_age: int | None = None
    needs: frozenset[str] = frozenset()
    audience: frozenset[str] = frozenset()
    eligibility_groups: tuple[str, ...] = ()
    criteria: tuple[tuple[str, str], ...] = ()
    access_route: str = ""

    @property
    def facts_used(self) -> frozenset[str]:
        return frozenset(FACT_OF_CRITERION[code] for code, _ in self.criteria if code in FACT_OF_CRITERION)


class Outcome(enum.Enum):
    HOLDS = "holds"
    FAILS = "fails"
    UNKNOWN = "unknown"


class Match(enum.StrEnum):
    ELIGIBLE = "eligible"
    MAYBE = "maybe"


@dataclass(frozen=True)
class Condition:
    """One condition of a service and how it stands for the person.

    kind is "age", "groups" or a criterion code; detail is the criterion's value or the groups that
    count (for "groups": those stated true when it holds, those not stated either way when unknown)."""

    kind: str
    outcome: Outcome
    detail: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verdict:
    rules: ServiceRules
    match: Match
    needs_met: tuple[str, ...]
    groups_met: tuple[str, ...]
    conditions: tuple[Condition, ...]

    @property
    def unknown(self) -> tuple[Condition, ...]:
        return tuple(c for c in self.conditions if c.outcome is Outcome.UNKNOWN)


def _number(value: str) -> float | None:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return None


def _criterion(code: str, value: str, person: Person) -> Outcome:
    if code == RESIDENCE:
        if not person.municipality:
            return Outcome.UNKNOWN
        return Outcome.HOLDS if person.municipality == value else Outcome.FAILS
    fact_name = FACT_OF_CRITERION.get(code)
    fact = person.facts.get(fact_name) if fact_name else None
    if fact is None:
        return Outcome.UNKNOWN
    if code == "needs-assistance-of-another":
        return Outcome.HOLDS if fact is True else Outcome.FAILS
    bound = _number(value)
    if bound is None or isinstance(fact, bool):
        # A criterion whose parameter cannot be read is left for a person to check, never guessed.
        return Outcome.UNKNOWN
    if code == "min-disability-percent":
        return Outcome.HOLDS if fact >= bound else Outcome.FAILS
    return Outcome.HOLDS if fact <= bound else Outcome.FAILS


def evaluate(rules: ServiceRules, person: Person) -> Verdict | None:
    """The verdict on one candidate service, or None when a known fact rules it out."""
    conditions: list[Condition] = []
    if rules.minimum_age is not None or rules.maximum_age is not None:
        if person.age is None:
            conditions.append(Condition("age", Outcome.UNKNOWN))
        elif (rules.minimum_age is not None and person.age < rules.minimum_age) or (
            rules.maximum_age is not None and person.age > rules.maximum_age
        ):
            return None
        else:
            conditions.append(Condition("age", Outcome.HOLDS))
    if rules.eligibility_groups:
        stated = [person.target_groups.get(code) for code in rules.eligibility_groups]
        if True in stated:
            held = tuple(c for c, v in zip(rules.eligibility_groups, stated, strict=True) if v is True)
            conditions.append(Condition("groups", Outcome.HOLDS, held))
        elif None in stated:
            # Ask only about the groups not already stated false.
            open_groups = tuple(c for c, v in zip(rules.eligibility_groups, stated, strict=True) if v is None)
            conditions.append(Condition("groups", Outcome.UNKNOWN, open_groups))
        else:
            return None
    for code, value in rules.criteria:
        outcome = _criterion(code, value, person)
        if outcome is Outcome.FAILS:
            return None
        conditions.append(Condition(code, outcome, (value,)))
    stated_true = {code for code, value in person.target_groups.items() if value is True}
    groups_met = tuple(sorted(stated_true & (rules.audience | set(rules.eligibility_groups))))
    unknown = any(c.outcome is Outcome.UNKNOWN for c in conditions)
    return Verdict(
        rules=rules,
        match=Match.MAYBE if unknown else Match.ELIGIBLE,
        needs_met=tuple(n for n in person.needs if n in rules.needs),
        groups_met=groups_met,
        conditions=tuple(conditions),
    )


def residence_of(rules: ServiceRules) -> str | None:
    return next((value for code, value in rules.criteria if code == RESIDENCE), None)


def signature(rules: ServiceRules) -> tuple[object, ...]:
    """Everything that decides a verdict except the residence criterion's municipality: services with
    the same signature (the same service in many municipalities) get the same verdict."""
    return (
        rules.minimum_age,
        rules.maximum_age,
        rules.needs,
        rules.audience,
        rules.eligibility_groups,
        tuple((code, "" if code == RESIDENCE else value) for code, value in rules.criteria),
    )


@dataclass
class RuleBook:
    """Every active service's rules, with the indexes that find the candidates without a scan, and
    each service's signature (numbered), so that a screening evaluates each distinct rule set once."""

    services: list[ServiceRules]
    by_need: dict[str, list[int]] = field(default_factory=dict)
    by_group: dict[str, list[int]] = field(default_factory=dict)
    signatures: list[int] = field(default_factory=list)
    residences: list[str | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        numbers: dict[tuple[object, ...], int] = {}
        for index, rules in enumerate(self.services):
            for need in rules.needs:
                self.by_need.setdefault(need, []).append(index)
            for group in rules.audience | set(rules.eligibility_groups):
                self.by_group.setdefault(group, []).append(index)
            self.signatures.append(numbers.setdefault(signature(rules), len(numbers)))
            self.residences.append(residence_of(rules))

    def candidate_indexes(self, person: Person) -> list[int]:
        if person.needs:
            keys, index = person.needs, self.by_need
        else:
            keys, index = tuple(c for c, v in person.target_groups.items() if v is True), self.by_group
        seen: set[int] = set()
        for key in keys:
            seen.update(index.get(key, ()))
        if person.scope is not None:
            return sorted(i for i in seen if self.services[i].municipality == person.scope)
        return sorted(seen)

    def candidates(self, person: Person) -> Iterable[ServiceRules]:
        return (self.services[i] for i in self.candidate_indexes(person))

    def verdicts(self, person: Person) -> Iterator[tuple[int, Verdict]]:
        """(index, verdict) of every candidate not ruled out; one evaluation per distinct signature and
        residence outcome, the verdict's rules being those of the first service evaluated."""
        memo: dict[tuple[int, Outcome | None], Verdict | None] = {}
        home = person.municipality
        for i in self.candidate_indexes(person):
            residence = self.residences[i]
            if residence is None:
                outcome = None
            elif not home:
                outcome = Outcome.UNKNOWN
            elif home == residence:
                outcome = Outcome.HOLDS
            else:
                continue
            key = (self.signatures[i], outcome)
            if key in memo:
                verdict = memo[key]
            else:
                verdict = memo[key] = evaluate(self.services[i], person)
            if verdict is not None:
                yield i, verdict


def sort_key(verdict: Verdict, person: Person, lang: str) -> tuple[object, ...]:
    """Eligible first; more stated needs met; the person's municipality; better fit; name."""
    rules = verdict.rules
    return (
        verdict.match is not Match.ELIGIBLE,
        -len(verdict.needs_met),
        not (person.municipality and rules.municipality == person.municipality),
        -len(verdict.groups_met),
        len(verdict.unknown),
        (rules.name.get(lang) or rules.name.get("bg") or "").casefold(),
        rules.id,
    )


def screen(book: RuleBook, person: Person, lang: str = "bg") -> list[Verdict]:
    """Every service that fits the person, in the order of CONTRACTS section 3."""
    verdicts = [
        v if v.rules is book.services[i] else replace(v, rules=book.services[i]) for i, v in book.verdicts(person)
    ]
    verdicts.sort(key=lambda v: sort_key(v, person, lang))
    return verdicts
