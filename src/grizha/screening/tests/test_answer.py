"""The API's ready-made JSON (`screening_answer`) says exactly what the explained results say
(`screening_results`), for any person, also when services share a verdict across municipalities."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grizha.catalog import reference
from grizha.catalog.models import Attribute, Service
from grizha.demo.loader import demo_id
from grizha.screening.rules import FACTS, Person
from grizha.screening.selectors import Offer, screening_answer, screening_results

pytestmark = pytest.mark.django_db

TERMS = reference.read_taxonomies()["taxonomy_terms"]
NEEDS = [t["code"] for t in TERMS if t["taxonomy"] == reference.NEED]
GROUPS = [t["code"] for t in TERMS if t["taxonomy"] == reference.TARGET_GROUP]

people = st.builds(
    Person,
    age=st.none() | st.integers(0, 100),
    municipality=st.sampled_from([None, "SLV20", "SOF46", "BGS04"]),
    facts=st.fixed_dictionaries(
        {},
        optional={
            FACTS[0]: st.sampled_from([0.0, 50.0, 71.0, 90.0]),
            FACTS[1]: st.booleans(),
            FACTS[2]: st.sampled_from([100.0, 330.0, 331.0, 900.0]),
        },
    ),
    target_groups=st.dictionaries(st.sampled_from(GROUPS), st.booleans(), max_size=5),
    needs=st.lists(st.sampled_from(NEEDS), max_size=3, unique=True).map(tuple),
    scope=st.sampled_from([None, None, None, "SLV20", "SOF46"]),
)


def copy_to(municipality: str, key: str) -> Service:
    """The demo service again in another municipality, with its conditions, residence moved there."""
    original = Service.objects.get(id=demo_id("service", key))
    copy = Service.objects.create(
        municipality_id=municipality,
        name_bg=original.name_bg,
        name_en=original.name_en,
        minimum_age=original.minimum_age,
        maximum_age=original.maximum_age,
    )
    for attribute in Attribute.objects.filter(service=original):
        value = municipality if attribute.value == "SLV20" else attribute.value
        Attribute.objects.create(
            service=copy, taxonomy_term_id=attribute.taxonomy_term_id, link_type=attribute.link_type, value=value
        )
    return copy


def same(person: Person, lang: str) -> None:
    text, offer = screening_answer(person, lang)
    slow = screening_results(person, lang)
    assert json.loads(text) == {"results": [r.as_json() for r in slow]}
    assert offer == Offer.of(slow)


@given(person=people, lang=st.sampled_from(["bg", "en"]))
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_answer_equals_the_explained_results(person: Person, lang: str) -> None:
    same(person, lang)


def test_services_sharing_a_verdict_name_their_own_municipality() -> None:
    sofia = copy_to("SOF46", "patronazh")
    person = Person(needs=("meals",), target_groups={"elderly": True})
    same(person, "en")
    found = {r["service_id"]: r for r in json.loads(screening_answer(person, "en")[0])["results"]}
    assert "Sliven" in " ".join(found[str(demo_id("service", "patronazh"))]["to_check"])
    assert "Sofia" in " ".join(found[str(sofia.id)]["to_check"])


def test_the_home_municipality_comes_first_among_equals() -> None:
    sofia = copy_to("SOF46", "patronazh")
    for home, first in (("SOF46", str(sofia.id)), ("SLV20", str(demo_id("service", "patronazh")))):
        person = Person(needs=("meals", "care-at-home"), municipality=home, target_groups={"elderly": True})
        found = json.loads(screening_answer(person, "bg")[0])["results"]
        assert found[0]["service_id"] == first
        same(person, "bg")
