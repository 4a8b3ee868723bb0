"""Finding services by the words people type: `search_services` answers any text, best match first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import numpy as np
from django.db import connection
from django.db.models import Prefetch

from grizha.catalog.models import Service, TaxonomyTerm
from grizha.catalog.versioning import current_version
from grizha.search import backends
from grizha.search.analyzer import Expansion, QueryWord, Thesaurus, expansion, is_term_token, query_words
from grizha.search.models import SearchDocument, SearchWord, ThesaurusEntry
from grizha.search.ranking import ID_TYPE, Concept, Named, Plan, Postings, best, rank, scores

CANDIDATES = 100  # at least this many of the best are read to put exact names first, when not all are asked for
READING_WEIGHTS = (1.0, 0.6, 0.4)  # the real words among the spellings of a word typed in Latin letters
TYPO_SIMILARITY = 0.45  # trigram similarity from which a vocabulary word is taken for a misspelt one
TYPO_MIN_CHARS = 4
TYPOS_KEPT = 2
CATALOG_WORDS_WEIGHT = 0.5  # what a thesaurus phrase means in words is a little less sure than its terms
POSTINGS_KEPT = 64 * 1024 * 1024  # bytes of postings a process keeps between searches
CORRECTIONS_KEPT = 10_000  # misspelt words whose corrections a process keeps

_index_cache: dict[str, Any] = {}


def trigrams(word: str) -> set[str]:
    """The trigrams of one word as pg_trgm makes them: two spaces before it, one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity of two words: shared trigrams over all their trigrams."""
    first, second = trigrams(a), trigrams(b)
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared)


def thesaurus(index: dict[str, Any] | None = None) -> Thesaurus:
    """The thesaurus analysed, read again whenever the catalog version moves (an edit moves it)."""
    index = _index() if index is None else index
    if "thesaurus" in index:
        return index["thesaurus"]  # type: ignore[no-any-return]
    entries = ThesaurusEntry.objects.prefetch_related(
        Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy"))
    )
    found: list[Expansion] = []
    for entry in entries:
        terms = [(term.taxonomy.code or "", term.code) for term in entry.terms.all() if term.taxonomy]
        if item := expansion(entry.phrase, entry.catalog_words(), terms):
            found.append(item)
    index["thesaurus"] = analysed = Thesaurus(found)
    return analysed


def _vocabulary(index: dict[str, Any]) -> tuple[dict[str, int], int]:
    """Every word of the index with the number of documents that have it, and the number of documents;
    read once per catalog version (the vocabulary of a national catalog is some thousands of words)."""
    if "vocabulary" not in index:
        with connection.cursor() as cursor:
            cursor.execute("SELECT word, documents FROM search_searchword")
            index["vocabulary"] = dict(cursor.fetchall())
            cursor.execute("SELECT COUNT(*) FROM search_searchdocument")
            index["documents"] = cursor.fetchone()[0]
    return index["vocabulary"], index["documents"]


def _corrections(word: QueryWord, vocabulary: frozenset[str], index: dict[str, Any]) -> dict[str, float]:
    """Words of the index or the thesaurus that a misspelt word most likely meant, with their similarity;
    kept per catalog version, as the same misspellings come again and again."""
    known_corrections: dict[tuple[str, ...], dict[str, float]] = index.setdefault("corrections", {})
    key = tuple(word.stems[:2])
    if key in known_corrections:
        return dict(known_corrections[key])
    found: dict[str, float] = {}
    for typed in word.stems[:2]:
        if len(typed) < TYPO_MIN_CHARS - 1:
            continue
        known = [w for w, _ in backends.similar_words(typed)] + sorted(vocabulary)
        for candidate in known:
            if is_term_token(candidate):
                continue
            score = similarity(typed, candidate)
            if score >= TYPO_SIMILARITY and score > found.get(candidate, 0.0):
                found[candidate] = score
    best = dict(sorted(found.items(), key=lambda item: (-item[1], item[0]))[:TYPOS_KEPT])
    if len(known_corrections) < CORRECTIONS_KEPT:
        known_corrections[key] = best
    return dict(best)


def plan_query(text: str, *, lang: str = "bg", index: dict[str, Any] | None = None) -> Plan | None:
    """What to look for: the concepts of a query and how much each token weighs; None if it has no word."""
    words = query_words(text, lang=lang)
    content = [w for w in words if not w.stop]
    if not content:
        return None
    index = _index() if index is None else index
    analysed = thesaurus(index)
    counts, total = _vocabulary(index)
    for word in content:
        known = [s for s in word.stems if s in counts or s in analysed.vocabulary]
        if known:
            word.stems = known  # of the spellings a word may stand for, those the index knows, likeliest first
        elif len(word.typed) >= TYPO_MIN_CHARS:
            word.corrections = _corrections(word, analysed.vocabulary, index)
    phrases = analysed.find(words)
    covered = {i for match in phrases for i in range(match.start, match.end)}

    concepts = []
    for match in phrases:
        typed = words[match.start : match.end]
        concept = Concept(typed=" ".join(w.typed for w in typed))
        concept.add_words(tuple(s for w, s in zip(typed, match.expansions[0].phrase, strict=True) if not w.stop), 1.0)
        for item in match.expansions:
            for group in item.words:
                concept.add_words(group, CATALOG_WORDS_WEIGHT)
            for token in item.terms:
                concept.add_term(token)
        concepts.append(concept)
    for position, word in enumerate(words):
        if word.stop or position in covered:
            continue
        concept = Concept(typed=word.typed, readings=True)
        for reading, weight in zip([s for s in word.stems if s in counts], READING_WEIGHTS, strict=False):
            concept.add_words((reading,), weight)
        for corrected, score in word.corrections.items():
            concept.add_words((corrected,), score)
        concepts.append(concept)

    for concept in concepts:
        concept.weigh(counts, total)
    # A word the index has never seen (nor anything like it) neither finds nor excludes anything.
    concepts = [c for c in concepts if not c.empty]
    if not concepts:
        return None
    return Plan(concepts=concepts, name_words=[set(w.stems) for w in content], words=words)


@dataclass
class SearchAnswer:
    """A search's results, best first, as (service id, score); and its plan (None if nothing to look for),
    which says what the query's words were read as, for highlighting and "did you mean"."""

    results: list[tuple[UUID, float]]
    plan: Plan | None


