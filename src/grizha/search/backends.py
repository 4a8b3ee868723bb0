"""The two places where SQLite and PostgreSQL differ: finding the documents that have any of some tokens
(FTS5 or tsvector), and finding the vocabulary's words that look like a typed one (FTS5 trigrams or
pg_trgm). Both answer candidates only; ranking is done once, in Python, for both (see `ranking`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import connection

from grizha.search.models import INDEX_FIELDS

# bm25 of FTS5 and ts_rank of PostgreSQL choose which candidates to rank when there are too many.
FTS5_WEIGHTS = "10.0, 4.0, 8.0, 6.0, 2.0, 1.0"  # in the order of INDEX_FIELDS
SIMILAR_CANDIDATES = 200


@dataclass(frozen=True)
class Row:
    service_id: UUID
    name: str
    keywords: str
    needs: str
    groups: str
    summary: str
    body: str
    exact: str


def _quoted(tokens: Sequence[str], quote: str) -> list[str]:
    # The analyzer's tokens are letters and digits only; quoting keeps any of them a plain word.
    return [quote + token.replace(quote, quote * 2) + quote for token in tokens]


def _row(values: Sequence[object]) -> Row:
    service_id = values[0] if isinstance(values[0], UUID) else UUID(str(values[0]))
    return Row(service_id, *(str(value or "") for value in values[1:]))  # type: ignore[arg-type]


def match(tokens: Sequence[str], *, statuses: Sequence[str], municipality: str | None, limit: int | None) -> list[Row]:
    """Documents with any of the tokens, of services in these statuses (and this municipality)."""
    if not tokens or not statuses:
        return []
    params: list[Any] = []
    columns = ", ".join(f"d.{name}" for name in ("service_id", *INDEX_FIELDS, "exact"))
    if connection.vendor == "postgresql":
        query = " | ".join(_quoted(tokens, "'"))
        sql = (
            f"SELECT {columns} FROM search_searchdocument d"  # noqa: S608 -- column names, no input
            " WHERE d.document @@ CAST(%s AS tsquery) AND d.status = ANY(%s)"
        )
        params += [query, list(statuses)]
        order = " ORDER BY ts_rank(d.document, CAST(%s AS tsquery)) DESC, d.service_id"
        order_params: list[Any] = [query]
    else:
        placeholders = ", ".join(["%s"] * len(statuses))
        sql = (
            f"SELECT {columns} FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid"  # noqa: S608
            f" WHERE search_fts MATCH %s AND d.status IN ({placeholders})"
        )
        params += [" OR ".join(_quoted(tokens, '"')), *statuses]
        order = f" ORDER BY bm25(search_fts, {FTS5_WEIGHTS}), d.service_id"
        order_params = []
    if municipality:
        sql += " AND d.municipality_id = %s"
        params.append(municipality)
    sql += order
    params += order_params
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [_row(values) for values in cursor.fetchall()]


def similar_words(word: str) -> list[tuple[str, int]]:
    """Words of the vocabulary that share trigrams with `word`, with their document counts."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT word, documents FROM search_searchword WHERE word %% %s"
                " ORDER BY similarity(word, %s) DESC, word LIMIT %s",
                [word, word, SIMILAR_CANDIDATES],
            )
        else:
            trigrams = sorted({word[i : i + 3] for i in range(len(word) - 2)})
            if not trigrams:
                return []
            cursor.execute(
                "SELECT w.word, w.documents FROM search_word_trigrams"
                " JOIN search_searchword w ON w.id = search_word_trigrams.rowid"
                " WHERE search_word_trigrams MATCH %s ORDER BY search_word_trigrams.rank, w.word LIMIT %s",
                [" OR ".join(_quoted(trigrams, '"')), SIMILAR_CANDIDATES],
            )
        return [(str(w), int(n)) for w, n in cursor.fetchall()]
