"""`grizha worker`: run background tasks from the database queue (every queue unless told otherwise)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from grizha.core.tasks import ensure_periodic


class Command(DatabaseWorkerCommand):
    help = "Run background tasks (PDF booklets, posters, ...) from the database queue. --batch stops when idle."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*")

    def handle(self, *args: Any, **options: Any) -> None:
        # Periodic tasks (referral reminders, ...) keep their next run in the queue; the first is put there here.
        ensure_periodic()
        super().handle(*args, **options)
