"""What a search's answer looks like to a person: the words it matched marked in each result's texts,
and "did you mean" in real words when a misspelt word was corrected.

Both read the plan of `selectors.search` and the one analyzer, so a word is marked exactly when the index
would have matched it: a Latin-typed query marks the Cyrillic words it found.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from grizha.catalog.models import Service, TaxonomyTerm
from grizha.catalog.versioning import current_version
from grizha.search.analyzer import COMBINING, STOP_WORDS, TERM_TAXONOMIES, index_tokens, is_term_token, stem, words
from grizha.search.models import ThesaurusEntry
from grizha.search.ranking import Plan
from grizha.search.services import SERVICE_COLUMNS
from grizha.search.transliteration import cyrillic_candidates, has_latin, is_cyrillic

# Token sequences to mark: a single word's stem, or the stems of a catalog phrase (marked only where its
# words stand together, as the index counts them).
Marks = frozenset[tuple[str, ...]]

# A word of a text as it was written: letters and digits with any accents or stress marks on them, so that
# the whole word, marks and all, is wrapped.
WRITTEN_WORD = re.compile(rf"(?:[^\W_]|{COMBINING.pattern})+")
# The texts of a service that the index reads (search.services), without its id, municipality and status.
TEXT_COLUMNS = tuple(c for c in SERVICE_COLUMNS if c not in ("id", "municipality_id", "status"))

_surface_cache: dict[str | None, tuple[int, dict[str, str]]] = {}


def marks(plan: Plan | None) -> Marks:
    """What to mark for a plan: each word's readings and corrections that the index has, and the catalog
    words a thesaurus phrase stands for; never a vocabulary term, which is no word of any text."""
    if plan is None:
        return frozenset()
    return frozenset(
        a.tokens for concept in plan.concepts for a in concept.words if not any(is_term_token(t) for t in a.tokens)
    )


def highlight(text: str, wanted: Marks) -> SafeString:
    """The text escaped for HTML, with each whole word that matches `wanted` in <mark>; neighbouring marked
    words with only spaces between them share one <mark>."""
    if not text or not wanted:
        return escape(text or "")
    stream: list[tuple[str, int, int]] = []  # (token, start, end) of the written words, stop words left out
    for found in WRITTEN_WORD.finditer(text):
        stream += [(token, found.start(), found.end()) for token in index_tokens(found.group())]
    tokens = [token for token, _, _ in stream]
    spans: set[tuple[int, int]] = set()
    for sequence in wanted:
        size = len(sequence)
        for i in range(len(tokens) - size + 1):
            if tuple(tokens[i : i + size]) == sequence:
                spans.update((start, end) for _, start, end in stream[i : i + size])
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start].isspace()):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts, position = [], 0
    for start, end in merged:
        parts += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 -- every piece of the text is escaped above


def did_you_mean(plan: Plan | None, *, municipality: str | None) -> str | None:
    """The query again with each corrected word (one the index did not know, read as a known one) written
    as a real word; None when nothing was corrected or a correction has no word to show."""
    if plan is None or not any(word.corrections for word in plan.words):
        return None
    written = surface_words(municipality)
    corrected = []
    for word in plan.words:
        if word.corrections:
            real = next((written[s] for s in word.corrections if s in written), None)
            if real is None:
                return None
            corrected.append(real)
        elif has_latin(word.typed) and any(is_cyrillic(c) for c in word.stems[0]):
            # A word typed in Latin letters and read as Bulgarian is written in Cyrillic beside the correction.
            corrected.append(written.get(word.stems[0]) or next(iter(cyrillic_candidates(word.typed)), word.typed))
        else:
            corrected.append(word.typed)
    return " ".join(corrected)


def surface_words(municipality: str | None) -> dict[str, str]:
    """Each stem of the municipality's catalog texts and of the thesaurus, with the word that most often
    stands for it there (stems are not words). Built once per catalog version, which every edit moves."""
    version = current_version()
    cached = _surface_cache.get(municipality)
    if cached and cached[0] == version:
        return cached[1]
    found = most_frequent_words(_catalog_texts(municipality))
    _surface_cache[municipality] = (version, found)
    return found


def most_frequent_words(texts: Iterable[str]) -> dict[str, str]:
    """For each stem of the texts, its most frequent word (the first in the alphabet among equals)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for word in words(text):
            if word not in STOP_WORDS:
                counts[stem(word)][word] += 1
    return {s: min(c.items(), key=lambda item: (-item[1], item[0]))[0] for s, c in counts.items()}


def _catalog_texts(municipality: str | None) -> Iterable[str]:
    # None: every municipality's (the national site).
    services = Service.objects.all() if municipality is None else Service.objects.filter(municipality_id=municipality)
    for row in services.values_list(*TEXT_COLUMNS):
        yield from (text for text in row if text)
    terms = TaxonomyTerm.objects.filter(taxonomy__code__in=list(TERM_TAXONOMIES)).values_list("name_bg", "name_en")
    for row in terms:
        yield from (text for text in row if text)
    for phrase, catalog_words in ThesaurusEntry.objects.values_list("phrase", "words"):
        yield phrase
        yield catalog_words
