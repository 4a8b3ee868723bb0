"""grizha analytics-refresh: bring the figures of the needs analysis up to date now (a worker does it
every hour); with --full, rebuild every month from the start."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from grizha.analytics.services.refresh import demand_refresh


class Command(BaseCommand):
    help = "Bring the figures of the needs analysis up to date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="rebuild every month, not only the changed ones")

    def handle(self, *args: Any, full: bool = False, **options: Any) -> None:
        result = demand_refresh(full=full)
        self.stdout.write(f"{result.months} months, {result.cells} figures, {result.took_ms} ms")
