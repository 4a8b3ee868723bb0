"""Suggestions while typing: the names of the municipality's services, the needs and groups of people they
are for, and the thesaurus's everyday phrases that begin with (or have words that begin with) what was typed,
in either script, for the search box's list and for its page without JavaScript.

Everything is read once per municipality, language and catalog version into a sorted vocabulary of the
suggestions' words; a request then only looks up each typed word's spellings as prefixes (a few binary
searches), so it costs well under a millisecond whatever the size of the catalog.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import quote
from uuid import UUID

from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from grizha.catalog import reference
from grizha.catalog.models import Attribute, Service, TaxonomyTerm
from grizha.catalog.selectors import LISTED_STATUSES
from grizha.catalog.versioning import current_version
from grizha.search.analyzer import MAX_QUERY_CHARS, STOP_WORDS, _readings, words
from grizha.search.models import ThesaurusEntry

SUGGESTIONS = 8
MIN_CHARS = 2  # one letter begins too many words to say anything
MAX_WORDS = 8  # a suggestion is a name or a phrase: only the last words typed are looked at
TYPO_MIN_CHARS = 5  # shorter beginnings are not corrected: too many words are one letter away from them
TYPO_MAX_CHARS = 14
TYPO_READINGS = 2  # spellings of a word typed in Latin letters whose typos are looked for
# What a match costs beyond the rank of the spelling it was read as (0 for the likeliest).
OTHER_NAME_COST = 2  # a word of another name (alternate, other language), not of the label shown
TYPO_COST = 4
SHORTER_READING_COST = 1  # the last Latin letter set aside: "domas" may be going on to "domashen"
LATIN_DIGRAPH_STARTS = frozenset("sczktyij")  # letters that may begin a two-letter group (sh, zh, ts, ya, ...)
LAST = "\U0010ffff"  # after every letter: a prefix's words are those between it and it + LAST
PLACEHOLDER_ID = UUID(int=0)


class Kind(models.TextChoices):
    SERVICE = "service", _("Service")
    NEED = "need", _("Need")
    GROUP = "group", _("Who it is for")
    PHRASE = "phrase", _("Search")


KIND_ORDER = {Kind.SERVICE: 0, Kind.NEED: 1, Kind.GROUP: 2, Kind.PHRASE: 3}


@dataclass(frozen=True)
class Suggestion:
    """One suggestion: what is shown, what it is, and where choosing it leads."""

    label: str
    kind: Kind
    url: str

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    def as_json(self) -> dict[str, str]:
        return {"label": self.label, "kind": str(self.kind), "kind_label": self.kind_label, "url": self.url}


@dataclass(frozen=True)
class _Entry:
    suggestion: Suggestion
    names: tuple[str, ...]  # the label first, then other names it is found by

    @property
    def order(self) -> tuple[int, int, str]:
        return KIND_ORDER[self.suggestion.kind], len(self.suggestion.label), self.suggestion.label.casefold()


@dataclass
class _Hit:
    cost: int
    first: bool  # the word matched is the first word of the label


class SuggestionIndex:
    """The suggestions of one municipality in one language, and a sorted vocabulary of their words, each
    word with the suggestions that have it: (entry, position in the label or -1 for another name)."""

    def __init__(self, entries: Iterable[_Entry]) -> None:
        self.entries = sorted(entries, key=lambda entry: entry.order)
        postings: dict[str, list[tuple[int, int]]] = {}
        for number, entry in enumerate(self.entries):
            label, *others = entry.names
            for position, word in enumerate(words(label)):
                postings.setdefault(word, []).append((number, position))
            for word in {word for name in others for word in words(name)} - STOP_WORDS:
                # Another name finds a suggestion by its real words: "and" or "за" typed in the other
                # language should not bring up every name that has them.
                postings.setdefault(word, []).append((number, -1))
        self.vocabulary = sorted(postings)
        self.postings = [postings[word] for word in self.vocabulary]

    def _prefixed(self, prefix: str) -> range:
        """The positions in the vocabulary of the words that begin with `prefix`."""
        start = bisect_left(self.vocabulary, prefix)
        return range(start, bisect_left(self.vocabulary, prefix + LAST, lo=start))

    def _hits(self, spellings: Iterable[tuple[str, int]]) -> dict[int, _Hit]:
        """The entries with a word beginning with one of the spellings, each at its cheapest."""
        hits: dict[int, _Hit] = {}
        for spelling, cost in spellings:
            for place in self._prefixed(spelling):
                for number, position in self.postings[place]:
                    total = cost + (OTHER_NAME_COST if position < 0 else 0)
                    hit = hits.get(number)
                    if hit is None:
                        hits[number] = _Hit(total, position == 0)
                    else:
                        hit.cost = min(hit.cost, total)
                        hit.first = hit.first or position == 0
        return hits

    def _following(self, head: str) -> Iterator[str]:
        """The letters that follow `head` in words of the vocabulary, each once."""
        start, size = bisect_left(self.vocabulary, head), len(head)
        while start < len(self.vocabulary) and self.vocabulary[start].startswith(head):
            if len(self.vocabulary[start]) > size:
                char = self.vocabulary[start][size]
                yield char
                start = bisect_left(self.vocabulary, head + char + LAST, lo=start)
            else:
                start += 1

    def _typos(self, spelling: str) -> set[str]:
        """Prefixes one edit away from a spelling that begin a word of the vocabulary; the first letter is
        kept, and only letters that some word has in that place are tried."""
        found: set[str] = set()
        for i in range(1, len(spelling) + 1):
            head, tail = spelling[:i], spelling[i:]
            if not self._prefixed(head):
                break  # an edit further on cannot mend what is wrong before it
            following = list(self._following(head))
            candidates = [head + char + tail for char in following]  # a letter left out
            if tail:
                candidates.append(head + tail[1:])  # a letter too many
                candidates.extend(head + char + tail[1:] for char in following)  # a wrong letter
            if len(tail) > 1:
                candidates.append(head + tail[1] + tail[0] + tail[2:])  # two letters swapped
            found.update(c for c in candidates if len(c) >= TYPO_MIN_CHARS - 1 and c != spelling and self._prefixed(c))
        return found

    def suggest(self, text: str, *, lang: str, limit: int = SUGGESTIONS) -> list[Suggestion]:
        typed = words(text[-MAX_QUERY_CHARS:])[-MAX_WORDS:]  # the words being typed are the last ones
        if sum(len(word) for word in typed) < MIN_CHARS:
            return []
        wanted: list[tuple[str, list[tuple[str, int]]]] = []
        for position, word in enumerate(typed):
            last = position == len(typed) - 1
            spellings = _spellings(word, lang=lang, partial=last)
            if last or not (len(word) == 1 or any(s in STOP_WORDS for s, _ in spellings)):
                wanted.append((word, spellings))  # "за", "с", "for" need not be in a name, the other words must
        hits: dict[tuple[int, bool], dict[int, _Hit]] = {}
        # Every word as typed; else with typos corrected; else without the first words ("pomosht za vuzr"
        # finds what "vuzr" begins when no name has all three).
        for start in range(len(wanted)):
            for typos in (False, True):
                found = []
                for number in range(start, len(wanted)):
                    if (number, typos) not in hits:
                        hits[number, typos] = self._word_hits(*wanted[number], typos=typos)
                    found.append(hits[number, typos])
                ranked = sorted(
                    set(found[0]).intersection(*found[1:]),
                    key=lambda n: (not found[0][n].first, sum(word_hits[n].cost for word_hits in found), n),
                )
                if ranked:
                    return self._distinct(ranked, limit)
        return []

    def _word_hits(self, word: str, spellings: list[tuple[str, int]], *, typos: bool) -> dict[int, _Hit]:
        if not typos:
            return self._hits(spellings)
        if not TYPO_MIN_CHARS <= len(word) <= TYPO_MAX_CHARS:
            return {}
        likeliest = [spelling for spelling, _ in spellings[:TYPO_READINGS]]
        corrected = {typo: TYPO_COST for spelling in likeliest for typo in self._typos(spelling)}
        return self._hits([*spellings, *corrected.items()])

    def _distinct(self, ranked: list[int], limit: int) -> list[Suggestion]:
        """The first suggestions, each label once (a phrase may read as a service's name)."""
        chosen: list[Suggestion] = []
        labels: set[str] = set()
        for number in ranked:
            suggestion = self.entries[number].suggestion
            if suggestion.label.casefold() not in labels:
                labels.add(suggestion.label.casefold())
                chosen.append(suggestion)
                if len(chosen) == limit:
                    break
        return chosen


def _spellings(word: str, *, lang: str, partial: bool) -> list[tuple[str, int]]:
    """What a typed word may be the beginning of, with a cost: Latin letters read as Bulgarian (and, as
    the analyzer reads them, as English); a word being typed may stop in the middle of a letter group."""
    found = {reading: rank for rank, reading in reversed(list(enumerate(_readings(word, lang))))}
    if partial and len(word) > 2 and word[-1] in LATIN_DIGRAPH_STARTS:
        for rank, reading in enumerate(_readings(word[:-1], lang)):
            found.setdefault(reading, rank + SHORTER_READING_COST)
    return sorted(found.items(), key=lambda item: item[1])


# --- reading the catalog -----------------------------------------------------------------------


def _service_entries(rows: list[tuple[UUID, str, str, str, str]]) -> Iterator[_Entry]:
    """Services from rows of (id, name, name in the other language, alternate name, the other's)."""
    # One reverse() for all: a municipality may have hundreds of services, and each reverse() takes a while.
    page = reverse("service-detail", args=[PLACEHOLDER_ID])
    for service_id, name, other_name, alternate, other_alternate in rows:
        label = name or other_name  # the other language stands in for a missing translation, as on the pages
        if label:
            names = (label, *(n for n in (alternate, other_name, other_alternate) if n and n != label))
            url = page.replace(str(PLACEHOLDER_ID), str(service_id))
            yield _Entry(Suggestion(label, Kind.SERVICE, url), names)


def _term_entries(service_ids: list[UUID], lang: str) -> Iterator[_Entry]:
    """The needs and target groups that these services have, as filters of the list."""
    kinds = {reference.NEED: (Kind.NEED, "need"), reference.TARGET_GROUP: (Kind.GROUP, "target_group")}
    # By service ids, not by a join on the municipality: a term has services all over the country, and a
    # database that starts from the terms reads every one of them (seconds on a national catalog).
    term_ids = set(
        Attribute.objects.filter(service_id__in=service_ids, link_type__in=("need", "audience", "eligibility"))
        .order_by()
        .values_list("taxonomy_term_id", flat=True)
    )
    other = "en" if lang == "bg" else "bg"
    terms = TaxonomyTerm.objects.filter(id__in=term_ids, taxonomy__code__in=list(kinds)).values_list(
        "taxonomy__code", "code", f"name_{lang}", f"name_{other}"
    )
    service_list = reverse("service-list")
    for taxonomy, code, name, other_name in terms:
        kind, parameter = kinds[taxonomy]
        label = name or other_name
        if label:
            url = f"{service_list}?{parameter}={quote(code)}"
            yield _Entry(Suggestion(label, kind, url), (label, *([other_name] if other_name else [])))


def _phrase_entries(lang: str) -> Iterator[_Entry]:
    service_list = reverse("service-list")
    for phrase in ThesaurusEntry.objects.filter(language=lang).values_list("phrase", flat=True):
        url = f"{service_list}?q={quote(phrase)}"
        yield _Entry(Suggestion(phrase, Kind.PHRASE, url), (phrase,))


def build_index(*, municipality: str | None, lang: str) -> SuggestionIndex:
    """Read the suggestions of a municipality (None: of all, the national site) in a language (four
    queries), with URLs in that language."""
    other = "en" if lang == "bg" else "bg"
    listed = Service.objects.filter(status__in=LISTED_STATUSES)
    if municipality is not None:
        listed = listed.filter(municipality_id=municipality)
    services = list(
        listed.values_list("id", f"name_{lang}", f"name_{other}", f"alternate_name_{lang}", f"alternate_name_{other}")
    )
    with translation.override(lang):
        entries = [
            *_service_entries(services),
            *_term_entries([row[0] for row in services], lang),
            *_phrase_entries(lang),
        ]
    return SuggestionIndex(entries)


_indexes: dict[tuple[str | None, str], tuple[int, SuggestionIndex]] = {}
_building = threading.Lock()


def suggestion_index(*, municipality: str | None, lang: str) -> SuggestionIndex:
    """The index of a municipality in a language, read again whenever the catalog version moves."""
    version = current_version()
    cached = _indexes.get((municipality, lang))
    if cached and cached[0] == version:
        return cached[1]
    with _building:  # one thread builds, the others of the same process wait for it
        cached = _indexes.get((municipality, lang))
        if cached and cached[0] == version:
            return cached[1]
        index = build_index(municipality=municipality, lang=lang)
        _indexes[(municipality, lang)] = (version, index)
        return index


def suggestions(text: str, *, municipality: str | None, lang: str = "bg", limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Up to `limit` suggestions for what has been typed so far, best first: labels that begin with it,
    then labels with words that begin with its words; any text gives an answer, never an error."""
    if lang not in ("bg", "en"):
        lang = "bg"
    return suggestion_index(municipality=municipality, lang=lang).suggest(text, lang=lang, limit=limit)
