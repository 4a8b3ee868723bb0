"""Postings in the vocabulary replace the full-text index of the documents: a query reads its words'
postings and ranks in Python, so FTS5's document table and PostgreSQL's tsvector are dropped (the
trigram indexes of the vocabulary stay). The index is rebuilt after `migrate` (see apps.py)."""

import importlib

from django.db import migrations, models

full_text = importlib.import_module("grizha.search.migrations.0002_full_text_index")

DROP = {
    "sqlite": [s for s in full_text.SQLITE_REVERSE if "search_fts" in s],
    "postgresql": [
        "DROP INDEX IF EXISTS search_document_gin",
        "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS document",
    ],
}
RESTORE = {
    "sqlite": [s for s in full_text.SQLITE if "search_fts" in s],
    "postgresql": [s for s in full_text.POSTGRESQL if "document" in s and "searchword" not in s],
}


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0003_thesaurus_seed'),
    ]

    operations = [
        migrations.RunPython(full_text._run(DROP), full_text._run(RESTORE)),
        migrations.AddField(
            model_name='searchword',
            name='postings',
            field=models.BinaryField(null=True, verbose_name='postings'),
        ),
        migrations.AddIndex(
            model_name='searchdocument',
            index=models.Index(fields=['status'], name='search_document_status'),
        ),
    ]
