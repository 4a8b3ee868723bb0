"""`grizha demo`: migrate, load the demo municipality, print the accounts, and serve."""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from grizha.analytics.services.refresh import demand_refresh
from grizha.core.server import exec_server
from grizha.demo.accounts import ensure_demo_accounts
from grizha.demo.applications import ensure_demo_applications
from grizha.demo.appointments import ensure_demo_slots
from grizha.demo.casework import ensure_demo_casework
from grizha.demo.loader import load_demo
from grizha.demo.training import ensure_demo_training


class Command(BaseCommand):
    help = "Start the demo municipality: migrate, load demo data (idempotently), print accounts, serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Load the demo data and stop.")

    def handle(self, *args: Any, host: str, port: int, no_serve: bool, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        report = load_demo()
        accounts = ensure_demo_accounts()
        # The front office's work in progress, and times to book, so that its pages are not empty.
        ensure_demo_casework()
        ensure_demo_slots()
        ensure_demo_applications()
        ensure_demo_training()
        # The analytics pages read counted figures: count what the demo holds now (a worker does it hourly).
        demand_refresh()
        base_url = os.environ.get("GRIZHA_BASE_URL") or f"http://{host}:{port}"
        os.environ["GRIZHA_BASE_URL"] = base_url
        # Background tasks (booklets, posters) run in a thread of the server: nothing else to start.
        os.environ["GRIZHA_TASKS_IN_PROCESS"] = "1"
        self.stdout.write(f"Demo data: {report.total} records added.")
        self.stdout.write(f"URL: {base_url}")
        for account in accounts:
            self.stdout.write(
                f"Account: {account.username} / {account.password} / {account.token} / {account.role_label}"
            )
        if no_serve:
            return
        self.stdout.flush()
        exec_server(host=host, port=port, workers=1)
