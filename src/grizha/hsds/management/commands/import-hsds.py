"""`grizha import-hsds PATH [--municipality CODE]`: HSDS 3.0 JSON or a CSV data package, upserted by id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from grizha.hsds.importer import Importer
from grizha.hsds.tables import DEFAULT_LANGUAGE, LANGUAGES, HsdsError

PROGRESS_FROM = 5 * 1024 * 1024  # bytes: smaller inputs import before a bar would be worth drawing


class Command(BaseCommand):
    help = "Import HSDS 3.0 data (a JSON file or a CSV data package folder), all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--municipality", help="EKATTE code of the municipality of every service in the input.")
        parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help="Language of the texts.")

    def handle(self, *args: Any, path: Path, municipality: str | None, lang: str, **options: Any) -> None:
        if not path.exists():
            raise CommandError(f"{path}: no such file or folder")
        size = path.stat().st_size if path.is_file() else 0
        with tqdm(
            total=size, unit="B", unit_scale=True, desc="Importing", disable=size < PROGRESS_FROM, file=self.stderr._out
        ) as bar:
            try:
                summary = Importer(municipality=municipality, lang=lang).run(path, progress=bar.update)
            except HsdsError as error:
                raise CommandError(f"{error} (nothing was imported)") from None
        for warning in summary.warnings:
            self.stderr.write(f"Warning: {warning}")
        self.stdout.write(f"Imported {path}:")
        for line in summary.lines():
            self.stdout.write(line)
