"""Running the production server (granian, WSGI) for `grizha serve` and `grizha demo`."""

from __future__ import annotations

import os
import sys


def granian_command(*, host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        "1",
        "--no-ws",
        "--respawn-failed-workers",
        "grizha.config.wsgi:application",
    ]


def exec_server(*, host: str, port: int, workers: int) -> None:
    """Replace this process by the server, so that signals reach it directly."""
    env = dict(os.environ)
    env["DEBUG"] = ""
    env.setdefault("DJANGO_SETTINGS_MODULE", "grizha.config.settings")
    command = granian_command(host=host, port=port, workers=workers)
    sys.stdout.flush()
    os.execvpe(command[0], command, env)  # noqa: S606 - our own interpreter and arguments
