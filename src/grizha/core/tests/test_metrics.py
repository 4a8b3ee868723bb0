"""GET /metrics (grizha.core.observability.metrics): requests by route name, errors, the task queue and the
register calls, added up over the server's processes; only for the loopback, allowed networks and the token."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import path
from prometheus_client.parser import text_string_to_metric_families

from grizha.config import env
from grizha.core import views
from grizha.core.tasks import background
from grizha.registers.client import RegixClient
from grizha.registers.services import call_context, registry_lookup
from grizha.registers.simulator import SPECIAL, make_application

pytestmark = pytest.mark.django_db

PERSON = "8506251243"


@background()
def noted(value: int) -> int:
    return value


def boom(request: object) -> None:
    raise RuntimeError("a view that fails")


# The URLs of test_an_unhandled_exception_is_counted_as_an_error (pytest.mark.urls).
urlpatterns = [path("boom", boom, name="boom"), path("metrics", views.metrics, name="metrics")]


def scrape(client: Client, **headers: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_a_request_is_counted_under_its_route_name_and_status_class(client: Client) -> None:
    before = scrape(client)
    assert client.get("/en/display/").status_code == 200
    assert client.get("/no/such/page/").status_code == 404
    after = scrape(client)
    requests = "grizha_http_requests_total"
    assert value(after, requests, method="GET", route="display", status="2xx") == (
        value(before, requests, method="GET", route="display", status="2xx") + 1
    )
    assert value(after, requests, method="GET", route="(unmatched)", status="4xx") == (
        value(before, requests, method="GET", route="(unmatched)", status="4xx") + 1
    )
    latency = "grizha_http_request_duration_seconds_count"
    assert value(after, latency, route="display") == value(before, latency, route="display") + 1
    assert value(after, requests, method="GET", route="metrics", status="2xx") >= 1  # the first scrape
    assert not any("no/such" in str(labels) for _name, labels in after)


@pytest.mark.urls(__name__)
def test_an_unhandled_exception_is_counted_as_an_error() -> None:
    client = Client(raise_request_exception=False)
    before = scrape(client)
    assert client.get("/boom").status_code == 500
    after = scrape(client)
    assert value(after, "grizha_http_exceptions_total", route="boom", exception="RuntimeError") == (
        value(before, "grizha_http_exceptions_total", route="boom", exception="RuntimeError") + 1
    )
    assert value(after, "grizha_http_server_errors_total", route="boom") == (
        value(before, "grizha_http_server_errors_total", route="boom") + 1
    )


def test_the_queue_depth_is_read_from_the_task_table(client: Client) -> None:
    before = scrape(client)
    noted.enqueue(1)
    noted.enqueue(2)
    after = scrape(client)
    assert value(after, "grizha_tasks", status="READY") == value(before, "grizha_tasks", status="READY") + 2
    assert value(after, "grizha_tasks_due") == value(before, "grizha_tasks_due") + 2
    assert value(after, "grizha_tasks", status="FAILED") == value(before, "grizha_tasks", status="FAILED")
    assert value(after, "grizha_tasks_oldest_due_seconds") >= 0


def test_register_calls_are_counted_by_check_and_outcome(client: Client) -> None:
    regix = RegixClient(transport=httpx.WSGITransport(app=make_application()), timeout=10)
    context = call_context(law_reason="чл. 40, ал. 1 от Закона за социалните услуги", responsible_person="tests")
    before = scrape(client)
    registry_lookup(identifier=PERSON, checks=["person", "pension"], context=context, client=regix)
    registry_lookup(identifier=SPECIAL["not-found"], checks=["person"], context=context, client=regix)
    registry_lookup(identifier=SPECIAL["access-denied"], checks=["person"], context=context, client=regix)
    after = scrape(client)
    calls = "grizha_register_calls_total"
    for outcome in ("ok", "not-found", "error"):
        assert value(after, calls, check="person", outcome=outcome) == (
            value(before, calls, check="person", outcome=outcome) + 1
        )
    pension = sum(value(after, calls, check="pension", outcome=o) for o in ("ok", "not-found", "error"))
    assert pension == 1


def test_the_requests_of_another_process_of_the_server_are_added_up(client: Client) -> None:
    """Granian serves with several processes: each writes its counts, a scrape in any of them adds them up."""
    before = scrape(client)
    worker_env = {k: v for k, v in os.environ.items() if k != env.METRICS_DIR_MARK}
    worker_env.update(PROMETHEUS_MULTIPROC_DIR=str(settings.GRIZHA_METRICS_DIR))
    worker_env["DJANGO_SETTINGS_MODULE"] = "grizha.config.settings"
    code = (
        "import django; django.setup(); from grizha.core.observability import metrics;"
        "[metrics.count_request(method='GET', route='elsewhere', status=200, seconds=0.01) for _ in range(3)]"
    )
    subprocess.run([sys.executable, "-c", code], env=worker_env, check=True, timeout=60)
    after = scrape(client)
    requests = "grizha_http_requests_total"
    assert value(after, requests, method="GET", route="elsewhere", status="2xx") == (
        value(before, requests, method="GET", route="elsewhere", status="2xx") + 3
    )


def test_metrics_are_refused_from_an_address_not_allowed(client: Client) -> None:
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.5").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200
    with override_settings(GRIZHA_METRICS_ALLOW=["203.0.113.0/24"]):
        assert client.get("/metrics", REMOTE_ADDR="203.0.113.5").status_code == 200
        assert client.get("/metrics", REMOTE_ADDR="198.51.100.7").status_code == 404


def test_a_loopback_request_through_a_proxy_grizha_does_not_know_is_refused(client: Client) -> None:
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 404
    with override_settings(GRIZHA_TRUSTED_PROXIES=1):
        assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 404
        assert client.get("/metrics", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 200


@override_settings(GRIZHA_METRICS_TOKEN="a-long-random-token")
def test_metrics_are_given_to_the_bearer_of_the_token(client: Client) -> None:
    outside = {"REMOTE_ADDR": "203.0.113.5"}
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer a-long-random-token", **outside).status_code == 200
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong", **outside).status_code == 404
    assert client.get("/metrics", **outside).status_code == 404
