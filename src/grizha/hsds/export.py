"""`grizha export-hsds`: the whole catalog as HSDS 3.0 JSON files and a CSV data package.

Services are read and written in batches, so memory stays flat however large the catalog is.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import shutil
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import translation

from grizha.catalog import models as m
from grizha.hsds.serialize import Serializer, municipality_area_id
from grizha.hsds.tables import DATAPACKAGE, TABLES, Table
from grizha.territory.models import Municipality

BATCH = 500


def export_catalog(outdir: Path, lang: str) -> dict[str, int]:
    """Write services.json, organizations.json, taxonomies.json, taxonomy_terms.json and csv/; return counts.

    The three parts are written by three processes at once when nothing holds a transaction open (the
    command): each opens its own database connection. Inside a transaction (tests), one after the other.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    parts = [outdir / f".services.{n}.part" for n in range(SERVICE_PARTS)]
    jobs: list[Callable[[Path, str], dict[str, int]]] = [
        partial(_write_services, part=n, path=path) for n, path in enumerate(parts)
    ]
    jobs += [_write_organizations, _write_csv]
    if connection.in_atomic_block or "fork" not in multiprocessing.get_all_start_methods():
        counts: dict[str, int] = {}
        for job in jobs:
            for name, count in job(outdir, lang).items():
                counts[name] = counts.get(name, 0) + count
    else:
        counts = _run_in_processes(jobs, outdir, lang)
    _join_parts(outdir / "services.json", parts)
    return counts


SERVICE_PARTS = 2  # the services are the bulk of an export: two processes write half each


def _run_in_processes(jobs: list[Any], outdir: Path, lang: str) -> dict[str, int]:
    connection.close()  # never share a connection with a forked process
    context = multiprocessing.get_context("fork")
    results: Any = context.Queue()
    helpers = [context.Process(target=_run_job, args=(job, outdir, lang, results)) for job in jobs[1:]]
    for helper in helpers:
        helper.start()
    counts = dict(jobs[0](outdir, lang))
    for _ in helpers:
        outcome, value = results.get()
        if outcome == "error":
            raise RuntimeError(f"export failed: {value}")
        for name, count in value.items():
            counts[name] = counts.get(name, 0) + count
    for helper in helpers:
        helper.join()
    return counts


def _join_parts(path: Path, parts: list[Path]) -> None:
    """services.json from the parts the processes wrote: a JSON list, one service per line."""
    with path.open("wb") as out:
        out.write(b"[")
        first = True
        for part in parts:
            if part.stat().st_size:
                out.write(b"\n" if first else b",\n")
                with part.open("rb") as source:
                    shutil.copyfileobj(source, out, 1 << 20)
                first = False
            part.unlink()
        out.write(b"\n]\n")


def _run_job(job: Any, outdir: Path, lang: str, results: Any) -> None:
    try:
        results.put(("ok", job(outdir, lang)))
    except Exception as error:
        results.put(("error", repr(error)))
    finally:
        connection.close()


def _write_services(outdir: Path, lang: str, *, part: int, path: Path) -> dict[str, int]:
    """One share of the services (every SERVICE_PARTS-th batch), as list items without the brackets."""
    serializer = Serializer(lang)
    with translation.override(lang):
        ids = list(m.Service.objects.order_by("name_bg", "id").values_list("id", flat=True))
        size = -(-len(ids) // SERVICE_PARTS)
        mine = ids[part * size : (part + 1) * size]
        with path.open("w", encoding="utf-8") as file:
            count = _write_items(file, _batched(mine, serializer.services))
        return {"services": count}


def _write_organizations(outdir: Path, lang: str) -> dict[str, int]:
    serializer = Serializer(lang)
    counts = {}
    with translation.override(lang):
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
    return counts


def _write_csv(outdir: Path, lang: str) -> dict[str, int]:
    with translation.override(lang):
        write_datapackage(outdir / "csv", Serializer(lang))
    return {}


def _batched(ids: list[Any], serialize: Any) -> Iterator[dict[str, Any]]:
    for start in range(0, len(ids), BATCH):
        yield from serialize(ids[start : start + BATCH])


def _write_list(path: Path, items: Iterator[dict[str, Any]]) -> int:
    with path.open("w", encoding="utf-8") as file:
        file.write("[\n")
        count = _write_items(file, items)
        file.write("\n]\n")
    return count


def _write_items(file: Any, items: Iterator[dict[str, Any]]) -> int:
    count = 0
    for item in items:
        if count:
            file.write(",\n")
        file.write(json.dumps(item, ensure_ascii=False))  # dumps: the C encoder; dump is pure Python
        count += 1
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
