"""How well a service matches a query: BM25 over the weighted fields of its index row, computed in Python
so that SQLite and PostgreSQL, which only find the candidates, rank them exactly alike."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from uuid import UUID

from grizha.search.analyzer import QueryWord
from grizha.search.backends import Row
from grizha.search.models import INDEX_FIELDS

# The name weighs most, then the needs and target groups (as terms, and as words with the alternate
# names), then the summaries, then the description (DESIGN "Text, search and matching"). Lengths are
# typical token counts of each field: a term among few tells more than one among many.
FIELD_WEIGHTS = {"name": 10.0, "keywords": 4.0, "needs": 8.0, "groups": 6.0, "summary": 2.0, "body": 1.0}
FIELD_LENGTHS = {"name": 12.0, "keywords": 40.0, "needs": 3.0, "groups": 4.0, "summary": 60.0, "body": 120.0}
K1 = 1.2
B = 0.5


IDF_FLOOR = 0.05


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


class Candidate:
    def __init__(self, row: Row) -> None:
        self.service_id: UUID = row.service_id
        self.exact_lines = [line.split() for line in row.exact.splitlines()]
        # Each field as " a  b  c ": every token between its own two spaces, so that str.count, which
        # runs in C, counts a token or words in a row without splitting the text.
        self.fields: dict[str, tuple[str, int]] = {}
        for name in INDEX_FIELDS:
            text = getattr(row, name)
            self.fields[name] = (f" {text.replace(' ', '  ')} ", text.count(" ") + 1 if text else 0)

    def _count(self, name: str, tokens: tuple[str, ...]) -> int:
        return self.fields[name][0].count(f" {'  '.join(tokens)} ")

    def weight_of(self, tokens: tuple[str, ...]) -> float:
        """BM25 of the words (in a row) in each field, saturated per field and summed with the fields'
        weights: a word in the name and the needs outweighs the same word repeated in a description."""
        total = 0.0
        for name, (_, length) in self.fields.items():
            if count := self._count(name, tokens):
                norm = 1 - B + B * length / FIELD_LENGTHS[name]
                total += FIELD_WEIGHTS[name] * count * (K1 + 1) / (count + K1 * norm)
        return total

    def is_named(self, name_words: list[set[str]]) -> bool:
        return bool(name_words) and any(
            len(line) == len(name_words) and all(t in stems for t, stems in zip(line, name_words, strict=True))
            for line in self.exact_lines
        )

    def score(self, plan: Plan) -> float:
        total, met = 0.0, 0.0
        for concept in plan.concepts:
            words = max((a.weight * a.idf * self.weight_of(a.tokens) for a in concept.words), default=0.0)
            terms = sum(a.idf * self.weight_of(a.tokens) for a in concept.terms) / max(len(concept.terms), 1)
            if words or terms:
                total += words + terms
                met += concept.idf
        # A service that meets all the query asks for comes well before one that meets only some; a
        # common word (помощ) left out matters less than a telling one.
        everything = sum(c.idf for c in plan.concepts)
        return total * (met / everything) ** 2 if everything else 0.0

    def is_named_by_all(self, plan: Plan) -> bool:
        """Whether the name has every word of a query of several words (their own readings, not expansions)."""
        return len(plan.concepts) > 1 and all(
            any(self._count("name", a.tokens) for a in c.words if a.weight == 1.0) for c in plan.concepts
        )


def rank(rows: list[Row], plan: Plan) -> list[tuple[UUID, float]]:
    """(service id, score) best first: the exact name, then names with every word of the query, then
    by score; the id settles ties, so the order is the same on every database."""
    scored = []
    for row in rows:
        candidate = Candidate(row)
        score = candidate.score(plan)
        if score > 0:
            tier = 0 if candidate.is_named(plan.name_words) else 1 if candidate.is_named_by_all(plan) else 2
            scored.append((tier, -score, str(candidate.service_id), candidate.service_id))
    scored.sort()
    return [(service_id, -negative) for _, negative, _, service_id in scored]
