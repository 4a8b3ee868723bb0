"""Keep the translation catalogs complete and compiled.

  python scripts/i18n.py update   extract messages (needs GNU gettext), fill English, compile .mo
  python scripts/i18n.py check    fail if a message is missing from a catalog, untranslated, fuzzy,
                                  or if a compiled .mo is out of date

Messages are written in English in the code; Bulgarian is translated in locale/bg, English is the
identity in locale/en so that both catalogs are complete.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "grizha"
LOCALE = PACKAGE / "locale"
LANGUAGES = ("bg", "en")


def _po(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def _read(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def extract(into: Path) -> None:
    """Run Django's makemessages for both languages with `into` as the package's locale folder."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "grizha.config.settings",
        "GRIZHA_DATA_DIR": tempfile.mkdtemp(prefix="grizha-i18n-"),
    }
    for domain in ("django",):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "django",
                "makemessages",
                "--no-location",
                "--no-obsolete",
                "--no-wrap",
                "-d",
                domain,
                *[f"-l{lang}" for lang in LANGUAGES],
                "--ignore",
                "tests/*",
                "--ignore",
                "*/tests/*",
                "--ignore",
                "migrations/*",
            ],
            cwd=into.parent,
            env=env,
            check=True,
            capture_output=True,
        )


def fill_english(catalog: Catalog) -> None:
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            message.string = tuple(message.id[min(i, 1)] for i in range(catalog.num_plurals))
        else:
            message.string = message.id
        message.flags.discard("fuzzy")


def compile_catalog(lang: str) -> None:
    catalog = _read(_po(lang))
    with (_po(lang).with_suffix(".mo")).open("wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)


def problems(lang: str) -> list[str]:
    found = []
    for message in _read(_po(lang)):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if not all(strings):
            found.append(f"{lang}: untranslated: {message.id!r}")
        if message.fuzzy:
            found.append(f"{lang}: fuzzy: {message.id!r}")
    return found


def update() -> None:
    extract(LOCALE)
    en = _read(_po("en"))
    fill_english(en)
    with _po("en").open("wb") as fh:
        write_po(fh, en, width=0, omit_header=False)
    for lang in LANGUAGES:
        compile_catalog(lang)
    for line in problems("bg"):
        print(line)


def check() -> int:
    errors = problems("bg") + problems("en")
    # Every message in the code must be in the catalogs: extract again into a scratch copy.
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "grizha"
        subprocess.run(["cp", "-r", str(PACKAGE), str(copy)], check=True)
        extract(copy / "locale")
        for lang in LANGUAGES:
            wanted = {
                m.id if not isinstance(m.id, list) else tuple(m.id)
                for m in _read(copy / "locale" / lang / "LC_MESSAGES" / "django.po")
                if m.id
            }
            have = {m.id if not isinstance(m.id, list) else tuple(m.id) for m in _read(_po(lang)) if m.id}
            errors += [
                f"{lang}: missing from the catalog (run scripts/i18n.py update): {m!r}"
                for m in sorted(wanted - have, key=str)
            ]
    for lang in LANGUAGES:
        fresh = io.BytesIO()
        write_mo(fresh, _read(_po(lang)), use_fuzzy=False)
        if fresh.getvalue() != _po(lang).with_suffix(".mo").read_bytes():
            errors.append(f"{lang}: django.mo is out of date (run scripts/i18n.py update)")
    for line in errors:
        print(line)
    print(f"i18n: {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    else:
        sys.exit(check())
