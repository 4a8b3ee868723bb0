"""HSDS inputs read as a stream of top-level records: a JSON file (one object, a list, or a `Page`
envelope) or a CSV data package. Nothing is held whole: a file larger than memory can be read."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import ijson

from grizha.hsds.tables import NOT_MODELLED, TABLES, HsdsError

Progress = Callable[[int], None]


class _CountingFile:
    """A binary file that reports how far it has been read (for the progress bar)."""

    def __init__(self, raw: IO[bytes], progress: Progress | None) -> None:
        self.raw, self.progress = raw, progress

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        if self.progress:
            self.progress(len(chunk))
        return chunk


def json_records(path: Path, progress: Progress | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (where, object) for each top-level object of a JSON file."""
    with path.open("rb") as raw:
        first = raw.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        raw.seek(0)
        stream = _CountingFile(raw, progress)
        try:
            if first == b"[":
                for index, item in enumerate(ijson.items(stream, "item", use_float=True)):
                    yield f"item {index + 1}", _object(item, f"item {index + 1}")
                return
            if first != b"{":
                raise HsdsError(path.name, "JSON", "the file must hold a JSON object or a list of objects")
            found = False
            for index, item in enumerate(ijson.items(stream, "contents.item", use_float=True)):
                found = True
                yield f"contents item {index + 1}", _object(item, f"contents item {index + 1}")
            if found:
                return
            raw.seek(0)
            whole = json.load(raw, parse_float=float)
        except (ijson.JSONError, json.JSONDecodeError, UnicodeDecodeError) as error:
            raise HsdsError(path.name, "JSON", f"not valid JSON: {error}") from None
        if isinstance(whole, dict) and "contents" in whole:
            return  # an empty Page
        yield "object", _object(whole, "object")


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise HsdsError(where, "-", f"expected an object, got {type(value).__name__}")
    return value


def csv_tables(folder: Path) -> Iterator[tuple[str, str, int, dict[str, str]]]:
    """Yield (table, file name, row number, row) for every row of a CSV data package, parents first."""
    package_file = folder / "datapackage.json"
    if not package_file.exists():
        raise HsdsError(folder.name, "datapackage.json", "a CSV data package needs its datapackage.json")
    try:
        package = json.loads(package_file.read_text(encoding="utf-8"))
        paths = {r["name"]: r["path"] for r in package["resources"]}
    except (ValueError, KeyError, TypeError) as error:
        raise HsdsError("datapackage.json", "resources", f"not a data package: {error}") from None
    for name in [*TABLES, *NOT_MODELLED]:
        if name not in paths or not (folder / paths[name]).exists():
            continue
        with (folder / paths[name]).open(encoding="utf-8-sig", newline="") as file:
            reader = csv.DictReader(file)
            for number, row in enumerate(reader, start=2):
                if None in row:
                    raise HsdsError(f"{paths[name]} row {number}", "-", "the row has more cells than the header")
                yield name, paths[name], number, row
