"""The one analyzer of search: the same text gives the same tokens when a service is indexed and when a
person searches, so SQLite and PostgreSQL index and look up exactly the same words.

Text is normalised (NFKC, lower case, accents and stress marks dropped, emoji and control characters
ignored), cut into words, stripped of stop words and stemmed: Bulgarian with BulStem, English with the
Snowball stemmer. A query also reads Latin letters as Bulgarian (see `transliteration`), and the thesaurus
maps everyday phrases to the catalog's words and to terms of its vocabularies.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import snowballstemmer
from bulstem.stem import BulStemmer

from grizha.catalog import reference
from grizha.search.transliteration import cyrillic_candidates, has_latin, is_cyrillic

MAX_QUERY_CHARS = 1000  # a query is read up to here; the rest of a pasted page is ignored
MAX_QUERY_WORDS = 24
MAX_WORD_CHARS = 40  # a longer "word" is cut: no real word is that long, and indexes have limits

# Each word and each run of digits, in any script; everything else (spaces, punctuation, emoji,
# control characters, FTS operators and quotes) only separates words.
WORD = re.compile(r"[^\W_]+")
# Combining marks (accents, stress marks) of Latin, Cyrillic and the general blocks.
COMBINING = re.compile("[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
SHORT_I = "\ue000"  # stands for й while marks are dropped, so that й keeps its breve

BULGARIAN_STOP_WORDS = frozenset(
    """
    а аз ако ала бе без би бил била били било бъдат бъде в вас ваш ваша ваше ваши вече ви вие все всеки
    всички всяка всяко във въпреки върху г ги го да дали до докато дори е ето за зад заедно защо и из или
    им има като кога когато кой която които кое към ли м ме между ми мн мога може му на над най не него
    ни ние но о обаче около освен от отгоре отново още пак по под поне поради после почти при пред преди
    през с са се сега си след сме според сред срещу сте съм със също т така там те тези ти то това
    тогава този той толкова точно тук тъй тя тях у че често чрез ще щом я моля искам търся трябва
    """.split()  # noqa: SIM905 -- a word list reads best as text
)
ENGLISH_STOP_WORDS = frozenset(
    """
    a an and are as at be been being but by can could do does for from had has have how i if in into is
    it its me my no not of on or our s so than that the their them then there these they this those to too us
    was we were what when where which who whom why will with would you your please want looking find
    """.split()  # noqa: SIM905
)
STOP_WORDS = BULGARIAN_STOP_WORDS | ENGLISH_STOP_WORDS

# Terms of these vocabularies are indexed as one token each, so the thesaurus can point at them exactly.
TERM_TAXONOMIES = {reference.NEED: "need", reference.TARGET_GROUP: "group", reference.SERVICE_TYPE: "type"}
TERM_PREFIX = "qq"


def normalize(text: str) -> str:
    """NFKC, lower case, without accents or stress marks (but й keeps its breve)."""
    text = unicodedata.normalize("NFKC", text).lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text.replace("й", SHORT_I))
    return unicodedata.normalize("NFC", COMBINING.sub("", decomposed)).replace(SHORT_I, "й")


def words(text: str) -> list[str]:
    """The normalised words of a text, in order."""
    return [word[:MAX_WORD_CHARS] for word in WORD.findall(normalize(text))]


@cache
def _bulgarian() -> BulStemmer:
    # The rules ship inside the bulstem package; context 1 with a left context of 1 is BulStem's best setting.
    return BulStemmer.from_file("stem-context-1", min_freq=2, left_context=1)


@cache
def _english() -> Any:
    return snowballstemmer.stemmer("english")


# Irregular forms that BulStem cannot bring together, read as the form whose stem they should share.
IRREGULAR = {"дете": "деца", "детето": "деца", "децата": "деца", "детенце": "деца", "дечица": "деца"}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of one normalised word: BulStem for Cyrillic, Snowball for English, other words as they are."""
    word = IRREGULAR.get(word, word)
    if any(is_cyrillic(char) for char in word):
        return str(_bulgarian().stem(word))
    if word.isascii() and word.isalpha():
        return str(_english().stemWord(word))
    return word


@lru_cache(maxsize=8192)
def _index_tokens(text: str) -> tuple[str, ...]:
    # Many services share texts (a national master description, a term's label): each is analysed once.
    return tuple(stem(word) for word in words(text) if word not in STOP_WORDS)


def index_tokens(text: str) -> list[str]:
    """The tokens a text is indexed under: its words' stems, without stop words."""
    return list(_index_tokens(text))


