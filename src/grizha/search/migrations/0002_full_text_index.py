"""The full-text structures of each database beside the index tables (see grizha/search/models.py)."""

from django.db import migrations

FTS_COLUMNS = "name, keywords, needs, groups, summary, body"
NEW = "new.name, new.keywords, new.needs, new.groups, new.summary, new.body"
OLD = "old.name, old.keywords, old.needs, old.groups, old.summary, old.body"

SQLITE = [
    # The documents, by the analyzer's tokens: unicode61 only splits on the spaces between them.
    f"""CREATE VIRTUAL TABLE search_fts USING fts5({FTS_COLUMNS}, content='search_searchdocument',
        content_rowid='id', tokenize='unicode61 remove_diacritics 0')""",
    f"""CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, {FTS_COLUMNS}) VALUES (new.id, {NEW}); END""",
    f"""CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, {FTS_COLUMNS}) VALUES ('delete', old.id, {OLD}); END""",
    f"""CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, {FTS_COLUMNS}) VALUES ('delete', old.id, {OLD});
        INSERT INTO search_fts(rowid, {FTS_COLUMNS}) VALUES (new.id, {NEW}); END""",
    # The vocabulary by trigrams, for typo tolerance.
    """CREATE VIRTUAL TABLE search_word_trigrams USING fts5(word, content='search_searchword',
        content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER search_word_trigrams_insert AFTER INSERT ON search_searchword BEGIN
        INSERT INTO search_word_trigrams(rowid, word) VALUES (new.id, new.word); END""",
    """CREATE TRIGGER search_word_trigrams_delete AFTER DELETE ON search_searchword BEGIN
        INSERT INTO search_word_trigrams(search_word_trigrams, rowid, word) VALUES ('delete', old.id, old.word); END""",
    """CREATE TRIGGER search_word_trigrams_update AFTER UPDATE OF word ON search_searchword BEGIN
        INSERT INTO search_word_trigrams(search_word_trigrams, rowid, word) VALUES ('delete', old.id, old.word);
        INSERT INTO search_word_trigrams(rowid, word) VALUES (new.id, new.word); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_word_trigrams_update",
    "DROP TRIGGER IF EXISTS search_word_trigrams_delete",
    "DROP TRIGGER IF EXISTS search_word_trigrams_insert",
    "DROP TABLE IF EXISTS search_word_trigrams",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # The analyzer has done the language work: 'simple' only takes its tokens, weighted by field.
    """ALTER TABLE search_searchdocument ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', name), 'A') || setweight(to_tsvector('simple', keywords), 'B')
        || setweight(to_tsvector('simple', needs), 'B') || setweight(to_tsvector('simple', groups), 'B')
        || setweight(to_tsvector('simple', summary), 'C') || setweight(to_tsvector('simple', body), 'D')
    ) STORED""",
    "CREATE INDEX search_document_gin ON search_searchdocument USING gin (document)",
    "CREATE INDEX search_word_trigram_gin ON search_searchword USING gin (word gin_trgm_ops)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_word_trigram_gin",
    "DROP INDEX IF EXISTS search_document_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS document",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
