"""Writing the search index: each service's row rebuilt from the catalog, and the vocabulary's counts."""

from __future__ import annotations

import itertools
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import numpy as np
from django.db import transaction

from grizha.catalog import reference
from grizha.catalog.models import Attribute, Service, TaxonomyTerm
from grizha.catalog.versioning import catalog_changed
from grizha.search.analyzer import TERM_TAXONOMIES, index_tokens, term_token
from grizha.search.models import INDEX_FIELDS, SearchDocument, SearchWord
from grizha.search.ranking import ID_TYPE, IMPACT_TYPE, Postings, impacts

CHUNK = 1000
WRITE_BATCH = 100
# Attributes whose terms describe what a service is about (CONTRACTS section 4).
INDEXED_LINK_TYPES = ("need", "audience", "eligibility", "service_type")
SERVICE_COLUMNS = (
    "id",
    "municipality_id",
    "status",
    "name_bg",
    "name_en",
    "alternate_name_bg",
    "alternate_name_en",
    "description_bg",
    "description_en",
    "easy_read_bg",
    "easy_read_en",
    "eligibility_description_bg",
    "eligibility_description_en",
    "organization__name_bg",
    "organization__name_en",
)


@dataclass
class _Document:
    fields: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in INDEX_FIELDS})
    exact: list[str] = field(default_factory=list)

    def add(self, name: str, *texts: str | None) -> None:
        for text in texts:
            if text:
                self.fields[name].extend(index_tokens(text))

    def tokens(self) -> set[str]:
        return {token for tokens in self.fields.values() for token in tokens}


def _document(service: dict[str, Any], terms: list[tuple[str, str, str, str]]) -> _Document:
    document = _Document()
    document.add("name", service["name_bg"], service["name_en"])
    document.add("keywords", service["alternate_name_bg"], service["alternate_name_en"])
    for taxonomy_code, code, _, _ in terms:
        # A group that a service is both meant for and requires is counted twice: it is what the service is about.
        field_name = "groups" if taxonomy_code == reference.TARGET_GROUP else "needs"
        document.fields[field_name].append(term_token(taxonomy_code, code))
    for _, _, name_bg, name_en in dict.fromkeys(terms):
        document.add("keywords", name_bg, name_en)
    document.add("summary", service["easy_read_bg"], service["easy_read_en"])
    document.add("summary", service["eligibility_description_bg"], service["eligibility_description_en"])
    document.add("body", service["description_bg"], service["description_en"])
    document.add("body", service["organization__name_bg"], service["organization__name_en"])
    names = (service["name_bg"], service["name_en"], service["alternate_name_bg"], service["alternate_name_en"])
    document.exact = list(dict.fromkeys(line for name in names if name and (line := " ".join(index_tokens(name)))))
    return document


def _terms(service_ids: list[UUID] | None) -> dict[UUID, list[tuple[str, str, str, str]]]:
    """Each service's terms of the indexed vocabularies: (taxonomy code, term code, label bg, label en);
    of every service when None."""
    known = {
        term_id: (taxonomy_code or "", code, name_bg or "", name_en or "", position)
        for term_id, taxonomy_code, code, name_bg, name_en, position in TaxonomyTerm.objects.filter(
            taxonomy__code__in=list(TERM_TAXONOMIES)
        ).values_list("id", "taxonomy__code", "code", "name_bg", "name_en", "position")
    }
    found: dict[UUID, list[tuple[str, str, str, str, int]]] = defaultdict(list)
    attributes = Attribute.objects.filter(service__isnull=False, link_type__in=INDEXED_LINK_TYPES)
    if service_ids is not None:
        # By service only: the index on service_id is the one that narrows (a term has many services).
        attributes = attributes.filter(service_id__in=service_ids)
    for service_id, term_id in attributes.values_list("service_id", "taxonomy_term_id"):
        if term_id in known:
            found[service_id].append(known[term_id])
    return {sid: [term[:4] for term in sorted(terms, key=lambda t: (t[4], t[1]))] for sid, terms in found.items()}