@lru_cache(maxsize=4096)
def term_token(taxonomy_code: str, term_code: str) -> str:
    """The single token that stands for a term of a vocabulary, e.g. qqneedmeals."""
    short = TERM_TAXONOMIES[taxonomy_code]
    return TERM_PREFIX + short + "".join(char for char in term_code if char.isalnum())


def is_term_token(token: str) -> bool:
    return token.startswith(TERM_PREFIX)


# --- queries ---------------------------------------------------------------------------------


@dataclass
class QueryWord:
    """One word of a query: what was typed, and the stems it may stand for, likeliest first."""

    typed: str
    stems: list[str]
    stop: bool = False
    # stems found by typo tolerance, with how similar they are to the typed word (0..1)
    corrections: dict[str, float] = field(default_factory=dict)

    def matches(self, token: str) -> bool:
        """Whether the word may be `token`: its likeliest reading, or a correction of a typo."""
        return token == self.stems[0] or token in self.corrections


def _readings(word: str, lang: str) -> list[str]:
    """Spellings a typed word may stand for: Latin letters read as Bulgarian, and as English."""
    if not has_latin(word) and not (any(is_cyrillic(c) for c in word) and ("4" in word or "6" in word)):
        return [word]
    cyrillic = list(cyrillic_candidates(word))
    if not (word.isascii() and word.isalpha()):
        return cyrillic
    return [word, *cyrillic] if lang == "en" else [cyrillic[0], word, *cyrillic[1:]]


def query_words(text: str, *, lang: str = "bg") -> list[QueryWord]:
    """The words of a query with their possible stems; any text gives an answer, never an error."""
    found = []
    for word in words(text[:MAX_QUERY_CHARS])[:MAX_QUERY_WORDS]:
        readings = _readings(word, lang)
        stems = list(dict.fromkeys(stem(reading) for reading in readings))
        # A single letter says nothing on its own (and "x*" is FTS syntax, not a word).
        stop = word in STOP_WORDS or readings[0] in STOP_WORDS or (len(word) == 1 and not word.isdigit())
        found.append(QueryWord(typed=word, stems=stems, stop=stop))
    return found


# --- thesaurus -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expansion:
    """One thesaurus entry, analysed: an everyday phrase and what it means in the catalog's words."""

    phrase: tuple[str, ...]  # stems of the everyday phrase, stop words kept ("бие ме")
    words: tuple[tuple[str, ...], ...]  # catalog phrases, each a group of tokens found together
    terms: tuple[str, ...]  # term tokens (see term_token)


def expansion(phrase: str, catalog_words: Iterable[str], terms: Iterable[tuple[str, str]]) -> Expansion | None:
    """An entry analysed; `catalog_words` are phrases, `terms` are (taxonomy code, term code) pairs."""
    stems = tuple(stem(word) for word in words(phrase))
    if not stems:
        return None
    groups = tuple(group for text in catalog_words if (group := tuple(index_tokens(text))))
    tokens = tuple(sorted({term_token(t, c) for t, c in terms if t in TERM_TAXONOMIES}))
    return Expansion(phrase=stems, words=groups, terms=tokens)


@dataclass(frozen=True)
class PhraseMatch:
    start: int
    end: int  # exclusive
    expansions: tuple[Expansion, ...]


class Thesaurus:
    """Everyday phrases found in a query, longest first, each word used by one phrase at most."""

    def __init__(self, expansions: Iterable[Expansion]) -> None:
        self.by_first: dict[str, list[Expansion]] = {}
        for item in expansions:
            self.by_first.setdefault(item.phrase[0], []).append(item)
        for items in self.by_first.values():
            items.sort(key=lambda e: -len(e.phrase))
        self.vocabulary = frozenset(s for items in self.by_first.values() for e in items for s in e.phrase)

    def find(self, query: Sequence[QueryWord]) -> list[PhraseMatch]:
        found: list[PhraseMatch] = []
        position = 0
        while position < len(query):
            best: list[Expansion] = []
            for token in [query[position].stems[0], *query[position].corrections]:
                for item in self.by_first.get(token, []):
                    end = position + len(item.phrase)
                    if end > len(query) or not all(query[position + i].matches(s) for i, s in enumerate(item.phrase)):
                        continue
                    if not best or len(item.phrase) > len(best[0].phrase):
                        best = [item]
                    elif len(item.phrase) == len(best[0].phrase) and item not in best:
                        best.append(item)
            if best:
                found.append(PhraseMatch(position, position + len(best[0].phrase), tuple(best)))
                position += len(best[0].phrase)
            else:
                position += 1
        return found
