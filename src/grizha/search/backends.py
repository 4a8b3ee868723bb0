"""The one place where SQLite and PostgreSQL differ: finding the vocabulary's words that look like a typed
one, by trigrams (an FTS5 trigram table, or pg_trgm). Matching and ranking are done once, in Python, for
both (see `ranking`)."""

from __future__ import annotations

from django.db import connection

SIMILAR_CANDIDATES = 200


def _quoted(tokens: list[str]) -> list[str]:
    # Quoting keeps any trigram a plain string to FTS5, whatever characters it has.
    return ['"' + token.replace('"', '""') + '"' for token in tokens]


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
