"""The `grizha` command: Django's management commands plus demo, serve and the data tools."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grizha.config.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "grizha"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
