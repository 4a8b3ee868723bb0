"""grizha registry-lookup: ask the national registers about one person through RegiX (CONTRACTS section 6)."""

from __future__ import annotations

import getpass
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from grizha.core.identifiers import clean_digits, unlabelled_identifier_kind
from grizha.registers.client import default_client
from grizha.registers.contract import CHECKS
from grizha.registers.models import RegisterCall
from grizha.registers.services import call_context, registry_lookup
from grizha.registers.soap import ERROR

INVALID = 2
REGISTER_ERROR = 3


class Command(BaseCommand):
    help = "Ask the national registers (RegiX) about a person: one call per check, printed as one JSON object."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--egn", required=True, help="the person's EGN or LNCh")
        parser.add_argument("--check", action="append", required=True, choices=CHECKS, dest="checks")
        parser.add_argument("--reason", required=True, help="the legal basis of the lookup")

    def handle(self, *args: Any, egn: str, checks: list[str], reason: str, **options: Any) -> None:
        identifier = clean_digits(egn)
        if unlabelled_identifier_kind(identifier) is None:
            self._refuse(f"{egn!r} is not a valid EGN or LNCh: check its ten digits (the date and the check digit)")
        if not reason.strip():
            self._refuse("--reason is empty: give the legal basis for asking the registers")
        context = call_context(law_reason=reason, responsible_person=f"grizha registry-lookup ({getpass.getuser()})")
        if RegisterCall._meta.db_table in connection.introspection.table_names():
            answers = registry_lookup(identifier=identifier, checks=checks, context=context)
        else:  # a database not set up yet: ask all the same, and say that the calls could not be logged
            self.stderr.write("The register calls are not logged: the database is not set up (run `grizha migrate`).")
            answers = default_client().lookup(identifier, checks, context)
        printed = {
            check: {"status": timed.answer.status, "data": timed.answer.data, "error": timed.answer.error}
            for check, timed in answers.items()
        }
        self.stdout.write(json.dumps(printed, ensure_ascii=False, indent=2))
        if any(timed.answer.status == ERROR for timed in answers.values()):
            sys.exit(REGISTER_ERROR)

    def _refuse(self, message: str) -> None:
        self.stderr.write(message)
        sys.exit(INVALID)
