"""Screening over the demo catalog: rules compiled from the services' attributes, changes seen by the
next screening, inactive services never offered, and the explanations in words."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grizha.catalog import reference
from grizha.catalog.models import Attribute, CatalogVersion, Service, TaxonomyTerm
from grizha.catalog.versioning import current_version
from grizha.demo.loader import demo_id, demo_services
from grizha.screening.rules import Person, ServiceRules
from grizha.screening.selectors import screening_catalog, screening_results

pytestmark = pytest.mark.django_db

DEMO = {item["key"]: item for item in demo_services()}
ACTIVE = sorted(key for key, item in DEMO.items() if item["status"] == "active")
NOT_ACTIVE = sorted(key for key, item in DEMO.items() if item["status"] != "active")
CLOSED = [s for s in Service.Status if s is not Service.Status.ACTIVE]


def sid(key: str) -> str:
    return str(demo_id("service", key))


def compiled(key: str) -> ServiceRules:
    return next(rules for rules in screening_catalog().book.services if rules.id == sid(key))


def offered(person: Person, lang: str = "en") -> dict[str, Any]:
    return {result.service_id: result for result in screening_results(person, lang)}


def fitting_person(key: str) -> Person:
    """Someone who, by the service's attributes in sliven.json, meets every condition it has."""
    item = DEMO[key]
    attributes = item["attributes"]
    criteria = attributes["eligibility_criteria"]
    facts: dict[str, float | bool] = {}
    if "min-disability-percent" in criteria:
        facts["disability_percent"] = 100
    if "max-monthly-income-per-member" in criteria:
        facts["monthly_income_per_member"] = 0
    if "needs-assistance-of-another" in criteria:
        facts["needs_assistance_of_another"] = True
    age = item["minimum_age"] if item["minimum_age"] is not None else item["maximum_age"]
    return Person(
        age=age if age is not None else 40,
        municipality=criteria.get("resident-of-municipality", "SLV20"),
        facts=facts,
        target_groups=dict.fromkeys(attributes["eligibility_groups"], True),
        needs=tuple(attributes["need"]),
    )


def add_attribute(key: str, link_type: str, taxonomy: str, code: str, value: str = "") -> None:
    Attribute.objects.create(
        service_id=sid(key),
        link_entity="service",
        link_type=link_type,
        taxonomy_term=TaxonomyTerm.objects.get(taxonomy__code=taxonomy, code=code),
        value=value,
    )


# --- compiled rules -----------------------------------------------------------------------------


@pytest.mark.parametrize("key", ACTIVE)
def test_an_active_service_compiles_to_the_rules_its_attributes_say(key: str) -> None:
    item, rules = DEMO[key], compiled(key)
    attributes = item["attributes"]
    assert (rules.municipality, rules.minimum_age, rules.maximum_age) == (
        "SLV20",
        item["minimum_age"],
        item["maximum_age"],
    )
    assert rules.name == item["name"]
    assert rules.needs == frozenset(attributes["need"])
    assert rules.audience == frozenset(attributes["audience"])
    assert sorted(rules.eligibility_groups) == sorted(attributes["eligibility_groups"])
    assert sorted(rules.criteria) == sorted(attributes["eligibility_criteria"].items())
    assert rules.access_route in attributes["access_route"]


@pytest.mark.parametrize("key", NOT_ACTIVE)
def test_a_service_that_is_not_active_is_not_compiled(key: str) -> None:
    assert sid(key) not in {rules.id for rules in screening_catalog().book.services}


@pytest.mark.parametrize("key", ACTIVE)
def test_an_active_service_is_eligible_for_someone_who_meets_all_its_conditions(key: str) -> None:
    result = offered(fitting_person(key))[sid(key)]
    assert (str(result.verdict.match), result.to_check) == ("eligible", [])


def test_the_same_catalog_version_reuses_the_compiled_rules() -> None:
    assert screening_catalog() is screening_catalog()


def test_a_new_catalog_version_compiles_the_rules_again() -> None:
    before = screening_catalog()
    # Another process's committed change: the row and the version move, no signal reaches us.
    Service.objects.filter(id=sid("cvn")).update(minimum_age=21)
    CatalogVersion.objects.update_or_create(pk=1, defaults={"version": current_version() + 1})
    after = screening_catalog()
    assert after is not before
    assert compiled("cvn").minimum_age == 21


def test_a_new_need_of_a_service_is_seen_by_the_next_screening() -> None:
    person = Person(needs=("addiction-recovery",))
    assert sid("patronazh") not in offered(person)
    add_attribute("patronazh", "need", reference.NEED, "addiction-recovery")
    assert offered(person)[sid("patronazh")].verdict.needs_met == ("addiction-recovery",)


def test_a_new_condition_of_a_service_is_seen_by_the_next_screening() -> None:
    person = Person(age=30, municipality="SLV20", facts={"monthly_income_per_member": 500}, needs=("meals",))
    assert sid("dc-vazrastni") in offered(person)
    criterion = reference.ELIGIBILITY_CRITERION
    add_attribute("dc-vazrastni", "eligibility", criterion, "max-monthly-income-per-member", "400")
    assert sid("dc-vazrastni") not in offered(person)


