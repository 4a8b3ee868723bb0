"""`grizha import-iisda FILE [--municipality CODE] [--dry-run]`: the Register of administrative services
(IISDA) applied to the services and national descriptions with the same numbers, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from grizha.national.iisda import IisdaError, iisda_import, iisda_read


class Command(BaseCommand):
    help = "Import an IISDA file (the format of docs/iisda-import.md) into the catalog, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--municipality", help="EKATTE code: change only this municipality's services.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would change, and save nothing.")

    def handle(self, *args: Any, path: Path, municipality: str | None, dry_run: bool, **options: Any) -> None:
        try:
            records = iisda_read(path)
            report = iisda_import(
                records=records, municipality=municipality.upper() if municipality else None, dry_run=dry_run
            )
        except IisdaError as error:
            raise CommandError(_("%(error)s (nothing was imported)") % {"error": error}) from None
        for line in report.lines():
            self.stdout.write(line)
