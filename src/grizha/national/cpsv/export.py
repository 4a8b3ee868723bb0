"""The CPSV-AP 3.2 documents served and written: `/api/cpsv/` answers one municipality's, kept until the
catalogue changes; `grizha export-cpsv` writes one file per municipality and an index."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from grizha.catalog.versioning import changed_in_this_transaction, current_version
from grizha.national.cpsv import selectors, vocab
from grizha.national.cpsv.graph import catalogue_document, dataset_iri
from grizha.national.cpsv.literals import name_in
from grizha.territory.sites import current_base_url

CACHE_TIMEOUT = 24 * 3600
INDEX_FILE = "index.json"


def catalogue_json(code: str) -> bytes | None:
    """The document of a municipality as compact JSON, kept until the catalogue changes; None if there is no
    such municipality."""
    key = f"cpsv:{current_version()}:{current_base_url()}:{code}"
    if not changed_in_this_transaction() and (cached := cache.get(key)) is not None:
        return bytes(cached)
    found = selectors.catalogue(code)
    if found is None:
        return None
    body = json.dumps(catalogue_document(found), ensure_ascii=False, separators=(",", ":")).encode()
    if not changed_in_this_transaction():  # this transaction's own writes are for nobody else to see
        cache.set(key, body, CACHE_TIMEOUT)
    return body


@dataclass(frozen=True)
class Written:
    municipality: str
    file: str
    services: int


def export_catalogues(outdir: Path, codes: Sequence[str] | None = None) -> list[Written]:
    """Write `<CODE>.jsonld` for each municipality (default: each with an active service) and `index.json`,
    which lists them with the files of earlier runs still there. Raises OSError if OUTDIR cannot be written."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    index = {entry["municipality"]: entry for entry in _earlier_index(outdir)}
    for code in codes if codes is not None else selectors.municipalities_with_services():
        found = selectors.catalogue(code)
        if found is None:
            continue
        name = f"{code}.jsonld"
        _write(outdir / name, catalogue_document(found))
        written.append(Written(municipality=code, file=name, services=len(found.services)))
        index[code] = {
            "municipality": code,
            "name": {lang: name_in(found.municipality, lang) for lang in vocab.LANGUAGES},
            "file": name,
            "services": len(found.services),
            "dataset": dataset_iri(code),
            "generated_at": timezone.now().isoformat(),
        }
    catalogues = [index[code] for code in sorted(index)]
    _write(outdir / INDEX_FILE, {"profile": vocab.PROFILE, "catalogues": catalogues})
    return written


def _earlier_index(outdir: Path) -> list[dict[str, Any]]:
    """The entries of an index.json already in OUTDIR whose files are still there (a run for one
    municipality keeps the others listed)."""
    try:
        entries = json.loads((outdir / INDEX_FILE).read_text(encoding="utf-8"))["catalogues"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [
        entry
        for entry in entries
        if isinstance(entry, dict)
        and isinstance(entry.get("municipality"), str)
        and isinstance(entry.get("file"), str)
        and (outdir / Path(entry["file"]).name).is_file()
    ]


def _write(path: Path, data: Any) -> None:
    """Write whole or not at all: a reader never finds half a file."""
    part = path.with_name(f".{path.name}.part")
    with part.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    os.replace(part, path)
