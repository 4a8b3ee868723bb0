"""`grizha export-hsds`: the whole catalog as HSDS 3.0 JSON files and a CSV data package.

Services are read and written in batches, so memory stays flat however large the catalog is.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db.models import Q
from django.utils import translation

from grizha.catalog import models as m
from grizha.hsds.serialize import Serializer, municipality_area_id
from grizha.hsds.tables import DATAPACKAGE, TABLES, Table
from grizha.territory.models import Municipality

BATCH = 500


def export_catalog(outdir: Path, lang: str) -> dict[str, int]:
    """Write services.json, organizations.json, taxonomies.json, taxonomy_terms.json and csv/; return counts."""
    outdir.mkdir(parents=True, exist_ok=True)
    serializer = Serializer(lang)
    counts: dict[str, int] = {}
    with translation.override(lang):
        service_ids = list(m.Service.objects.order_by("name_bg", "id").values_list("id", flat=True))
        counts["services"] = _write_list(outdir / "services.json", _batched(service_ids, serializer.services))
        org_ids = list(m.Organization.objects.order_by("name_bg", "id").values_list("id", flat=True))
        counts["organizations"] = _write_list(
            outdir / "organizations.json", _batched(org_ids, serializer.organizations)
        )
        counts["taxonomies"] = _write_list(outdir / "taxonomies.json", iter(serializer.rows(TABLES["taxonomy"], Q())))
        terms = list(m.TaxonomyTerm.objects.order_by("taxonomy_id", "position", "id").values_list("id", flat=True))
        counts["taxonomy_terms"] = _write_list(
            outdir / "taxonomy_terms.json",
            _batched(terms, lambda ids: list(serializer.taxonomy_terms(ids, every_detail=True).values())),
        )
        write_datapackage(outdir / "csv", serializer)
    return counts


def _batched(ids: list[Any], serialize: Any) -> Iterator[dict[str, Any]]:
    for start in range(0, len(ids), BATCH):
        yield from serialize(ids[start : start + BATCH])


def _write_list(path: Path, items: Iterator[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as file:
        file.write("[")
        for item in items:
            file.write(",\n" if count else "\n")
            json.dump(item, file, ensure_ascii=False)
            count += 1
        file.write("\n]\n")
    return count


def write_datapackage(folder: Path, serializer: Serializer) -> None:
    """An HSDS CSV data package: one file per table, fields in the order of the official package."""
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for resource in DATAPACKAGE["resources"]:
        table = TABLES.get(resource["name"])
        if table is None:
            continue  # not modelled: see the README
        resources.append(resource)
        with (folder / table.path).open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=list(table.hsds_fields), extrasaction="ignore")
            writer.writeheader()
            _write_rows(writer, table, serializer)
            if table.name == "service_area":
                _write_municipality_areas(writer, serializer.lang)
    package = {key: value for key, value in DATAPACKAGE.items() if key != "resources"}
    package["resources"] = resources
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")


def _write_rows(writer: csv.DictWriter[str], table: Table, serializer: Serializer) -> None:
    rows = table.model.objects.order_by("id").values(*table.db_columns)  # type: ignore[attr-defined]
    for row in rows.iterator(chunk_size=2000):
        writer.writerow(_cells(serializer.record(table, row)))


def _write_municipality_areas(writer: csv.DictWriter[str], lang: str) -> None:
    """The service_areas row naming each service's municipality, where no stored area names it already."""
    names = dict(Municipality.objects.values_list("code", f"name_{lang}"))
    stored = set(m.ServiceArea.objects.filter(uri__startswith="urn:ekatte:").values_list("service_id", "uri"))
    for sid, code in m.Service.objects.order_by("id").values_list("id", "municipality_id").iterator(chunk_size=2000):
        if (sid, f"urn:ekatte:{code}") in stored:
            continue
        writer.writerow(
            {
                "id": municipality_area_id(sid),
                "service_id": sid,
                "name": names.get(code, code),
                "uri": f"urn:ekatte:{code}",
            }
        )


def _cells(record: dict[str, Any]) -> dict[str, Any]:
    record.pop("translations", None)
    return {key: ("true" if value is True else "false" if value is False else value) for key, value in record.items()}
