"""`grizha restore FILE [--yes]`: put back an archive made by `grizha backup`, then migrate
(grizha.core.backup). Stop the web and worker processes first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grizha.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded documents from an archive made by `grizha backup`, then migrate. "
        "Stop the web and worker processes first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="an archive made by `grizha backup`")
        parser.add_argument(
            "--yes", action="store_true", help="replace a database that has data (everything in it is lost)"
        )

    def handle(self, *args: Any, file: Path, yes: bool, **options: Any) -> None:
        try:
            manifest = backup_restore(source=file, replace=yes, stdout=self.stdout)
        except BackupError as error:
            raise CommandError(f"Nothing was restored: {error}") from None
        self.stdout.write(
            f"Restored the backup of {manifest.created_at} (grizha {manifest.grizha_version}); "
            "the database is migrated to this version."
        )