def test_a_new_age_bound_is_seen_by_the_next_screening() -> None:
    person = Person(age=30, needs=("addiction-recovery",))
    assert sid("pic-zavisimosti") in offered(person)
    service = Service.objects.get(id=sid("pic-zavisimosti"))
    service.minimum_age = 31
    service.save()
    assert sid("pic-zavisimosti") not in offered(person)


def test_attributes_of_other_meanings_or_other_taxonomies_are_not_rules() -> None:
    add_attribute("patronazh", "service_type", reference.SERVICE_TYPE, "day-care")
    add_attribute("patronazh", "audience", reference.NEED, "addiction-recovery")
    assert compiled("patronazh").audience == frozenset(DEMO["patronazh"]["attributes"]["audience"])
    assert "addiction-recovery" not in compiled("patronazh").needs


# --- services that are not active -----------------------------------------------------------------


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    # Each example rolls back its own savepoint, so the database fixture is clean for the next one.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(key=st.sampled_from(ACTIVE), status=st.sampled_from(CLOSED))
def test_a_service_that_is_not_active_is_never_offered(db: Any, key: str, status: Service.Status) -> None:
    person = fitting_person(key)
    with transaction.atomic():
        assert sid(key) in offered(person)
        service = Service.objects.get(id=sid(key))
        service.status = status
        service.save()
        found = offered(person)
        transaction.set_rollback(True)
    assert sid(key) not in found


# --- words ----------------------------------------------------------------------------------------


def test_reasons_name_each_stated_need_the_service_meets() -> None:
    person = Person(needs=("meals", "care-at-home", "addiction-recovery"))
    reasons = offered(person)[sid("patronazh")].reasons
    assert reasons[:2] == ["It meets your need: Meals and food", "It meets your need: Care at home"]
    assert not any("Recovery from addiction" in reason for reason in reasons)


def test_reasons_name_the_groups_stated_true_that_the_service_is_for() -> None:
    person = Person(needs=("meals",), target_groups={"elderly": True, "people-living-alone": True, "homeless": False})
    assert "It is meant for: Older people, People living alone" in offered(person)[sid("patronazh")].reasons


def test_reasons_name_each_condition_that_holds_with_its_value() -> None:
    person = Person(
        age=50,
        municipality="SLV20",
        facts={"disability_percent": 80},
        target_groups={"adults-with-disabilities": True},
        needs=("mobility-transport",),
    )
    reasons = offered(person)[sid("specializiran-transport")].reasons
    assert "You meet the condition: a degree of disability of at least 71%" in reasons
    assert "You meet the condition: a permanent or current address in the municipality of Sliven" in reasons


def test_reasons_name_the_age_range_that_fits() -> None:
    person = Person(age=45, target_groups={"homeless": True}, needs=("shelter-housing",))
    assert "Your age fits: it is for people aged 18 or over" in offered(person)[sid("cvn")].reasons


def test_to_check_names_each_unknown_condition_with_its_value() -> None:
    result = offered(Person(needs=("meals",)))[sid("trapezaria")]
    assert sorted(result.to_check) == sorted(
        [
            "whether you belong to one of these groups: People and families on low income",
            "whether you have a monthly income of at most 330 EUR per household member",
            "whether you have a permanent or current address in the municipality of Sliven",
        ]
    )


def test_to_check_names_an_unknown_age_with_the_range() -> None:
    person = Person(target_groups={"homeless": True}, needs=("shelter-housing",))
    result = offered(person)[sid("nablyudavano-zhilishte")]
    assert "your age: the service is for people aged 18 to 21" in result.to_check


def test_to_check_names_every_group_of_an_unknown_eligibility() -> None:
    result = offered(Person(municipality="SLV20", needs=("personal-assistance",)))[sid("grizha-v-doma")]
    [line] = result.to_check
    assert line.startswith("whether you belong to one of these groups: ")
    assert "Older people unable to care for themselves" in line and "Adults with disabilities" in line


def test_an_eligible_service_has_nothing_to_check() -> None:
    person = Person(age=80, municipality="SLV20", target_groups={"elderly": True}, needs=("meals",))
    result = offered(person)[sid("patronazh")]
    assert (str(result.verdict.match), result.to_check) == ("eligible", [])


def test_bulgarian_explanations_name_the_need_in_bulgarian() -> None:
    result = {r.service_id: r for r in screening_results(Person(needs=("meals",)), "bg")}[sid("patronazh")]
    assert any("Храна" in reason for reason in result.reasons)
    assert not any("Meals and food" in reason for reason in result.reasons)


def test_a_write_rolled_back_never_reaches_the_shared_compiled_rules() -> None:
    screening_catalog()
    with transaction.atomic():
        add_attribute("patronazh", "need", reference.NEED, "addiction-recovery")
        assert "addiction-recovery" in compiled("patronazh").needs
        transaction.set_rollback(True)
    assert "addiction-recovery" not in compiled("patronazh").needs
