"""The search index and the thesaurus.

A `SearchDocument` holds one service's analysed tokens per weighted field. `SearchWord` is the vocabulary
of the index: every token with its postings (the documents that have it, and what it weighs in each; see
`ranking`), which is what a query reads. The vocabulary is searched by trigrams for typo tolerance: an
FTS5 trigram table on SQLite, pg_trgm on PostgreSQL (migration 0002).

A migration that alters `SearchWord` on SQLite by rebuilding the table drops the trigram table's
triggers: it must create them again (see migration 0002).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from grizha.catalog import reference
from grizha.core.models import TimeStampedModel

# The weighted fields of a document, in the order of the full-text columns (migration 0002).
INDEX_FIELDS = ("name", "keywords", "needs", "groups", "summary", "body")


class SearchDocument(models.Model):
    """One service as the index sees it: space-separated tokens of the analyzer, per weighted field."""

    service = models.OneToOneField(
        "catalog.Service",
        verbose_name=_("service"),
        on_delete=models.DO_NOTHING,  # the index follows the catalog through search_index_refresh
        db_constraint=False,
        related_name="+",
    )
    municipality_id = models.CharField(_("municipality"), max_length=5, db_index=True)
    status = models.CharField(_("status"), max_length=20)
    name = models.TextField(_("name"), blank=True)
    keywords = models.TextField(_("alternate names, needs and target groups"), blank=True)
    needs = models.TextField(_("needs met and service types, as terms"), blank=True)
    groups = models.TextField(_("target groups, as terms"), blank=True)
    summary = models.TextField(_("easy-read summary and who can use it"), blank=True)
    body = models.TextField(_("description"), blank=True)
    exact = models.TextField(_("names for an exact match"), blank=True, help_text=_("One name per line."))

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [models.Index(fields=["status"], name="search_document_status")]

    def __str__(self) -> str:
        return self.name


class SearchWord(models.Model):
    """A token of the index and how many documents have it: for typo tolerance and for ranking."""

    word = models.CharField(_("word"), max_length=100, unique=True)
    documents = models.IntegerField(_("documents"), default=0)
    # Set for every word of the index; null only while the migration that added it has not been followed
    # by a rebuild (`grizha rebuild-search-index`, which that migration runs).
    postings = models.BinaryField(_("postings"), null=True, editable=False)

    class Meta:
        verbose_name = _("indexed word")
        verbose_name_plural = _("indexed words")

    def __str__(self) -> str:
        return self.word


class ThesaurusEntry(TimeStampedModel):
    """An everyday phrase and what it means in the catalog: its words and terms of its vocabularies."""

    class Language(models.TextChoices):
        BULGARIAN = "bg", _("Bulgarian")
        ENGLISH = "en", _("English")

    phrase = models.CharField(
        _("everyday phrase"), max_length=200, help_text=_("Words people use, such as “баба” or “бие ме”.")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.BULGARIAN)
    words = models.TextField(
        _("catalog words"),
        blank=True,
        help_text=_("Words of the catalog that the phrase means, one phrase per line, such as “възрастни хора”."),
    )
    terms = models.ManyToManyField(
        "catalog.TaxonomyTerm",
        verbose_name=_("needs and target groups"),
        blank=True,
        related_name="+",
        limit_choices_to={"taxonomy__code__in": (reference.NEED, reference.TARGET_GROUP)},
        help_text=_("Services with any of these needs or target groups match the phrase."),
    )

    class Meta:
        verbose_name = _("thesaurus entry")
        verbose_name_plural = _("thesaurus")
        ordering = ["language", "phrase"]
        constraints = [models.UniqueConstraint(fields=["language", "phrase"], name="search_thesaurus_phrase_unique")]

    def __str__(self) -> str:
        return self.phrase

    def catalog_words(self) -> list[str]:
        return [line.strip() for line in self.words.splitlines() if line.strip()]
