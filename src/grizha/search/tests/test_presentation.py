"""How search results show the words they matched, and "did you mean" in real words."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template

from grizha.search import presentation
from grizha.search.analyzer import QueryWord
from grizha.search.presentation import did_you_mean, highlight, marks, most_frequent_words
from grizha.search.ranking import Plan
from grizha.search.selectors import search

SLIVEN = "SLV20"


@pytest.fixture(autouse=True)
def _fresh_surface_words() -> None:
    presentation._surface_cache.clear()


def _plan(query: str, lang: str = "bg") -> Plan:
    answer = search(query, lang=lang, municipality=SLIVEN)
    assert answer.plan is not None, query
    return answer.plan


# --- highlight: pure -------------------------------------------------------------------------------


def test_highlight_marks_whole_words_whatever_their_ending() -> None:
    html = highlight("Домашен социален патронаж. Патронажът носи обяд.", frozenset({("патронаж",)}))
    assert html == "Домашен социален <mark>патронаж</mark>. <mark>Патронажът</mark> носи обяд."


def test_highlight_marks_no_part_of_a_word() -> None:
    assert "<mark>" not in highlight("патронажна грижа", frozenset({("патрон",)}))


def test_highlight_escapes_everything_and_wraps_only_words() -> None:
    html = highlight('<script>alert("обяд")</script> & обяд', frozenset({("обяд",)}))
    assert "<script>" not in html
    assert html == ("&lt;script&gt;alert(&quot;<mark>обяд</mark>&quot;)&lt;/script&gt; &amp; <mark>обяд</mark>")


def test_highlight_without_marks_only_escapes() -> None:
    assert highlight("<b>обяд</b>", frozenset()) == "&lt;b&gt;обяд&lt;/b&gt;"


def test_a_phrase_is_marked_only_where_its_words_stand_together() -> None:
    phrase = frozenset({("възраст", "хор")})
    assert highlight("За възрастни хора и деца", phrase) == "За <mark>възрастни хора</mark> и деца"
    assert "<mark>" not in highlight("Хора с увреждания и възрастни", phrase)


def test_neighbouring_marked_words_share_one_mark() -> None:
    html = highlight("Домашен патронаж", frozenset({("домаш",), ("патронаж",)}))
    assert html == "<mark>Домашен патронаж</mark>"


def test_a_stressed_word_is_marked_whole() -> None:
    assert highlight("топъл обя\u0301д", frozenset({("обяд",)})) == "топъл <mark>обя\u0301д</mark>"


def test_highlight_a_long_text_quickly_and_safely() -> None:
    text = "<i>обяд</i> " * 2000
    html = highlight(text, frozenset({("обяд",)}))
    assert html.count("<mark>") == 2000 and "<i>" not in html


# --- highlight with a real plan ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_cyrillic_query_marks_its_words() -> None:
    html = highlight("Домашен социален патронаж", marks(_plan("домашен патронаж")))
    assert html == "<mark>Домашен</mark> социален <mark>патронаж</mark>"


@pytest.mark.django_db
def test_a_query_typed_in_latin_marks_the_cyrillic_words() -> None:
    html = highlight("Домашен социален патронаж", marks(_plan("domashen patronaj")))
    assert html == "<mark>Домашен</mark> социален <mark>патронаж</mark>"


@pytest.mark.django_db
def test_a_misspelt_word_marks_the_word_it_was_read_as() -> None:
    assert highlight("Домашен социален патронаж", marks(_plan("патранаж"))) == "Домашен социален <mark>патронаж</mark>"


@pytest.mark.django_db
def test_an_everyday_word_marks_the_catalog_words_it_stands_for() -> None:
    # "баба" means older people: the catalog's words are marked, never a vocabulary term's token.
    found = marks(_plan("баба"))
    assert all(not token.startswith("qq") for sequence in found for token in sequence)
    assert "<mark>възрастни хора</mark>" in highlight("Дневен център за възрастни хора", found)


@pytest.mark.django_db
def test_the_template_filter_marks_and_escapes() -> None:
    template = Template("{% load search_presentation %}{{ text|highlight:marks }}|{{ text|highlight:none }}")
    html = template.render(Context({"text": "<b>обяд</b>", "marks": frozenset({("обяд",)}), "none": frozenset()}))
    assert html == "&lt;b&gt;<mark>обяд</mark>&lt;/b&gt;|&lt;b&gt;обяд&lt;/b&gt;"


# --- did you mean ------------------------------------------------------------------------------------


def test_a_stem_is_written_as_its_most_frequent_word() -> None:
    found = most_frequent_words(["патронажът носи обяд", "домашен патронаж", "Патронаж за всеки"])
    assert found["патронаж"] == "патронаж"
    assert "за" not in found  # stop words are never suggested


@pytest.mark.django_db
def test_a_misspelt_word_is_suggested_as_a_real_word() -> None:
    assert did_you_mean(_plan("патранаж"), municipality=SLIVEN) == "патронаж"


@pytest.mark.django_db
def test_the_suggestion_keeps_the_words_that_were_right() -> None:
    assert did_you_mean(_plan("домашен патранаж"), municipality=SLIVEN) == "домашен патронаж"


@pytest.mark.django_db
def test_words_typed_in_latin_are_suggested_in_cyrillic() -> None:
    assert did_you_mean(_plan("domashen patranaj"), municipality=SLIVEN) == "домашен патронаж"


@pytest.mark.django_db
def test_nothing_is_suggested_when_every_word_is_known() -> None:
    assert did_you_mean(_plan("домашен патронаж"), municipality=SLIVEN) is None
    assert did_you_mean(None, municipality=SLIVEN) is None


def test_nothing_is_suggested_for_a_correction_without_a_word(monkeypatch: Any) -> None:
    monkeypatch.setattr(presentation, "surface_words", lambda municipality: {})
    plan = Plan(concepts=[], name_words=[], words=[QueryWord("патранаж", ["патранаж"], corrections={"патронаж": 0.5})])
    assert did_you_mean(plan, municipality=SLIVEN) is None


@pytest.mark.django_db
def test_the_words_are_read_once_per_catalog_version(django_assert_num_queries: Any) -> None:
    presentation.surface_words(SLIVEN)
    with django_assert_num_queries(1):  # the version only
        presentation.surface_words(SLIVEN)
