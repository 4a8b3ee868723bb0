"""Settings come from the environment as CONTRACTS section 1 says; checked in fresh processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = (
    "import json, django; from django.conf import settings; django.setup();"
    "print(json.dumps({'secret': settings.SECRET_KEY, 'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS,"
    "'engine': settings.DATABASES['default']['ENGINE'], 'base': settings.GRIZHA_BASE_URL,"
    "'municipality': settings.GRIZHA_MUNICIPALITY, 'ssl': getattr(settings, 'SECURE_SSL_REDIRECT', False)}))"
)


def _settings(tmp_path: Path, **env: str) -> dict[str, object]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "DEBUG",
            "ALLOWED_HOSTS",
            "GRIZHA_ALLOWED_HOSTS",
            "DATABASE_URL",
            "GRIZHA_BASE_URL",
            "GRIZHA_MUNICIPALITY",
            "GRIZHA_HTTPS",
        }
    }
    clean.update({"GRIZHA_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "grizha.config.settings", **env})
    out = subprocess.run([sys.executable, "-c", PROBE], env=clean, capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(out.stdout)
    return result


def test_secret_key_is_generated_once_into_the_data_folder(tmp_path: Path) -> None:
    first = _settings(tmp_path)
    second = _settings(tmp_path)
    assert first["secret"] == second["secret"]
    assert len(str(first["secret"])) >= 50
    assert (tmp_path / "secret_key").read_text().strip() == first["secret"]
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_secret_key_from_the_environment_wins(tmp_path: Path) -> None:
    assert _settings(tmp_path, SECRET_KEY="from-env")["secret"] == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_defaults_are_safe_and_local(tmp_path: Path) -> None:
    values = _settings(tmp_path)
    assert values["debug"] is False
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["base"] == "http://127.0.0.1:8000"
    assert values["municipality"] == "SLV20"
    assert {"localhost", "127.0.0.1", "::1"} <= set(values["hosts"])  # type: ignore[arg-type]


def test_environment_overrides(tmp_path: Path) -> None:
    values = _settings(
        tmp_path,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/grizha",
        GRIZHA_BASE_URL="https://social.example.bg/",
        GRIZHA_MUNICIPALITY="BGS04",
        GRIZHA_HTTPS="1",
        DEBUG="1",
    )
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["base"] == "https://social.example.bg"
    assert "social.example.bg" in values["hosts"]  # type: ignore[operator]
    assert values["municipality"] == "BGS04"
    assert values["ssl"] is True
    assert values["debug"] is True


def test_allowed_hosts_from_the_environment(tmp_path: Path) -> None:
    assert _settings(tmp_path, ALLOWED_HOSTS="a.example, b.example")["hosts"] == ["a.example", "b.example"]


def test_every_site_host_from_grizha_allowed_hosts(tmp_path: Path) -> None:
    hosts = _settings(tmp_path, GRIZHA_ALLOWED_HOSTS="sliven.example,bg.example", ALLOWED_HOSTS="old.example")["hosts"]
    assert hosts == ["sliven.example", "bg.example"]
