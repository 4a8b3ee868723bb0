"""The health check answers as CONTRACTS section 1 says, and error pages speak the visitor's language."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(tmp_path: Path) -> None:
    # A real server process whose database is unreachable (nothing listens on port 9).
    code = (
        "import django, json; django.setup(); from django.test import Client;"
        "r = Client(HTTP_HOST='localhost').get('/healthz'); print(json.dumps([r.status_code, r.json()]))"
    )
    env = {
        **os.environ,
        "GRIZHA_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "grizha.config.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [503, {"status": "error", "database": "error"}]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "text"), [("", "bg", "Страницата не е намерена"), ("/en", "en", "Page not found")]
)
def test_unknown_page_is_a_helpful_404_in_the_visitors_language(
    client: Client, prefix: str, lang: str, text: str
) -> None:
    response = client.get(f"{prefix}/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert f'<html lang="{lang}">' in body
    assert text in body
