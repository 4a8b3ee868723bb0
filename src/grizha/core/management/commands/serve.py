"""`grizha serve`: the configured database behind the production server."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from grizha.core.server import exec_server


class Command(BaseCommand):
    help = "Serve grizha with the production server (granian, WSGI)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        exec_server(host=host, port=port, workers=workers)
