"""`grizha export-cpsv OUTDIR [--municipality CODE]`: the catalogue as CPSV-AP 3.2 JSON-LD, one file per
municipality and an index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grizha.national.cpsv.export import INDEX_FILE, export_catalogues
from grizha.national.cpsv.selectors import municipality_exists


class Command(BaseCommand):
    help = (
        "Write the active services as CPSV-AP 3.2 JSON-LD: <CODE>.jsonld for each municipality that has any "
        f"(or only --municipality), and {INDEX_FILE} listing the files in the folder."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("outdir", type=Path, help="Folder to write to; made if missing.")
        parser.add_argument("--municipality", help="EKATTE code of one municipality, such as SLV20.")

    def handle(self, *args: Any, outdir: Path, municipality: str | None, **options: Any) -> None:
        codes = None
        if municipality is not None:
            code = municipality.strip().upper()
            if not municipality_exists(code):
                raise CommandError(f"No municipality has the EKATTE code {code!r}.")
            codes = [code]
        try:
            written = export_catalogues(outdir, codes)
        except OSError as error:
            raise CommandError(f"Cannot write to {outdir}: {error.strerror or error}.") from None
        services = sum(item.services for item in written)
        places = "1 municipality" if len(written) == 1 else f"{len(written)} municipalities"
        files = ", ".join(item.file for item in written[:3]) + (", ..." if len(written) > 3 else "")
        self.stdout.write(
            f"Exported {services} services of {places} to {outdir} ({files or 'no files'}; index in {INDEX_FILE})."
        )
