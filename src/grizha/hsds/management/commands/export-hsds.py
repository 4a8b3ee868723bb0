"""`grizha export-hsds OUTDIR [--lang bg|en]`: the catalog as HSDS 3.0 JSON and a CSV data package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from grizha.hsds.export import export_catalog
from grizha.hsds.tables import DEFAULT_LANGUAGE, LANGUAGES


class Command(BaseCommand):
    help = "Write the catalog as HSDS 3.0: services.json, organizations.json, taxonomies, and csv/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("outdir", type=Path)
        parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help="Language of the texts.")

    def handle(self, *args: Any, outdir: Path, lang: str, **options: Any) -> None:
        counts = export_catalog(outdir, lang)
        summary = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items())
        self.stdout.write(f"Exported {summary} to {outdir} (and {outdir / 'csv'}).")