def _index() -> dict[str, Any]:
    """What this process keeps of the index while the catalog version stays: the thesaurus, the
    vocabulary, postings read, scopes."""
    version = current_version()
    if _index_cache.get("version") != version:
        _index_cache.clear()
        _index_cache.update(version=version, postings={}, bytes=0, scopes={})
    return _index_cache


def postings(tokens: Iterable[str], index: dict[str, Any]) -> dict[str, Postings]:
    """The postings of the words of the index among `tokens`; a process keeps them while the version stays."""
    kept: dict[str, Postings] = index["postings"]
    tokens = set(tokens)
    found = {t: kept[t] for t in tokens if t in kept}
    wanted = sorted(tokens - set(found))
    for start in range(0, len(wanted), 500):
        rows = SearchWord.objects.filter(word__in=wanted[start : start + 500]).values_list("word", "postings")
        for word, data in rows:
            if data is None:
                continue
            found[word] = Postings.from_bytes(bytes(data))
            if index["bytes"] + len(data) <= POSTINGS_KEPT:
                kept[word] = found[word]
                index["bytes"] += len(data)
    return found


def _scope(
    municipality: str | None, statuses: Sequence[str], index: dict[str, Any]
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The documents a search may answer: (allowed ids, or None for all; excluded ids), read once per version."""
    scopes: dict[tuple[str | None, tuple[str, ...]], tuple[np.ndarray | None, np.ndarray | None]] = index["scopes"]
    key = (municipality, tuple(sorted(statuses)))
    if key not in scopes:
        documents = SearchDocument.objects.all()
        if municipality:
            ids = documents.filter(municipality_id=municipality, status__in=key[1]).values_list("id", flat=True)
            scopes[key] = (np.fromiter(sorted(ids), ID_TYPE), None)
        else:
            ids = documents.exclude(status__in=key[1]).values_list("id", flat=True)
            scopes[key] = (None, np.fromiter(sorted(ids), ID_TYPE))
    return scopes[key]


def search(
    query: str,
    *,
    lang: str = "bg",
    municipality: str | None = None,
    limit: int | None = 50,
    statuses: Sequence[str] = (Service.Status.ACTIVE,),
) -> SearchAnswer:
    """Services matching the words, best first: an exact name, then relevance with field weights.

    Only services in `statuses` (active ones unless asked otherwise), of one municipality if given;
    `limit=None` answers every match. Any text gets an answer: nothing to search for gives no results."""
    index = _index()  # the catalog version is read once a search
    plan = plan_query(query, lang=lang, index=index)
    if plan is None or not statuses:
        return SearchAnswer([], plan)
    allowed, excluded = _scope(municipality, statuses, index)
    ids, score = scores(plan, postings(plan.tokens(), index), allowed=allowed, excluded=excluded)
    candidates = best(ids, score, None if limit is None else max(CANDIDATES, 2 * limit))
    by_id = dict(candidates)
    named = [
        (Named(document_id, service_id, name, exact), by_id[document_id])
        for document_id, service_id, name, exact in backends.named_rows([d for d, _ in candidates])
    ]
    return SearchAnswer(rank(named, plan, limit), plan)


def search_services(
    query: str,
    *,
    lang: str = "bg",
    municipality: str | None = None,
    limit: int | None = 50,
    statuses: Sequence[str] = (Service.Status.ACTIVE,),
) -> list[tuple[UUID, float]]:
    """The results of `search` alone."""
    return search(query, lang=lang, municipality=municipality, limit=limit, statuses=statuses).results
