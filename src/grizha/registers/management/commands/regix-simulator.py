"""`grizha regix-simulator --port N`: the RegiX simulator (see grizha.registers.simulator) over HTTP, for
demos, benchmarks and end-to-end tests that drive the real client."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from grizha.registers.simulator import serve


class Command(BaseCommand):
    help = "Serve the RegiX simulator: synthetic answers to the eight register checks, at any path."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, required=True)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--delay", type=float, default=0.0, help="Seconds each call takes (RegiX is slow).")

    def handle(self, *args: Any, host: str, port: int, delay: float, **options: Any) -> None:
        serve(host=host, port=port, delay=delay)
