"""`grizha regix-simulator --port N`: the RegiX simulator (see grizha.registers.simulator) over HTTP, for
demos, benchmarks and end-to-end tests that drive the real client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grizha.registers.simulator import serve


class Command(BaseCommand):
    help = "Serve the RegiX simulator: synthetic answers to the eight register checks, at any path."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, required=True)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--delay", type=float, default=0.0, help="Seconds each call takes (RegiX is slow).")
        parser.add_argument("--sign-key", type=Path, help="PEM private key to sign the answers asked for signed.")
        parser.add_argument("--sign-cert", type=Path, help="PEM certificate of --sign-key, put in the signatures.")

    def handle(
        self,
        *args: Any,
        host: str,
        port: int,
        delay: float,
        sign_key: Path | None,
        sign_cert: Path | None,
        **options: Any,
    ) -> None:
        if (sign_key is None) != (sign_cert is None):
            raise CommandError("--sign-key and --sign-cert go together: give both or neither")
        try:
            key = sign_key.read_bytes() if sign_key else None
            cert = sign_cert.read_bytes() if sign_cert else None
        except OSError as error:
            raise CommandError(f"cannot read the signing key or certificate: {error}") from error
        serve(host=host, port=port, delay=delay, signing_key=key, signing_cert=cert)
