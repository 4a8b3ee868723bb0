"""The analyzer: normalisation, Latin letters read as Bulgarian, stemming, stop words and the thesaurus."""

from __future__ import annotations

import pytest

from grizha.search.analyzer import (
    Thesaurus,
    expansion,
    index_tokens,
    normalize,
    query_words,
    stem,
    term_token,
    words,
)
from grizha.search.transliteration import MAX_CANDIDATES, cyrillic_candidates


def test_normalisation_folds_case_width_accents_and_keeps_the_short_i() -> None:
    assert normalize("ДОМАШЕН Патронаж") == "домашен патронаж"
    assert normalize("по́мощ") == "помощ"  # a stress mark
    assert normalize("ѝ") == "и"
    assert normalize("Йордан") == "йордан"
    assert normalize("и\u0306") == "й"  # и with a combining breve is й
    assert normalize("ＡＢＣ ﬁ") == "abc fi"  # full-width letters and a ligature


def test_words_ignore_emoji_control_characters_and_fts_syntax() -> None:
    assert words('"обяд" OR (топъл*) NEAR:x -a 😀\x00\x1b[31m') == ["обяд", "or", "топъл", "near", "x", "a", "31m"]
    assert words("") == []
    assert len(words("a" * 10_000)[0]) == 40


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("domashen", "домашен"),
        ("patronazh", "патронаж"),
        ("pomosht", "помощ"),
        ("tsentar", "център"),
        ("shtastie", "щастие"),
        ("yunak", "юнак"),
        ("zhivot", "живот"),
        ("sofia", "софия"),  # final ия is "ia"
        ("balgaria", "българия"),
        ("sotsialna", "социална"),
    ],
)
def test_the_official_transliteration_is_read_back(typed: str, meant: str) -> None:
    assert meant in cyrillic_candidates(typed)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("4ovek", "човек"),
        ("u4ilishte", "училище"),
        ("6ofyor", "шофьор"),
        ("wreme", "време"),
        ("patronaj", "патронаж"),
        ("uvrejdaniq", "увреждания"),
        ("vuzrastni", "възрастни"),
        ("vazrastni", "възрастни"),
        ("centar", "център"),
        ("obqd", "обяд"),
    ],
)
def test_informal_latin_spellings_are_read_too(typed: str, meant: str) -> None:
    assert meant in cyrillic_candidates(typed)


def test_the_likeliest_spelling_comes_first_and_there_are_few() -> None:
    assert cyrillic_candidates("domashen")[0] == "домашен"
    assert cyrillic_candidates("uvrejdaniq")[0] == "увреждания"
    assert len(cyrillic_candidates("aaaaaaaaaaaauuuuuuuuuyyyyyyy")) <= MAX_CANDIDATES


def test_latin_lookalikes_in_a_cyrillic_word_are_read_by_their_look() -> None:
    assert cyrillic_candidates("пaтронаж")[0] == "патронаж"  # a Latin "a"
    assert query_words("пaтронаж")[0].stems[0] == stem("патронаж")


def test_stemming_brings_the_forms_of_a_word_together() -> None:
    assert stem("възрастни") == stem("възрастен") == stem("възрастните")
    assert stem("домашен") == stem("домашна")
    assert stem("помощ") == stem("помощта")
    assert stem("дете") == stem("деца") == stem("децата")  # irregular: BulStem alone would not
    assert stem("meals") == stem("meal")
    assert stem("disabilities") == stem("disability")
    assert stem("112") == "112"


def test_stop_words_are_not_indexed_nor_searched() -> None:
    assert index_tokens("Център за възрастни хора и деца") == [stem(w) for w in ("център", "възрастни", "хора", "деца")]
    assert index_tokens("help for the elderly") == [stem("help"), stem("elderly")]
    found = query_words("pomosht za hora s uvrejdaniq")
    assert [w.stop for w in found] == [False, True, False, True, False]


def test_a_latin_word_may_be_bulgarian_or_english() -> None:
    care = query_words("care")[0]
    assert "care" in care.stems and stem("царе") in care.stems
    assert query_words("care", lang="en")[0].stems[0] == "care"
    assert query_words("domashen")[0].stems[0] == stem("домашен")


def test_a_query_is_read_only_so_far() -> None:
    assert len(query_words("дума " * 5000)) == 24
    assert query_words("") == []
    assert query_words("😀 \x00 ☎") == []


def test_a_term_is_one_token() -> None:
    assert term_token("bg-need", "meals") == "qqneedmeals"
    assert term_token("bg-target-group", "victims-of-violence") == "qqgroupvictimsofviolence"
    assert words(term_token("bg-target-group", "victims-of-violence")) == ["qqgroupvictimsofviolence"]


def test_the_thesaurus_finds_everyday_phrases_longest_first() -> None:
    elderly = expansion("баба", ["възрастни хора"], [("bg-target-group", "elderly")])
    violence = expansion("бие ме", ["насилие"], [("bg-target-group", "victims-of-violence")])
    hits = expansion("бие", ["удар"], [])
    assert elderly and violence and hits
    assert elderly.words == ((stem("възрастни"), stem("хора")),)
    assert elderly.terms == ("qqgroupelderly",)
    thesaurus = Thesaurus([elderly, violence, hits])
    query = query_words("бабата ми казва, че той я бие ме")
    found = thesaurus.find(query)
    assert [(m.start, m.end) for m in found] == [(0, 1), (6, 8)]
    assert found[1].expansions == (violence,)


def test_the_thesaurus_reads_latin_letters_and_english() -> None:
    thesaurus = Thesaurus(
        [e for e in (expansion("баба", [], [("bg-target-group", "elderly")]), expansion("grandma", [], [])) if e]
    )
    assert len(thesaurus.find(query_words("baba"))) == 1
    assert len(thesaurus.find(query_words("Grandma", lang="en"))) == 1
