"""search_services on the demo catalog: what people type finds the right services, in the same order on
SQLite and on PostgreSQL (this module runs on both)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from grizha.catalog.models import Service, TaxonomyTerm
from grizha.demo.loader import demo_id, demo_services
from grizha.search.models import INDEX_FIELDS, SearchDocument, SearchWord, ThesaurusEntry
from grizha.search.ranking import Postings, impacts
from grizha.search.selectors import search_services, similarity, trigrams

pytestmark = pytest.mark.django_db

KEYS = {demo_id("service", s["key"]): s["key"] for s in demo_services()}

# The first results of a query set, as both databases must give them.
TOP_RESULTS = {
    "domashen patronaj": ["patronazh", "trapezaria", "krizisen-center"],
    "pomosht za hora s uvrejdaniq": ["asp-mfp-uvrezhdania", "asp-individualna-otsenka", "asp-pomoshtni-sredstva"],
    "баба": ["dc-vazrastni", "patronazh", "semeyno-posrednichestvo"],
    "бие ме": ["krizisen-center", "asp-zakrila-deteto"],
    "обяд": ["topal-obyad", "trapezaria", "patronazh"],
    "инвалидна количка": ["asp-pomoshtni-sredstva", "specializiran-transport", "csri-pylnoletni"],
    "патрнаж": ["patronazh", "trapezaria"],
    "ЦОП": ["cop"],
    "home care for the elderly": ["patronazh", "dom-stari-hora", "grizha-v-doma"],
    "Лична помощ": ["lichna-pomosht", "asistentska-podkrepa", "grizha-v-doma"],
    "4ovek s demenciq": ["dc-demencia", "informirane-konsultirane", "cop"],
    "бездомен": ["cvn", "obshtinski-zhilishta", "topal-obyad"],
    "търся работа": ["dbt-programi-zaetost", "trudovi-umenia", "dbt-registratsia"],
    "детето ми има аутизъм": ["csri-deca", "ranno-detsko-razvitie", "cnst-deca-uvrezhdania"],
    "дневен център за възрастни": ["dc-vazrastni", "dc-demencia", "dc-pylnoletni"],
}


def top(query: str, **options: Any) -> list[str]:
    return [KEYS.get(service_id, str(service_id)) for service_id, _ in search_services(query, limit=3, **options)]


@pytest.mark.parametrize("query", list(TOP_RESULTS))
def test_a_query_set_gives_the_same_first_results_on_every_database(query: str) -> None:
    assert top(query) == TOP_RESULTS[query], connection.vendor


def test_the_postings_of_every_word_hold_each_document_that_has_it_with_its_weight() -> None:
    # What a query reads must say exactly what a scan of the index rows says.
    expected: dict[str, dict[int, float]] = {}
    for doc in SearchDocument.objects.all():
        for token, weight in impacts({name: getattr(doc, name).split() for name in INDEX_FIELDS}).items():
            expected.setdefault(token, {})[doc.id] = weight
    stored = {w.word: (w.documents, Postings.from_bytes(bytes(w.postings))) for w in SearchWord.objects.all()}
    assert set(stored) == set(expected)
    for word, (documents, found) in stored.items():
        assert documents == len(found) == len(expected[word]), word
        assert list(found.ids) == sorted(expected[word]), word
        assert found.impacts.tolist() == pytest.approx([expected[word][i] for i in sorted(expected[word])], rel=1e-6)


def test_a_search_reads_its_words_again_after_an_edit(django_capture_on_commit_callbacks: Any) -> None:
    # The postings a process keeps belong to a catalog version: an edit that commits moves it.
    assert top("патронаж")[0] == "patronazh"
    service = Service.objects.get(id=demo_id("service", "topal-obyad"))
    with django_capture_on_commit_callbacks(execute=True):
        service.name_bg = "Патронаж патронаж"
        service.save()
    assert top("патронаж")[0] == "topal-obyad"


def test_an_exact_name_comes_first() -> None:
    assert top("Лична помощ")[0] == "lichna-pomosht"
    assert top("lichna pomosht")[0] == "lichna-pomosht"
    assert top("Personal assistance")[0] == "lichna-pomosht"


def test_a_name_with_every_word_comes_before_other_matches() -> None:
    assert top("grija v doma")[0] == "grizha-v-doma"
    assert top("рехабилитация за деца")[0] == "csri-deca"


def test_only_active_services_unless_asked_otherwise() -> None:
    closed = demo_id("service", "zimen-priyut")  # temporarily closed
    ended = demo_id("service", "patronazhna-grizha")  # inactive
    found = [sid for sid, _ in search_services("зимен приют патронажна грижа", limit=None)]
    assert closed not in found and ended not in found
    listed = [sid for sid, _ in search_services("зимен приют", limit=None, statuses=["active", "temporarily closed"])]
    assert listed[0] == closed


def test_a_municipality_narrows_the_answer() -> None:
    assert top("обяд", municipality="SLV20")
    assert top("обяд", municipality="SOF46") == []


def test_limit_none_answers_every_match_best_first() -> None:
    everything = search_services("помощ", limit=None)
    assert len(everything) > 3
    assert search_services("помощ", limit=3) == everything[:3]
    scores = [score for _, score in everything]
    assert all(score > 0 for score in scores)


def test_a_misspelt_word_finds_the_word_meant() -> None:
    assert top("патрнаж")[0] == "patronazh"
    assert top("кризистен център")[0] == "krizisen-center"
    assert top("бездомнни")[0] == "cvn"


def test_typo_similarity_is_that_of_pg_trgm() -> None:
    assert trigrams("cat") == {"  c", " ca", "cat", "at "}
    assert similarity("патронаж", "патронаж") == 1.0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT similarity(%s, %s)", ["патронаж", "патрнаж"])
            assert cursor.fetchone()[0] == pytest.approx(similarity("патронаж", "патрнаж"))


def test_the_thesaurus_maps_everyday_words_to_the_catalog() -> None:
    assert top("баба")[0] == "dc-vazrastni"
    assert top("бие ме")[0] == "krizisen-center"
    assert top("grandma")[0] == "dc-vazrastni"
    assert "asp-pomoshtni-sredstva" in top("wheelchair")


def test_a_thesaurus_edit_is_used_once_committed(django_capture_on_commit_callbacks: Any) -> None:
    assert top("кьопоолу") == []
    with django_capture_on_commit_callbacks(execute=True):
        entry = ThesaurusEntry.objects.create(phrase="кьопоолу", words="обществена трапезария")
        entry.terms.set(TaxonomyTerm.objects.filter(taxonomy__code="bg-need", code="meals"))
    assert top("кьопоолу")[0] == "trapezaria"


def test_the_seeded_thesaurus_has_both_languages() -> None:
    assert ThesaurusEntry.objects.filter(language="bg").count() >= 60
    assert ThesaurusEntry.objects.filter(language="en").count() >= 60
    assert ThesaurusEntry.objects.filter(phrase="баба", terms__code="elderly").exists()


def test_every_demo_service_is_in_the_index() -> None:
    assert SearchDocument.objects.count() == Service.objects.count()
