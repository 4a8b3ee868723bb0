"""How well a service matches a query: BM25 over the weighted fields of its index row, computed in Python
so that SQLite and PostgreSQL, which only store the index, rank exactly alike.

What a token weighs in a document (its impact: BM25 saturated per field, summed with the fields' weights)
is computed once, when the document is indexed, and kept in the token's postings. A query then adds up
the postings of its tokens for every document at once (numpy), which takes milliseconds for a national
catalog; only the first few hundred are read from the database, to put exact names first."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from uuid import UUID

import numpy as np

from grizha.search.analyzer import QueryWord

# The name weighs most, then the needs and target groups (as terms, and as words with the alternate
# names), then the summaries, then the description (DESIGN "Text, search and matching"). Lengths are
# typical token counts of each field: a term among few tells more than one among many.
FIELD_WEIGHTS = {"name": 10.0, "keywords": 4.0, "needs": 8.0, "groups": 6.0, "summary": 2.0, "body": 1.0}
FIELD_LENGTHS = {"name": 12.0, "keywords": 40.0, "needs": 3.0, "groups": 4.0, "summary": 60.0, "body": 120.0}
K1 = 1.2
B = 0.5
IDF_FLOOR = 0.05
# Postings are stored as the documents' ids then the tokens' impacts in them, little-endian.
ID_TYPE, IMPACT_TYPE = np.dtype("<i4"), np.dtype("<f4")


def impacts(fields: dict[str, list[str]]) -> dict[str, float]:
    """What each token of a document weighs in it: BM25 of its count in each field, saturated per field
    and summed with the fields' weights, so a word in the name and the needs outweighs the same word
    repeated in a description."""
    found: dict[str, float] = {}
    for name, tokens in fields.items():
        if not tokens:
            continue
        norm = 1 - B + B * len(tokens) / FIELD_LENGTHS[name]
        weight = FIELD_WEIGHTS[name]
        for token, count in Counter(tokens).items():
            found[token] = found.get(token, 0.0) + weight * count * (K1 + 1) / (count + K1 * norm)
    return found


@dataclass(frozen=True)
class Postings:
    """The documents that have one token, by id in ascending order, with the token's impact in each."""

    ids: np.ndarray
    impacts: np.ndarray

    @classmethod
    def from_bytes(cls, data: bytes) -> Postings:
        count = len(data) // (ID_TYPE.itemsize + IMPACT_TYPE.itemsize)
        return cls(
            np.frombuffer(data, ID_TYPE, count), np.frombuffer(data, IMPACT_TYPE, count, count * ID_TYPE.itemsize)
        )

    @classmethod
    def from_items(cls, items: dict[int, float]) -> Postings:
        ids = np.fromiter(sorted(items), ID_TYPE, len(items))
        return cls(ids, np.fromiter((items[int(i)] for i in ids), IMPACT_TYPE, len(items)))

    def to_bytes(self) -> bytes:
        return self.ids.astype(ID_TYPE).tobytes() + self.impacts.astype(IMPACT_TYPE).tobytes()

    def as_dict(self) -> dict[int, float]:
        return dict(zip(self.ids.tolist(), self.impacts.tolist(), strict=True))

    def __len__(self) -> int:
        return len(self.ids)


def idf(documents: int, total: int) -> float:
    """Robertson and Spärck Jones: a word in most services (помощ, услуга) tells next to nothing."""
    return max(IDF_FLOOR, math.log((total - documents + 0.5) / (documents + 0.5)))


@dataclass(frozen=True)
class Alternative:
    """A way a concept may be met: its tokens in a row, worth `weight` (1 for the typed word itself)."""

    tokens: tuple[str, ...]
    weight: float = 1.0
    idf: float = 0.0


@dataclass
class Concept:
    """What one word or everyday phrase of the query asks for.

    `words` are alternatives (the word's readings, corrections of a typo, the phrase itself and the
    catalog's words for it): the best one counts. `terms` are the vocabulary terms a thesaurus phrase
    stands for: each one a service has adds its share."""

    typed: str
    words: list[Alternative] = field(default_factory=list)
    terms: list[Alternative] = field(default_factory=list)
    readings: bool = False  # the words are readings of one typed word, not a thesaurus phrase's expansions

    def add_words(self, tokens: tuple[str, ...], weight: float) -> None:
        if tokens and all(a.tokens != tokens for a in self.words):
            self.words.append(Alternative(tokens, weight))

    def add_term(self, token: str) -> None:
        if all(a.tokens != (token,) for a in self.terms):
            self.terms.append(Alternative((token,)))

    def tokens(self) -> set[str]:
        return {t for a in (*self.words, *self.terms) for t in a.tokens}

    @property
    def idf(self) -> float:
        """How telling the concept is: as much as its most telling alternative."""
        return max((a.idf for a in (*self.words, *self.terms)), default=0.0)

    def weigh(self, documents: dict[str, int], total: int) -> None:
        """Keep what the index has, each alternative with its idf (words in a row: that of the rarest one)."""

        def weighed(alternatives: list[Alternative]) -> list[Alternative]:
            return [
                Alternative(a.tokens, a.weight, idf(min(documents[t] for t in a.tokens), total))
                for a in alternatives
                if all(t in documents for t in a.tokens)
            ]

        self.words, self.terms = weighed(self.words), weighed(self.terms)
        if self.readings and self.words:
            # The spellings of one typed word are the same word: it tells as much as its likeliest reading.
            likeliest = self.words[0].idf
            self.words = [Alternative(a.tokens, a.weight, likeliest) for a in self.words]

    @property
    def empty(self) -> bool:
        return not self.words and not self.terms


