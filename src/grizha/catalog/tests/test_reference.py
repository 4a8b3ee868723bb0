"""Our vocabularies are loaded by migration with the ids and codes of taxonomy/taxonomies.json."""

from __future__ import annotations

import pytest

from grizha.catalog.models import Taxonomy, TaxonomyTerm
from grizha.catalog.reference import read_taxonomies

pytestmark = pytest.mark.django_db


def test_every_taxonomy_and_term_is_loaded_with_its_id() -> None:
    data = read_taxonomies()
    assert set(Taxonomy.objects.values_list("id", flat=True)) >= {
        __import__("uuid").UUID(t["id"]) for t in data["taxonomies"]
    }
    for item in data["taxonomy_terms"]:
        term = TaxonomyTerm.objects.select_related("taxonomy").get(id=item["id"])
        assert (term.code, term.taxonomy.code, term.name_bg) == (item["code"], item["taxonomy"], item["name"])
        assert term.name_en == item["translations"]["en"]["name"]


def test_term_codes_repeat_across_taxonomies_but_not_within_one() -> None:
    # "personal-assistance" is both an activity kind and a need.
    assert TaxonomyTerm.objects.filter(code="personal-assistance").count() == 2
    assert TaxonomyTerm.objects.filter(code="personal-assistance", taxonomy__code="bg-need").count() == 1
