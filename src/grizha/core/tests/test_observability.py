"""Request ids, JSON log lines, liveness and readiness (grizha.core.observability)."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from grizha.core.observability import JsonFormatter, RequestIdFilter
from grizha.core.observability.sentry import scrub

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_log() -> Iterator[io.StringIO]:
    """The lines the request logger writes, as the settings write them with GRIZHA_LOG_FORMAT=json."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("grizha.request")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_each_log_line_is_a_json_object_with_the_request_id(client: Client, request_log: io.StringIO) -> None:
    response = client.get("/livez", HTTP_X_REQUEST_ID="req-42.a:b")
    (line,) = request_log.getvalue().splitlines()
    logged = json.loads(line)
    assert logged["request_id"] == "req-42.a:b" == response["X-Request-ID"]
    assert (logged["level"], logged["logger"]) == ("INFO", "grizha.request")
    assert logged["message"].startswith("GET livez 200")
    assert logged["time"].endswith("+00:00")


def test_a_request_without_an_id_gets_a_new_one_each_time(client: Client, request_log: io.StringIO) -> None:
    first, second = client.get("/livez")["X-Request-ID"], client.get("/livez")["X-Request-ID"]
    assert first != second and len(first) == 32
    assert [json.loads(line)["request_id"] for line in request_log.getvalue().splitlines()] == [first, second]


@pytest.mark.parametrize("bad", ["has space", "x" * 129, "<script>", "-leading-dash", "ид-на-заявка"])
def test_an_unsafe_incoming_request_id_is_replaced(client: Client, bad: str) -> None:
    given = client.get("/livez", HTTP_X_REQUEST_ID=bad)["X-Request-ID"]
    assert given != bad and len(given) == 32 and given.isalnum()


def test_a_logged_exception_carries_its_traceback_and_outside_a_request_no_id() -> None:
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError:
        record = logging.getLogger("grizha.test").makeRecord(
            "grizha.test", logging.ERROR, __file__, 1, "failed for %s", ("someone",), sys.exc_info()
        )
    RequestIdFilter().filter(record)
    logged = json.loads(JsonFormatter().format(record))
    assert logged["message"] == "failed for someone"
    assert logged["request_id"] == "-"
    assert "ZeroDivisionError" in logged["exception"] and "Traceback" in logged["exception"]


def _log_from_fresh_process(tmp_path: Path, log_format: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GRIZHA_DATA_DIR": str(tmp_path), "GRIZHA_LOG_FORMAT": log_format}
    env["DJANGO_SETTINGS_MODULE"] = "grizha.config.settings"
    code = "import django, logging; django.setup(); logging.getLogger('grizha.probe').warning('über %d', 1)"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)


def test_the_settings_write_json_lines_when_asked_and_text_by_default(tmp_path: Path) -> None:
    json_run = _log_from_fresh_process(tmp_path, "json")
    logged = json.loads(json_run.stderr.strip().splitlines()[-1])
    assert (logged["logger"], logged["level"], logged["message"], logged["request_id"]) == (
        "grizha.probe",
        "WARNING",
        "über 1",
        "-",
    )
    assert _log_from_fresh_process(tmp_path, "").stderr.strip().splitlines()[-1] == "über 1"
    refused = _log_from_fresh_process(tmp_path, "xml")
    assert refused.returncode != 0 and "GRIZHA_LOG_FORMAT must be text or json" in refused.stderr


def test_livez_answers_without_asking_the_database(client: Client, django_assert_num_queries: object) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        response = client.get("/livez")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_answers_ok_when_the_database_is_migrated_and_the_cache_answers(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok"},
        "failed": [],
    }


def test_readyz_answers_503_naming_the_migrations_when_one_is_not_applied(client: Client) -> None:
    last = MigrationRecorder.Migration.objects.filter(app="core").order_by("-applied", "-id").first()
    assert last is not None
    last.delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["migrations"]
    assert response.json()["checks"]["database"] == "ok"


def test_healthz_keeps_its_contract(client: Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}


def test_error_reports_leave_out_what_people_typed_and_who_they_are() -> None:
    event = {
        "request": {"url": "https://x/en/search/", "data": {"q": "Иван"}, "cookies": "s=1", "query_string": "q=Иван"},
        "user": {"ip_address": "203.0.113.5"},
        "message": "boom",
    }
    assert scrub(event, {}) == {"request": {"url": "https://x/en/search/"}, "message": "boom"}


def test_a_dsn_without_sentry_sdk_installed_says_what_to_do(tmp_path: Path) -> None:
    env = {**os.environ, "GRIZHA_DATA_DIR": str(tmp_path), "SENTRY_DSN": "https://key@sentry.example/1"}
    env["DJANGO_SETTINGS_MODULE"] = "grizha.config.settings"
    code = "import sys; sys.modules['sentry_sdk'] = None; import django; django.setup()"
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    assert "SENTRY_DSN is set but sentry-sdk is not installed" in run.stderr


def test_a_dsn_turns_error_reporting_on_without_personal_data(tmp_path: Path) -> None:
    pytest.importorskip("sentry_sdk")
    env = {**os.environ, "GRIZHA_DATA_DIR": str(tmp_path), "SENTRY_DSN": "https://key@sentry.example/1"}
    env["DJANGO_SETTINGS_MODULE"] = "grizha.config.settings"
    code = (
        "import json, django, sentry_sdk; django.setup(); o = sentry_sdk.get_client().options;"
        "print(json.dumps([o['dsn'], o['send_default_pii'], o['max_request_body_size'], o['release']]))"
    )
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    release = f"grizha@{version('grizha')}"
    assert json.loads(run.stdout) == ["https://key@sentry.example/1", False, "never", release]


def test_without_a_database_the_process_is_live_but_not_ready_and_still_has_metrics(tmp_path: Path) -> None:
    # A real server process whose database is unreachable (nothing listens on port 9).
    code = (
        "import django, json; django.setup(); from django.test import Client; c = Client(HTTP_HOST='localhost');"
        "answers = map(c.get, ['/livez', '/readyz', '/metrics']);"
        "print(json.dumps([[r.status_code, r.content.decode()] for r in answers]))"
    )
    env = {**os.environ, "GRIZHA_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "grizha.config.settings"}
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:9/none"
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, timeout=60)
    (live, live_body), (ready, ready_body), (metrics, metrics_body) = json.loads(run.stdout.strip().splitlines()[-1])
    assert (live, json.loads(live_body)) == (200, {"status": "ok"})
    assert ready == 503
    assert json.loads(ready_body)["failed"] == ["database", "migrations"]
    assert json.loads(ready_body)["checks"]["cache"] == "ok"
    assert metrics == 200
    assert 'grizha_http_requests_total{method="GET",route="readyz",status="5xx"} 1.0' in metrics_body
    assert "grizha_tasks" not in metrics_body
