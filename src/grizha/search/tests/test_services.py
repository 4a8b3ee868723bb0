"""The index follows the catalog: edits, new tags, closures, deletions and imports are found once committed."""

from __future__ import annotations

import io
import json
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from grizha.catalog.models import Attribute, Service, TaxonomyTerm
from grizha.demo.loader import demo_id
from grizha.hsds.importer import Importer
from grizha.hsds.serialize import Serializer
from grizha.search.analyzer import stem
from grizha.search.models import INDEX_FIELDS, SearchDocument, SearchWord
from grizha.search.selectors import search_services
from grizha.search.services import search_index_refresh

pytestmark = pytest.mark.django_db

PATRONAGE = demo_id("service", "patronazh")


def found(query: str) -> list[uuid.UUID]:
    return [service_id for service_id, _ in search_services(query, limit=None)]


def word_counts() -> dict[str, int]:
    """What each word's document count should be, counted from the index rows."""
    counts: Counter[str] = Counter()
    for doc in SearchDocument.objects.all():
        counts.update({t for name in INDEX_FIELDS for t in getattr(doc, name).split()})
    return dict(counts)


def test_a_renamed_service_is_found_by_its_new_name_once_committed(django_capture_on_commit_callbacks: Any) -> None:
    service = Service.objects.get(id=PATRONAGE)
    with django_capture_on_commit_callbacks(execute=True):
        service.name_bg = "Кухня на колела"
        service.save()
    assert found("кухня на колела")[0] == PATRONAGE
    assert dict(SearchWord.objects.values_list("word", "documents")) == word_counts()


def test_a_new_tag_is_found_through_the_thesaurus(django_capture_on_commit_callbacks: Any) -> None:
    service = Service.objects.get(id=demo_id("service", "zhestov-ezik"))
    assert service.id not in found("бие ме")
    violence = TaxonomyTerm.objects.get(taxonomy__code="bg-target-group", code="victims-of-violence")
    with django_capture_on_commit_callbacks(execute=True):
        Attribute.objects.create(service=service, link_type="audience", link_entity="service", taxonomy_term=violence)
    assert service.id in found("бие ме")


def test_a_closed_service_is_no_longer_found(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        Service.objects.get(id=PATRONAGE).save()  # a save that changes nothing keeps the row
    assert PATRONAGE in found("патронаж")
    service = Service.objects.get(id=PATRONAGE)
    with django_capture_on_commit_callbacks(execute=True):
        service.status = Service.Status.INACTIVE
        service.save()
    assert PATRONAGE not in found("патронаж")


def test_a_deleted_service_leaves_the_index_and_its_words(django_capture_on_commit_callbacks: Any) -> None:
    service = Service.objects.get(id=demo_id("service", "zhestov-ezik"))
    with django_capture_on_commit_callbacks(execute=True):
        service.delete()
    assert not SearchDocument.objects.filter(service_id=service.id).exists()
    assert dict(SearchWord.objects.values_list("word", "documents")) == word_counts()
    assert not SearchWord.objects.filter(word=stem("жестов")).exists()  # no other service has it


def test_a_renamed_term_is_searched_by_its_new_label(django_capture_on_commit_callbacks: Any) -> None:
    term = TaxonomyTerm.objects.get(taxonomy__code="bg-need", code="mobility-transport")
    with django_capture_on_commit_callbacks(execute=True):
        term.name_bg = "Таксита за хора в инвалидни колички"
        term.save()
    assert found("таксита")[0] == demo_id("service", "specializiran-transport")


def test_a_rolled_back_change_leaves_the_index(django_capture_on_commit_callbacks: Any) -> None:
    before = list(SearchDocument.objects.order_by("service_id").values())
    service = Service.objects.get(id=PATRONAGE)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                service.name_bg = "Кухня на колела"
                service.save()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert list(SearchDocument.objects.order_by("service_id").values()) == before


def test_many_writes_in_a_transaction_refresh_once(django_capture_on_commit_callbacks: Any) -> None:
    meals = TaxonomyTerm.objects.get(taxonomy__code="bg-need", code="meals")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for key in ("cop", "csri-deca", "zhestov-ezik"):
            Attribute.objects.create(
                service_id=demo_id("service", key), link_type="need", link_entity="service", taxonomy_term=meals
            )
    refreshes = [c for c in callbacks if type(c).__name__ == "_PendingRefresh"]
    assert len(refreshes) == 1
    assert refreshes[0].service_ids == {demo_id("service", k) for k in ("cop", "csri-deca", "zhestov-ezik")}


def test_a_rebuild_gives_the_same_index() -> None:
    before = {d["service_id"]: d for d in SearchDocument.objects.values("service_id", *INDEX_FIELDS, "exact")}
    out = io.StringIO()
    call_command("rebuild-search-index", stdout=out)
    assert f"{Service.objects.count()} services" in out.getvalue()
    after = {d["service_id"]: d for d in SearchDocument.objects.values("service_id", *INDEX_FIELDS, "exact")}
    assert after == before
    assert dict(SearchWord.objects.values_list("word", "documents")) == word_counts()


def test_a_refresh_of_unknown_services_writes_nothing() -> None:
    assert search_index_refresh(service_ids=[uuid.uuid4()]) == 0


def test_an_imported_service_is_found_once_the_import_commits(
    tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    item = Serializer("bg").services([PATRONAGE])[0]
    item["id"] = str(uuid.uuid4())
    item["name"] = "Кухня на колела за самотни хора"
    for nested in item.get("service_at_locations", []) + item.get("attributes", []):
        nested["id"] = str(uuid.uuid4())
        nested.pop("service_id", None)
    for key in ("phones", "schedules", "service_areas", "languages", "funding", "cost_options", "contacts"):
        item.pop(key, None)
    path = tmp_path / "services.json"
    path.write_text(json.dumps([item], ensure_ascii=False), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        Importer(municipality="SLV20").run(path)
    assert found("кухня на колела")[0] == uuid.UUID(item["id"])
    assert uuid.UUID(item["id"]) in found("баба")  # its attributes came with it