@dataclass
class Plan:
    """A query ready to rank: its concepts, and the stems of its words for an exact name."""

    concepts: list[Concept]
    name_words: list[set[str]]
    # the query's words as analysed: what was typed, its stems, and corrections of typos
    words: list[QueryWord] = field(default_factory=list)

    def tokens(self) -> list[str]:
        return sorted({t for c in self.concepts for t in c.tokens()})


def scores(
    plan: Plan, postings: dict[str, Postings], *, allowed: np.ndarray | None = None, excluded: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(document ids, scores) of every document that meets the query, only `allowed` ones if given, none
    of `excluded`. A concept counts its best alternative (words in a row count as much as the least of
    them) plus its share of the terms a service has; a service that meets all the query asks for comes
    well before one that meets only some, and a common word (помощ) left out matters less than a telling one.

    Vectors are indexed by document id, so that adding up postings needs no lookup."""
    tokens = [t for t in plan.tokens() if t in postings and len(postings[t])]
    if not tokens:
        return np.empty(0, ID_TYPE), np.empty(0)
    size = max(int(postings[t].ids[-1]) for t in tokens) + 1
    dense: dict[tuple[str, ...], np.ndarray] = {}

    def met_by(tokens: tuple[str, ...]) -> np.ndarray:
        """How much documents have words in a row: as much as the least of them (0 without one)."""
        if tokens not in dense:
            vectors = []
            for token in tokens:
                vector = np.zeros(size)
                if token in postings:
                    vector[postings[token].ids] = postings[token].impacts
                vectors.append(vector)
            dense[tokens] = np.minimum.reduce(vectors)
        return dense[tokens]

    total, met = np.zeros(size), np.zeros(size)
    for concept in plan.concepts:
        # One word is added where its postings say, without a vector of its own.
        words = np.zeros(size)
        for alternative in concept.words:
            factor = alternative.weight * alternative.idf
            if len(alternative.tokens) > 1:
                np.maximum(words, factor * met_by(alternative.tokens), out=words)
            elif found := postings.get(alternative.tokens[0]):
                words[found.ids] = np.maximum(words[found.ids], factor * found.impacts)
        terms = np.zeros(size)
        for alternative in concept.terms:
            if found := postings.get(alternative.tokens[0]):
                terms[found.ids] += alternative.idf * found.impacts
        both = words + terms / max(len(concept.terms), 1)
        total += both
        met += (both > 0) * concept.idf
    everything = sum(c.idf for c in plan.concepts)
    if not everything:
        return np.empty(0, ID_TYPE), np.empty(0)
    score = total * (met / everything) ** 2
    if allowed is not None:
        inside = np.zeros(size, dtype=bool)
        inside[allowed[allowed < size]] = True
        score[~inside] = 0
    if excluded is not None:
        score[excluded[excluded < size]] = 0
    ids = np.flatnonzero(score > 0)
    return ids, score[ids]


def best(ids: np.ndarray, score: np.ndarray, depth: int | None) -> list[tuple[int, float]]:
    """The `depth` best (document id, score), best first, all of them when depth is None; of equal
    scores, the older document first (the index is built in the order of the services' ids)."""
    if depth is not None and len(score) > depth:
        floor = np.partition(score, len(score) - depth)[len(score) - depth]
        ids, score = ids[score >= floor], score[score >= floor]
    order = np.lexsort((ids, -score))[:depth]
    return list(zip(ids[order].tolist(), score[order].tolist(), strict=True))


@dataclass(frozen=True)
class Named:
    """What a candidate's names are, to put exact names first: its name's tokens, and each of its names
    (alternate ones too) as a line of tokens."""

    document_id: int
    service_id: UUID | str  # as the database gives it: SQLite keeps a UUID as 32 hex digits
    name: str
    exact: str


def _has_in_a_row(text: str, tokens: Sequence[str]) -> bool:
    return f" {'  '.join(tokens)} " in f" {text.replace(' ', '  ')} "


def tier(named: Named, plan: Plan) -> int:
    """0 for an exact name, 1 for a name with every word of a query of several words (their own readings,
    not expansions), 2 for the rest."""
    if plan.name_words:
        for line in named.exact.splitlines():
            words = line.split()
            if len(words) == len(plan.name_words) and all(
                t in stems for t, stems in zip(words, plan.name_words, strict=True)
            ):
                return 0
    if len(plan.concepts) > 1 and all(
        any(_has_in_a_row(named.name, a.tokens) for a in c.words if a.weight == 1.0) for c in plan.concepts
    ):
        return 1
    return 2


def rank(candidates: list[tuple[Named, float]], plan: Plan, limit: int | None = None) -> list[tuple[UUID, float]]:
    """(service id, score) best first: the exact name, then names with every word of the query, then
    by score, then as `best` settles ties, so that the order is the same on every database."""
    ordered = sorted(candidates, key=lambda c: (tier(c[0], plan), -c[1], c[0].document_id))
    return [(_uuid(named.service_id), score) for named, score in ordered[:limit]]


def _uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(value)
