"""Properties of the pure screening rules (CONTRACTS section 3), over services and people drawn from
the real codes of `bg-need`, `bg-target-group` and `bg-eligibility-criterion`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from grizha.catalog import reference
from grizha.screening.rules import Match, Outcome, Person, RuleBook, ServiceRules, Verdict, evaluate, screen


def codes(taxonomy: str) -> list[str]:
    return [t["code"] for t in reference.read_taxonomies()["taxonomy_terms"] if t["taxonomy"] == taxonomy]


NEEDS = codes(reference.NEED)
GROUPS = codes(reference.TARGET_GROUP)
CRITERIA = codes(reference.ELIGIBILITY_CRITERION)
MUNICIPALITIES = ("SLV20", "SOF46", "BGS04")
# The fact of the request that answers each criterion, as CONTRACTS section 3 names them.
FACT_OF = {
    "min-disability-percent": "disability_percent",
    "needs-assistance-of-another": "needs_assistance_of_another",
    "max-monthly-income-per-member": "monthly_income_per_member",
}
CRITERION_VALUES: dict[str, st.SearchStrategy[str]] = {
    "min-disability-percent": st.integers(0, 100).map(str),
    "needs-assistance-of-another": st.just("true"),
    "max-monthly-income-per-member": st.integers(0, 2000).map(str),
    "resident-of-municipality": st.sampled_from(MUNICIPALITIES),
}
FACT_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "disability_percent": st.integers(0, 100) | st.floats(0, 100),
    "needs_assistance_of_another": st.booleans(),
    "monthly_income_per_member": st.integers(0, 2000) | st.floats(0, 2000),
}

PROPERTY = settings(max_examples=200, deadline=None, database=None)
# A whole rule book is about ten times the work of one service: fewer books, as many services.
BOOK_PROPERTY = settings(PROPERTY, max_examples=100)

ages = st.integers(0, 120)
needs = st.sets(st.sampled_from(NEEDS), min_size=1, max_size=4)
some_needs = st.sets(st.sampled_from(NEEDS), max_size=4)
groups = st.sampled_from(GROUPS)
municipalities = st.sampled_from(MUNICIPALITIES)
names = st.sampled_from(["Дом", "дневен център", "Център", "Alpha", "alpha", "Ёжик"])


@st.composite
def service_rules(draw: Callable[..., Any], key: str = "s") -> ServiceRules:
    low, high = draw(st.none() | ages), draw(st.none() | ages)
    if low is not None and high is not None and low > high:
        low, high = high, low
    chosen = draw(st.lists(st.sampled_from(CRITERIA), unique=True, max_size=len(CRITERIA)))
    return ServiceRules(
        id=key,
        municipality=draw(municipalities),
        name={"bg": draw(names), "en": draw(st.just("") | names)},
        minimum_age=low,
        maximum_age=high,
        needs=frozenset(draw(some_needs)),
        audience=frozenset(draw(st.sets(groups, max_size=4))),
        eligibility_groups=tuple(draw(st.lists(groups, unique=True, max_size=3))),
        criteria=tuple((code, draw(CRITERION_VALUES[code])) for code in chosen),
    )


@st.composite
def books(draw: Callable[..., Any]) -> RuleBook:
    size = draw(st.integers(1, 8))
    return RuleBook([draw(service_rules(key=f"s{i:02}")) for i in range(size)])


@st.composite
def people(draw: Callable[..., Any], stated_needs: st.SearchStrategy[set[str]] | None = None) -> Person:
    facts = draw(st.fixed_dictionaries({}, optional=FACT_VALUES))
    return Person(
        age=draw(st.none() | ages),
        municipality=draw(st.none() | municipalities),
        facts=facts,
        target_groups=draw(st.dictionaries(groups, st.booleans(), max_size=6)),
        needs=tuple(sorted(draw(stated_needs if stated_needs is not None else some_needs))),
    )


def outcome(verdict: Verdict | None) -> str | None:
    return None if verdict is None else str(verdict.match)


def matches(found: list[Verdict]) -> dict[str, str]:
    return {v.rules.id: str(v.match) for v in found}


def depends_on(rules: ServiceRules) -> list[str]:
    found = ["age"] if rules.minimum_age is not None or rules.maximum_age is not None else []
    found += ["groups"] if rules.eligibility_groups else []
    return found + [code for code, _ in rules.criteria]


def forget(person: Person, what: str, rules: ServiceRules) -> Person:
    """The person with what `rules` depends on through `what` made unknown."""
    if what == "age":
        return dataclasses.replace(person, age=None)
    if what == "groups":
        kept = {c: v for c, v in person.target_groups.items() if c not in rules.eligibility_groups}
        return dataclasses.replace(person, target_groups=kept)
    if what == "resident-of-municipality":
        return dataclasses.replace(person, municipality=None)
    return dataclasses.replace(person, facts={k: v for k, v in person.facts.items() if k != FACT_OF[what]})


# --- candidates ---------------------------------------------------------------------------------


def test_the_strategies_cover_every_criterion_of_the_taxonomy() -> None:
    assert set(CRITERION_VALUES) == set(CRITERIA)
    assert set(FACT_OF) | {"resident-of-municipality"} == set(CRITERIA)


@BOOK_PROPERTY
@given(books(), people(stated_needs=needs))
def test_with_needs_stated_every_result_meets_one_of_them(book: RuleBook, person: Person) -> None:
    for verdict in screen(book, person):
        assert set(verdict.needs_met) == set(person.needs) & verdict.rules.needs
        assert verdict.needs_met


@BOOK_PROPERTY
@given(books(), people(stated_needs=st.just(set())))
def test_without_needs_the_results_are_the_services_for_a_group_stated_true(book: RuleBook, person: Person) -> None:
    stated_true = {code for code, value in person.target_groups.items() if value}
    expected = {
        rules.id
        for rules in book.services
        if (rules.audience | set(rules.eligibility_groups)) & stated_true and evaluate(rules, person) is not None
    }
    assert set(matches(screen(book, person))) == expected


@BOOK_PROPERTY
@given(books(), people(), st.sampled_from(NEEDS))
def test_a_stated_need_a_service_does_not_meet_never_adds_it(book: RuleBook, person: Person, need: str) -> None:
    before = set(matches(screen(book, person)))
    more = dataclasses.replace(person, needs=tuple(dict.fromkeys((*person.needs, need))))
    added = {v.rules.id for v in screen(book, more) if need not in v.rules.needs} - before
    assert added == set()


@BOOK_PROPERTY
@given(books(), people(), municipalities)
def test_scope_only_removes_the_services_of_other_municipalities(book: RuleBook, person: Person, scope: str) -> None:
    everywhere = screen(book, person)
    scoped = screen(book, dataclasses.replace(person, scope=scope))
    assert [v.rules.id for v in scoped] == [v.rules.id for v in everywhere if v.rules.municipality == scope]


# --- what drops a service and what makes it a maybe ----------------------------------------------


@PROPERTY
@given(service_rules(), people(), st.data())
def test_age_exactly_at_a_bound_is_inside(rules: ServiceRules, person: Person, data: st.DataObject) -> None:
    bounds = [b for b in (rules.minimum_age, rules.maximum_age) if b is not None]
    if not bounds:
        rules = dataclasses.replace(rules, minimum_age=data.draw(ages))
        bounds = [rules.minimum_age]  # type: ignore[list-item]
    # Nothing else known, so nothing but the age could drop the service.
    person = Person(age=data.draw(st.sampled_from(bounds)), needs=person.needs)
    verdict = evaluate(rules, person)
    assert verdict is not None
    assert [c.outcome for c in verdict.conditions if c.kind == "age"] == [Outcome.HOLDS]


@PROPERTY
@given(service_rules(), people(), st.booleans())
def test_age_one_year_outside_a_bound_drops_the_service(rules: ServiceRules, person: Person, below: bool) -> None:
    if below:
        rules = dataclasses.replace(rules, minimum_age=max(rules.minimum_age or 0, 1))
        age = rules.minimum_age - 1  # type: ignore[operator]
    else:
        rules = dataclasses.replace(rules, maximum_age=rules.maximum_age or 0, minimum_age=None)
        age = rules.maximum_age + 1  # type: ignore[operator]
    assert evaluate(rules, dataclasses.replace(person, age=age)) is None


@PROPERTY
@given(service_rules(), people(), st.lists(groups, unique=True, min_size=1, max_size=3))
def test_a_service_whose_eligibility_groups_are_all_stated_false_is_dropped(
    rules: ServiceRules, person: Person, only_for: list[str]
) -> None:
    rules = dataclasses.replace(rules, eligibility_groups=tuple(only_for))
    person = dataclasses.replace(person, target_groups={**person.target_groups, **dict.fromkeys(only_for, False)})
    assert evaluate(rules, person) is None


@PROPERTY
@given(service_rules(), people(), st.lists(groups, unique=True, min_size=1, max_size=3), st.data())
def test_one_eligibility_group_stated_true_is_enough(
    rules: ServiceRules, person: Person, only_for: list[str], data: st.DataObject
) -> None:
    rules = dataclasses.replace(
        rules, eligibility_groups=tuple(only_for), minimum_age=None, maximum_age=None, criteria=()
    )
    held = data.draw(st.sampled_from(only_for))
    stated = {**dict.fromkeys(only_for, False), held: True}
    verdict = evaluate(rules, dataclasses.replace(person, target_groups={**person.target_groups, **stated}))
    assert outcome(verdict) == Match.ELIGIBLE


@PROPERTY
@given(service_rules(), people(), st.data())
def test_an_unknown_fact_never_yields_eligible_for_a_service_that_depends_on_it(
    rules: ServiceRules, person: Person, data: st.DataObject
) -> None:
    dependencies = depends_on(rules)
    if not dependencies:
        rules = dataclasses.replace(rules, criteria=(("min-disability-percent", "50"),))
        dependencies = depends_on(rules)
    what = data.draw(st.sampled_from(dependencies))
    assert outcome(evaluate(rules, forget(person, what, rules))) in (None, Match.MAYBE)


@PROPERTY
@given(service_rules(), people())
def test_a_service_is_eligible_when_every_condition_is_known_to_hold(rules: ServiceRules, person: Person) -> None:
    """Everything a service asks for, stated as holding: eligible, whatever else is known."""
    facts = {**person.facts}
    municipality = person.municipality
    for code, value in rules.criteria:
        if code == "resident-of-municipality":
            municipality = value
        elif code == "needs-assistance-of-another":
            facts["needs_assistance_of_another"] = True
        else:
            facts[FACT_OF[code]] = float(value)
    age = rules.minimum_age if rules.minimum_age is not None else rules.maximum_age
    stated = {**person.target_groups, **({rules.eligibility_groups[0]: True} if rules.eligibility_groups else {})}
    fitting = dataclasses.replace(
        person, age=age if age is not None else person.age, municipality=municipality, facts=facts, target_groups=stated
    )
    assert outcome(evaluate(rules, fitting)) == Match.ELIGIBLE


@PROPERTY
@given(service_rules(), people(), st.integers(0, 100), st.integers(0, 2000))
def test_a_criterion_exactly_at_its_bound_holds(rules: ServiceRules, person: Person, percent: int, income: int) -> None:
    rules = dataclasses.replace(
        rules,
        minimum_age=None,
        maximum_age=None,
        eligibility_groups=(),
        criteria=(("min-disability-percent", str(percent)), ("max-monthly-income-per-member", str(income))),
    )
    person = dataclasses.replace(person, facts={"disability_percent": percent, "monthly_income_per_member": income})
    assert outcome(evaluate(rules, person)) == Match.ELIGIBLE


@PROPERTY
@given(service_rules(), people(), st.integers(0, 99), st.integers(1, 2000))
def test_a_stated_fact_that_fails_a_criterion_drops_the_service(
    rules: ServiceRules, person: Person, percent: int, income: int
) -> None:
    failing = {
        "min-disability-percent": ("disability_percent", str(percent + 1), percent),
        "max-monthly-income-per-member": ("monthly_income_per_member", str(income - 1), income),
        "needs-assistance-of-another": ("needs_assistance_of_another", "true", False),
    }
    for code, (fact, bound, value) in failing.items():
        failed = dataclasses.replace(rules, criteria=((code, bound),))
        assert evaluate(failed, dataclasses.replace(person, facts={**person.facts, fact: value})) is None, code


@PROPERTY
@given(service_rules(), people(), municipalities, municipalities)
def test_residence_decides_resident_only_services_when_the_municipality_is_known(
    rules: ServiceRules, person: Person, own: str, lives_in: str
) -> None:
    rules = dataclasses.replace(
        rules, criteria=(("resident-of-municipality", own),), minimum_age=None, maximum_age=None, eligibility_groups=()
    )
    verdict = evaluate(rules, dataclasses.replace(person, municipality=lives_in))
    assert outcome(verdict) == (Match.ELIGIBLE if lives_in == own else None)


@PROPERTY
@given(service_rules(), people(), st.sets(groups, max_size=6))
def test_audience_never_drops_a_service_nor_changes_its_match(
    rules: ServiceRules, person: Person, audience: set[str]
) -> None:
    before = evaluate(rules, person)
    after = evaluate(dataclasses.replace(rules, audience=frozenset(audience)), person)
    assert outcome(after) == outcome(before)
    assert (after is None or after.conditions) == (before is None or before.conditions)


# --- learning more about the person ---------------------------------------------------------------

# (before, after); None is dropped.
ALLOWED_WHEN_LEARNING = {
    (None, None),
    ("eligible", "eligible"),
    ("maybe", "maybe"),
    ("maybe", "eligible"),
    ("maybe", None),
}


@st.composite
def learnt(draw: Callable[..., Any], person: Person) -> Person:
    """The person with one more thing known that was unknown before."""
    unknown = ["age"] if person.age is None else []
    unknown += ["municipality"] if person.municipality is None else []
    unknown += [f for f in FACT_VALUES if f not in person.facts]
    unknown += [f"group:{g}" for g in GROUPS if g not in person.target_groups]
    what = draw(st.sampled_from(unknown))
    if what == "age":
        return dataclasses.replace(person, age=draw(ages))
    if what == "municipality":
        return dataclasses.replace(person, municipality=draw(municipalities))
    if what.startswith("group:"):
        return person.with_group(what.removeprefix("group:"), draw(st.booleans()))
    return dataclasses.replace(person, facts={**person.facts, what: draw(FACT_VALUES[what])})


@PROPERTY
@given(service_rules(), people(), st.data())
def test_learning_a_fact_only_turns_maybe_into_eligible_or_drops_it(
    rules: ServiceRules, person: Person, data: st.DataObject
) -> None:
    more = data.draw(learnt(person))
    assert (outcome(evaluate(rules, person)), outcome(evaluate(rules, more))) in ALLOWED_WHEN_LEARNING


@BOOK_PROPERTY
@given(books(), people(stated_needs=needs), groups)
def test_stating_one_more_group_true_keeps_every_eligible_result_eligible(
    book: RuleBook, person: Person, group: str
) -> None:
    person = dataclasses.replace(person, target_groups={c: v for c, v in person.target_groups.items() if c != group})
    eligible = {key for key, match in matches(screen(book, person)).items() if match == Match.ELIGIBLE}
    after = matches(screen(book, person.with_group(group, True)))
    assert {key: after.get(key) for key in eligible} == dict.fromkeys(eligible, "eligible")


@BOOK_PROPERTY
@given(books(), people(), groups)
def test_stating_one_more_group_true_never_removes_a_result(book: RuleBook, person: Person, group: str) -> None:
    person = dataclasses.replace(person, target_groups={c: v for c, v in person.target_groups.items() if c != group})
    before = set(matches(screen(book, person)))
    assert before <= set(matches(screen(book, person.with_group(group, True))))


# --- order --------------------------------------------------------------------------------------


@BOOK_PROPERTY
@given(books(), people())
def test_results_come_eligible_before_maybe_then_with_more_needs_met(book: RuleBook, person: Person) -> None:
    keys = [(v.match is not Match.ELIGIBLE, -len(v.needs_met)) for v in screen(book, person)]
    assert keys == sorted(keys)


@BOOK_PROPERTY
@given(books(), people(), municipalities)
def test_among_equal_matches_and_needs_met_the_persons_municipality_comes_first(
    book: RuleBook, person: Person, lives_in: str
) -> None:
    person = dataclasses.replace(person, municipality=lives_in)
    found = screen(book, person)
    keys = [(v.match is not Match.ELIGIBLE, -len(v.needs_met), v.rules.municipality != lives_in) for v in found]
    assert keys == sorted(keys)


@BOOK_PROPERTY
@given(books(), people())
def test_the_order_does_not_depend_on_the_order_of_the_catalog(book: RuleBook, person: Person) -> None:
    shuffled = RuleBook(list(reversed(book.services)))
    assert [v.rules.id for v in screen(book, person)] == [v.rules.id for v in screen(shuffled, person)]
