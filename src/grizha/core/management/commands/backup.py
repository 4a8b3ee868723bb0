"""`grizha backup OUTFILE`: the database, the uploaded documents and the other files that cannot be
made again, in one tar.gz archive (grizha.core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grizha.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the uploaded documents into one archive (tar.gz); safe while the site runs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("outfile", type=Path, help="the archive to write, e.g. grizha-2026-01-31.tar.gz")

    def handle(self, *args: Any, outfile: Path, **options: Any) -> None:
        try:
            manifest = backup_create(target=outfile)
        except BackupError as error:
            raise CommandError(f"Backup failed: {error}") from None
        self.stdout.write(
            f"Backed up grizha {manifest.grizha_version} ({manifest.vendor} database, "
            f"{len(manifest.migrations)} apps migrated) to {outfile.resolve()}"
        )