def _chunks(ids: list[UUID]) -> Iterator[list[UUID]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


@dataclass
class _Changes:
    """What rewriting some rows does to the vocabulary: the postings of the new rows, word by word, in
    ascending order of row id; the ids of the rows replaced, and their words."""

    ids: dict[str, array[int]] = field(default_factory=lambda: defaultdict(lambda: array("i")))
    impacts: dict[str, array[float]] = field(default_factory=lambda: defaultdict(lambda: array("f")))
    removed_ids: set[int] = field(default_factory=set)
    removed_words: set[str] = field(default_factory=set)

    def add(self, document_id: int, weights: dict[str, float]) -> None:
        for token, weight in weights.items():
            self.ids[token].append(document_id)
            self.impacts[token].append(weight)

    def postings(self, word: str) -> Postings | None:
        if word not in self.ids:
            return None
        return Postings(np.asarray(self.ids[word], ID_TYPE), np.asarray(self.impacts[word], IMPACT_TYPE))


def _write(service_ids: list[UUID], terms: dict[UUID, list[tuple[str, str, str, str]]], changes: _Changes) -> int:
    """Replace the rows of these services, noting what changes for the vocabulary; the number written."""
    replaced = []
    for row in SearchDocument.objects.filter(service_id__in=service_ids).values("id", *INDEX_FIELDS):
        replaced.append(row["id"])
        changes.removed_words.update(t for name in INDEX_FIELDS for t in row[name].split())
    changes.removed_ids.update(replaced)
    SearchDocument.objects.filter(id__in=replaced).delete()
    written = 0
    services = Service.objects.filter(id__in=service_ids).order_by("id").values(*SERVICE_COLUMNS)
    found = services.iterator(chunk_size=WRITE_BATCH)
    while batch := list(itertools.islice(found, WRITE_BATCH)):
        # A few at a time: long descriptions make large rows, and their weights larger still.
        rows, weights = [], []
        for service in batch:
            document = _document(service, terms.get(service["id"], []))
            rows.append(
                SearchDocument(
                    service_id=service["id"],
                    municipality_id=service["municipality_id"],
                    status=service["status"],
                    exact="\n".join(document.exact),
                    **{name: " ".join(tokens) for name, tokens in document.fields.items()},
                )
            )
            weights.append(impacts(document.fields))
        SearchDocument.objects.bulk_create(rows)  # sets each row's id, on both databases
        for row, weight in zip(rows, weights, strict=True):
            changes.add(row.id, weight)
        written += len(rows)
    return written


def _merged(text: str, word: SearchWord | None, changes: _Changes, gone: np.ndarray) -> Postings | None:
    """A word's postings without the rows replaced and with the new ones; None when no row has it."""
    parts = []
    if word is not None and word.postings is not None:
        old = Postings.from_bytes(bytes(word.postings))
        keep = ~np.isin(old.ids, gone)
        parts.append((old.ids[keep], old.impacts[keep]))
    if (new := changes.postings(text)) is not None:
        parts.append((new.ids, new.impacts))
    ids = np.concatenate([p[0] for p in parts]) if parts else np.empty(0, ID_TYPE)
    if not len(ids):
        return None
    order = np.argsort(ids, kind="stable")
    return Postings(ids[order], np.concatenate([p[1] for p in parts])[order])


def _write_words(changes: _Changes, *, anew: bool) -> None:
    """Bring the vocabulary up to date: each word's postings and document count; a word that no row has
    any more is deleted."""
    words = sorted(set(changes.ids) | changes.removed_words)
    gone = np.fromiter(sorted(changes.removed_ids), ID_TYPE, len(changes.removed_ids))
    existing: dict[str, SearchWord] = {}
    if not anew:
        for start in range(0, len(words), CHUNK):
            # Locked, so that two refreshes at once cannot lose each other's postings.
            for row in SearchWord.objects.select_for_update().filter(word__in=words[start : start + CHUNK]):
                existing[row.word] = row
    created: list[SearchWord] = []
    updated: list[SearchWord] = []
    deleted: list[int] = []
    for text in words:
        word = existing.get(text)
        merged = _merged(text, word, changes, gone)
        if merged is None:
            if word is not None:
                deleted.append(word.pk)
            continue
        if word is None:
            created.append(SearchWord(word=text, documents=len(merged), postings=merged.to_bytes()))
        else:
            word.documents, word.postings = len(merged), merged.to_bytes()
            updated.append(word)
    for start in range(0, len(deleted), CHUNK):
        SearchWord.objects.filter(pk__in=deleted[start : start + CHUNK]).delete()
    SearchWord.objects.bulk_update(updated, ["documents", "postings"], batch_size=100)
    SearchWord.objects.bulk_create(created, batch_size=500)


@transaction.atomic
def search_index_refresh(*, service_ids: Iterable[UUID] | None = None) -> int:
    """Rebuild the index rows of these services (all of them when None); the number of rows written.

    A service that no longer exists loses its row. When most services are asked for (a large import),
    the whole index is built anew, which is quicker."""
    if service_ids is not None:
        service_ids = set(service_ids)
        if len(service_ids) * 2 > Service.objects.count():
            service_ids = None
    if service_ids is None:
        SearchDocument.objects.all().delete()
        SearchWord.objects.all().delete()
        ids = list(Service.objects.order_by("id").values_list("id", flat=True))
        terms = _terms(None)
    else:
        ids = sorted(set(service_ids))
        terms = {}
    written, changes = 0, _Changes()
    for chunk in _chunks(ids):
        written += _write(chunk, terms if service_ids is None else _terms(chunk), changes)
    _write_words(changes, anew=service_ids is None)
    # Searches keep postings by catalog version: it moves again once the index has caught up.
    catalog_changed()
    return written
