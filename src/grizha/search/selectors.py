"""Finding services by the words people type: `search_services` answers any text, best match first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Prefetch

from grizha.catalog.models import Service, TaxonomyTerm
from grizha.catalog.versioning import current_version
from grizha.search import backends
from grizha.search.analyzer import Expansion, QueryWord, Thesaurus, expansion, is_term_token, query_words
from grizha.search.models import SearchDocument, SearchWord, ThesaurusEntry
from grizha.search.ranking import Concept, Plan, rank

CANDIDATES = 400  # at least this many rows are ranked when only the first results are asked for
READING_WEIGHTS = (1.0, 0.6, 0.4)  # the real words among the spellings of a word typed in Latin letters
TYPO_SIMILARITY = 0.45  # trigram similarity from which a vocabulary word is taken for a misspelt one
TYPO_MIN_CHARS = 4
TYPOS_KEPT = 2
CATALOG_WORDS_WEIGHT = 0.5  # what a thesaurus phrase means in words is a little less sure than its terms

_thesaurus_cache: dict[str, tuple[int, Thesaurus]] = {}


def trigrams(word: str) -> set[str]:
    """The trigrams of one word as pg_trgm makes them: two spaces before it, one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity of two words: shared trigrams over all their trigrams."""
    first, second = trigrams(a), trigrams(b)
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared)


def thesaurus() -> Thesaurus:
    """The thesaurus analysed, read again whenever the catalog version moves (an edit moves it)."""
    version = current_version()
    cached = _thesaurus_cache.get("current")
    if cached and cached[0] == version:
        return cached[1]
    entries = ThesaurusEntry.objects.prefetch_related(
        Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy"))
    )
    found: list[Expansion] = []
    for entry in entries:
        terms = [(term.taxonomy.code or "", term.code) for term in entry.terms.all() if term.taxonomy]
        if item := expansion(entry.phrase, entry.catalog_words(), terms):
            found.append(item)
    analysed = Thesaurus(found)
    _thesaurus_cache["current"] = (version, analysed)
    return analysed


def _document_counts(tokens: Iterable[str], known: dict[str, int]) -> None:
    wanted = sorted(set(tokens) - set(known))
    for start in range(0, len(wanted), 500):
        known.update(SearchWord.objects.filter(word__in=wanted[start : start + 500]).values_list("word", "documents"))


def _corrections(word: QueryWord, vocabulary: frozenset[str]) -> dict[str, float]:
    """Words of the index or the thesaurus that a misspelt word most likely meant, with their similarity."""
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
    best = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:TYPOS_KEPT]
    return dict(best)


def plan_query(text: str, *, lang: str = "bg") -> Plan | None:
    """What to look for: the concepts of a query and how much each token weighs; None if it has no word."""
    words = query_words(text, lang=lang)
    content = [w for w in words if not w.stop]
    if not content:
        return None
    analysed = thesaurus()
    counts: dict[str, int] = {}
    _document_counts((s for w in content for s in w.stems), counts)
    for word in content:
        known = [s for s in word.stems if s in counts or s in analysed.vocabulary]
        if known:
            word.stems = known  # of the spellings a word may stand for, those the index knows, likeliest first
        elif len(word.typed) >= TYPO_MIN_CHARS:
            word.corrections = _corrections(word, analysed.vocabulary)
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

    _document_counts((t for c in concepts for t in c.tokens()), counts)
    total = SearchDocument.objects.count()
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
    plan = plan_query(query, lang=lang)
    if plan is None:
        return SearchAnswer([], None)
    rows = backends.match(
        plan.tokens(),
        statuses=list(statuses),
        municipality=municipality,
        limit=None if limit is None else max(CANDIDATES, 4 * limit),
    )
    return SearchAnswer(rank(rows, plan)[:limit], plan)


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
