"""Where SQLite and PostgreSQL differ: finding the vocabulary's words that look like a typed one, by
trigrams (an FTS5 trigram table, or pg_trgm), and reading index rows by many ids at once. Matching and
ranking are done once, in Python, for both (see `ranking`)."""

from __future__ import annotations

from typing import Any

from django.db import connection

SIMILAR_CANDIDATES = 200


def _quoted(tokens: list[str]) -> list[str]:
    # Quoting keeps any trigram a plain string to FTS5, whatever characters it has.
    return ['"' + token.replace('"', '""') + '"' for token in tokens]


def named_rows(document_ids: list[int]) -> list[tuple[Any, ...]]:
    """(id, service id, name tokens, exact names) of these index rows."""
    columns = "SELECT id, service_id, name, exact FROM search_searchdocument"
    found: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array parameter: a hundred placeholders cost psycopg more than the query itself.
            cursor.execute(f"{columns} WHERE id = ANY(%s)", [document_ids])
            return list(cursor.fetchall())
        for start in range(0, len(document_ids), 500):  # SQLite's limit on parameters
            chunk = document_ids[start : start + 500]
            cursor.execute(f"{columns} WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)
            found.extend(cursor.fetchall())
    return found


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
                [" OR ".join(_quoted(trigrams)), SIMILAR_CANDIDATES],
            )
        return [(str(w), int(n)) for w, n in cursor.fetchall()]
