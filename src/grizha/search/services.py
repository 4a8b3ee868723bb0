"""Writing the search index: each service's row rebuilt from the catalog, and the vocabulary's counts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import F

from grizha.catalog import reference
from grizha.catalog.models import Attribute, Service, TaxonomyTerm
from grizha.search.analyzer import TERM_TAXONOMIES, index_tokens, term_token
from grizha.search.models import INDEX_FIELDS, SearchDocument, SearchWord

CHUNK = 1000
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


def _write(service_ids: list[UUID], terms: dict[UUID, list[tuple[str, str, str, str]]]) -> tuple[int, Counter[str]]:
    """Replace the rows of these services; the change in each word's document count."""
    old = {
        row["service_id"]: {t for name in INDEX_FIELDS for t in row[name].split()}
        for row in SearchDocument.objects.filter(service_id__in=service_ids).values("service_id", *INDEX_FIELDS)
    }
    SearchDocument.objects.filter(service_id__in=service_ids).delete()
    rows, delta = [], Counter[str]()
    for service in Service.objects.filter(id__in=service_ids).values(*SERVICE_COLUMNS):
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
        new = document.tokens()
        before = old.pop(service["id"], set())
        delta.update(new - before)
        delta.subtract(before - new)
    for gone in old.values():  # services no longer in the catalog
        delta.subtract(gone)
    SearchDocument.objects.bulk_create(rows, batch_size=500)
    return len(rows), delta


def _count_words(delta: Counter[str]) -> None:
    changed: dict[int, list[str]] = defaultdict(list)
    for word, change in delta.items():
        if change:
            changed[change].append(word)
    added = [word for word, change in delta.items() if change > 0]
    SearchWord.objects.bulk_create([SearchWord(word=w) for w in added], batch_size=500, ignore_conflicts=True)
    for change, words in changed.items():
        for start in range(0, len(words), CHUNK):
            SearchWord.objects.filter(word__in=words[start : start + CHUNK]).update(documents=F("documents") + change)
    removed = [word for word, change in delta.items() if change < 0]
    for start in range(0, len(removed), CHUNK):
        SearchWord.objects.filter(word__in=removed[start : start + CHUNK], documents__lte=0).delete()


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
    written, delta = 0, Counter[str]()
    for chunk in _chunks(ids):
        count, change = _write(chunk, terms if service_ids is None else _terms(chunk))
        written += count
        delta.update(change)
    _count_words(delta)
    return written
