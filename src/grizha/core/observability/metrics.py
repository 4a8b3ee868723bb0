"""Prometheus metrics, served at GET /metrics (grizha.core.views.metrics).

The server runs several worker processes (granian), so the counters and histograms use prometheus_client's
multiprocess mode: each process writes its values to files in PROMETHEUS_MULTIPROC_DIR (which the settings
set, before anything imports prometheus_client: by default a folder of GRIZHA_DATA_DIR/metrics for each
run of the server, see grizha.config.env.use_metrics_dir) and a scrape, in whichever process, adds them
up. The task queue and the register calls are read from the database at scrape time, so the worker
processes need not report them."""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from grizha.config import env
from grizha.core.ratelimit import client_ip

logger = logging.getLogger(__name__)

METRICS_DIR = Path(settings.GRIZHA_METRICS_DIR)


def _prepare(folder: Path) -> None:
    """Make the folder of this server run, and remove those of runs whose processes are all gone."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.environ.get(env.METRICS_DIR_MARK) != str(folder):
        return  # a folder the operator chose (PROMETHEUS_MULTIPROC_DIR): theirs to empty
    for other in folder.parent.iterdir():
        if other == folder or not other.name.isdigit():
            continue
        try:
            os.killpg(int(other.name), 0)
        except ProcessLookupError:
            shutil.rmtree(other, ignore_errors=True)
        except OSError:
            pass


_prepare(METRICS_DIR)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
UNMATCHED = "(unmatched)"
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

REQUESTS = Counter(
    "grizha_http_requests",
    "HTTP requests answered, by method, route name and status class",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "grizha_http_request_duration_seconds",
    "Time to answer an HTTP request, by route name",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
SERVER_ERRORS = Counter("grizha_http_server_errors", "HTTP responses with a 5xx status, by route name", ["route"])
EXCEPTIONS = Counter(
    "grizha_http_exceptions",
    "Exceptions no view handled (answered with a 500), by route name and class",
    ["route", "exception"],
)


def route_of(request: HttpRequest | None) -> str:
    """The name of the URL pattern the request resolved to (with its namespace), never the path itself,
    so that the number of series stays bounded."""
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else UNMATCHED


def count_request(*, method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method if method in METHODS else "other", route, f"{status // 100}xx").inc()
    LATENCY.labels(route).observe(seconds)
    if status >= 500:
        SERVER_ERRORS.labels(route).inc()


def count_exception(*, route: str, exception: str) -> None:
    EXCEPTIONS.labels(route, exception).inc()


class DatabaseCollector(Collector):
    """What the database knows at scrape time: the task queue by status, how long the oldest task that
    is due has waited, and the register calls by check and outcome."""

    def collect(self) -> Iterator[Metric]:
        from django.db import DatabaseError

        try:
            metrics = list(self._read())
        except DatabaseError:
            logger.warning("The metrics of the database could not be read", exc_info=True)
            return
        yield from metrics

    def _read(self) -> Iterator[Metric]:
        from django.db.models import Count, Min
        from django_tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult, get_date_max

        from grizha.registers.models import RegisterCall

        tasks = GaugeMetricFamily("grizha_tasks", "Tasks in the database queue, by status", labels=["status"])
        counts = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")).order_by())
        for status in TaskResultStatus:
            tasks.add_metric([status.value], counts.get(status.value, 0))
        yield tasks

        due = DBTaskResult.objects.ready()
        now = timezone.now()
        waiting_since = [
            due.filter(run_after=get_date_max()).aggregate(at=Min("enqueued_at"))["at"],
            due.exclude(run_after=get_date_max()).aggregate(at=Min("run_after"))["at"],
        ]
        oldest = min((at for at in waiting_since if at is not None), default=now)
        yield GaugeMetricFamily("grizha_tasks_due", "Tasks ready to run now", value=due.count())
        yield GaugeMetricFamily(
            "grizha_tasks_oldest_due_seconds",
            "How long the task due the longest has waited for a worker (0: none waits)",
            value=max((now - oldest) / timedelta(seconds=1), 0.0),
        )

        calls = CounterMetricFamily(
            "grizha_register_calls",
            "Register calls in the call log (RegiX), by check and outcome",
            labels=["check", "outcome"],
        )
        rows = RegisterCall.objects.values_list("check_name", "outcome").annotate(n=Count("id")).order_by()
        for check, outcome, n in rows:
            calls.add_metric([check, outcome], n)
        yield calls


# Headers a reverse proxy adds: with GRIZHA_TRUSTED_PROXIES at 0, a request that has one came through a
# proxy grizha was not told of, so its address (the proxy's, often the loopback) says nothing of the client.
FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def may_read(request: HttpRequest) -> bool:
    """Whether the request may read the metrics: the bearer of GRIZHA_METRICS_TOKEN, or a client at a
    loopback address or in one of GRIZHA_METRICS_ALLOW's networks."""
    token = settings.GRIZHA_METRICS_TOKEN
    scheme, _, offered = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(offered.strip().encode(), token.encode()):
        return True
    if not settings.GRIZHA_TRUSTED_PROXIES and any(header in request.META for header in FORWARDING_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback:
        return True
    return any(address in ipaddress.ip_network(network) for network in settings.GRIZHA_METRICS_ALLOW)


def exposition() -> bytes:
    """The metrics of every process of this server run and of the database, in the text format."""
    registry = CollectorRegistry(auto_describe=False)
    MultiProcessCollector(registry, path=str(METRICS_DIR))
    registry.register(DatabaseCollector())
    return generate_latest(registry)
