"""Suggestions while typing: what a few letters in either script suggest, in both languages, kept current
with the catalog, and a sensible answer to anything typed or pasted."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings

from grizha.catalog.models import Service
from grizha.demo.loader import demo_id
from grizha.search import suggestions as module
from grizha.search.suggestions import Kind, Suggestion, suggestions

pytestmark = pytest.mark.django_db

PATRONAGE = demo_id("service", "patronazh")
PATRONAGE_URL = f"/services/{PATRONAGE}/"


@pytest.fixture(autouse=True)
def _fresh_indexes() -> None:
    # Indexes are kept per catalog version; a rolled-back test hands the same version on with other data.
    module._indexes.clear()


def suggest(text: str, lang: str = "bg") -> list[Suggestion]:
    return suggestions(text, municipality=settings.GRIZHA_MUNICIPALITY, lang=lang)


def labels(text: str, lang: str = "bg") -> list[str]:
    return [suggestion.label for suggestion in suggest(text, lang)]


@pytest.mark.parametrize("text", ["домашен пат", "domashen pat", "Домашен", "domashen", "ДОМАШЕН СОЦ"])
def test_a_name_is_suggested_from_its_first_letters_in_either_script(text: str) -> None:
    first = suggest(text)[0]
    assert first == Suggestion("Домашен социален патронаж", Kind.SERVICE, PATRONAGE_URL)


@pytest.mark.parametrize("text", ["патронаж", "patronaj", "социален пат", "soc patr"])
def test_a_name_is_suggested_from_the_beginnings_of_its_other_words(text: str) -> None:
    assert labels(text)[0] == "Домашен социален патронаж"


def test_a_word_typed_in_latin_may_stop_in_the_middle_of_a_letter_group() -> None:
    assert "Домашен социален патронаж" in labels("domas")  # going on to "domashen": ш, not с


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("stari 4ov", "човек"),
        ("6izofr", "шизофрения"),
        ("jilisht", "жилище"),
        ("wazrastni", "възрастни"),
        ("qdene", "ядене"),
    ],
)
def test_informal_latin_spellings_are_read(text: str, word: str) -> None:
    found = labels(text)
    assert found and word in found[0].casefold(), found


@pytest.mark.parametrize("text", ["патранаж", "domshen", "dnevn centur"])
def test_a_misspelt_beginning_is_still_suggested(text: str) -> None:
    expected = {"патранаж": "Домашен социален патронаж", "domshen": "Домашен социален патронаж"}
    found = labels(text)
    assert found, text
    if text in expected:
        assert found[0] == expected[text]
    else:
        assert all(label.startswith("Дневен център") for label in found)


def test_names_that_begin_with_the_words_come_before_names_that_only_have_them() -> None:
    found = labels("дом")
    assert found.index("Домашен социален патронаж") < found.index("Грижа в дома – интегрирани услуги у дома")


def test_a_link_word_need_not_be_in_the_name() -> None:
    assert "Месечна финансова подкрепа за хора с увреждания" in labels("хора с ув")
    assert labels("хора с ув") == labels("хора ув")


def test_when_no_name_has_every_word_the_last_words_are_suggested_for() -> None:
    assert "Възрастни хора" in labels("pomosht za vuzr")


def test_everyday_phrases_lead_to_the_results_for_them() -> None:
    found = {s.label: s for s in suggest("баб")}
    assert found["баба"].kind == Kind.PHRASE
    assert found["баба"].url == "/services/?q=" + quote("баба")


def test_needs_and_groups_lead_to_the_list_narrowed_to_them() -> None:
    found = {s.label: s for s in suggest("хран")}
    assert found["Храна"].kind == Kind.NEED and found["Храна"].url == "/services/?need=meals"
    groups = {s.label: s for s in suggest("бездомн")}
    assert groups["Бездомни лица"].kind == Kind.GROUP
    assert groups["Бездомни лица"].url == "/services/?target_group=homeless"


def test_english_suggests_english_names_and_pages() -> None:
    first = suggest("home soc", lang="en")[0]
    assert first == Suggestion("Home social patronage", Kind.SERVICE, f"/en{PATRONAGE_URL}")
    assert suggest("domashen", lang="en")[0].label == "Home social patronage"  # the Bulgarian name finds it too
    phrases = {s.label: s for s in suggest("grandm", lang="en")}
    assert phrases["grandma"].url == "/en/services/?q=grandma"
    assert {s.url for s in suggest("meal", lang="en")} >= {"/en/services/?need=meals"}


def test_only_listed_services_of_the_municipality_are_suggested() -> None:
    assert "Патронажна грижа (приключил проект)" not in labels("патронаж")  # inactive
    assert "Зимен приют за бездомни хора" in labels("зимен")  # temporarily closed, listed


def test_at_most_eight_suggestions_each_label_once() -> None:
    found = labels("за")
    assert len(found) == 8
    assert len({label.casefold() for label in found}) == 8


def test_a_renamed_service_is_suggested_by_its_new_name(django_capture_on_commit_callbacks: Any) -> None:
    assert labels("патронаж")[0] == "Домашен социален патронаж"
    with django_capture_on_commit_callbacks(execute=True):
        service = Service.objects.get(id=PATRONAGE)
        service.name = "Топла грижа у дома"
        service.save()
    assert "Домашен социален патронаж" not in labels("патронаж")
    assert labels("топла гр")[0] == "Топла грижа у дома"


def test_a_service_moved_to_another_municipality_is_no_longer_suggested(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        service = Service.objects.get(id=PATRONAGE)
        service.municipality_id = "SOF46"
        service.save()
    assert "Домашен социален патронаж" not in labels("домашен")


def test_the_suggestions_are_read_in_a_fixed_number_of_queries(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(5):  # the version; services; their needs and groups; the terms; phrases
        suggest("domashen")


def test_once_built_a_suggestion_costs_one_small_query(django_assert_num_queries: Any) -> None:
    suggest("domashen")
    with django_assert_num_queries(1):  # the catalog version, to know the index is current
        assert suggest("pomosht za vuzr")


NOTHING_TO_SUGGEST = {
    "empty": "",
    "spaces": "   \t\n ",
    "one letter": "д",
    "emoji": "😀👵🏽🏳️‍🌈",
    "control characters": "\x00\x01\x07\x1b[31m\x7f\u200b\u202e",
    "fts operators": '" * : - ^ + ( ) { } | & ! <-> ~ OR AND NEAR',
    "a lone surrogate": "\ud800",
    "10 KB of one letter": "x" * 10_240,
    "unknown words": "zzzzqqqq wwwwxxxx",
}
SOMETHING_INSIDE = {
    "10 KB ending in a name": "ааа " * 2_500 + "домашен соц",
    "fts syntax around a word": '"патронаж" OR (домашен*) AND NOT NEAR(x, 3) патронаж',
    "emoji around a word": "👵патронаж👵",
    "control characters inside": "\x00\x1bпатронаж\x07",
    "mixed scripts": "Domashen патронаж",
    "latin lookalikes": "Пaтрoнaж",
}


@pytest.mark.parametrize("text", NOTHING_TO_SUGGEST.values(), ids=NOTHING_TO_SUGGEST.keys())
@pytest.mark.parametrize("lang", ["bg", "en"])
def test_nothing_to_suggest_for_suggests_nothing(text: str, lang: str) -> None:
    assert suggest(text, lang) == []


@pytest.mark.parametrize("text", SOMETHING_INSIDE.values(), ids=SOMETHING_INSIDE.keys())
def test_a_name_among_noise_is_still_suggested(text: str) -> None:
    assert "Домашен социален патронаж" in labels(text)


def test_an_unknown_language_is_read_as_bulgarian() -> None:
    assert suggestions("домашен", municipality=settings.GRIZHA_MUNICIPALITY, lang="xx")[0].url == PATRONAGE_URL
