"""Benchmark: the public service page served by `grizha serve --workers 2`, against a trivial view of
the same project (same settings and middleware, no database) served the same way in the same run.

Targets (issue 2): throughput at 32 connections >= 40% of the trivial view's; p99 <= 50 ms at 8
connections; at most 10 SQL queries per service page, whatever the number of places and steps.

  python bench/service_page.py              full size: 20 s per measurement
  python bench/service_page.py --smoke      a few seconds, for CI (checks that it runs, not the targets)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from common import GRIZHA, free_port, wait_for


def wrk(url: str, *, connections: int, seconds: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99_value, p99_unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    p99_ms = float(p99_value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99_unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} failed responses")
    return {"rps": rps, "p99_ms": p99_ms}


QUERY_PROBE = """
import django, json; django.setup()
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.db.models import Count
from grizha.catalog.models import Service
service = (Service.objects.filter(status="active")
           .annotate(n=Count("service_at_locations", distinct=True) + Count("access_steps", distinct=True))
           .order_by("-n").first())
client = Client(HTTP_HOST="127.0.0.1")
client.get("/")  # a process that has served a page before: per-process caches are warm
cache.clear()
with CaptureQueriesContext(connection) as queries:
    status = client.get(f"/services/{service.id}/").status_code
print(json.dumps({"id": str(service.id), "status": status, "queries": len(queries),
                  "places": service.service_at_locations.count(), "steps": service.access_steps.count()}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="run briefly; report figures, do not judge them")
    parser.add_argument("--seconds", type=int, default=None)
    args = parser.parse_args()
    seconds = args.seconds or (2 if args.smoke else 20)
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2

    data_dir = tempfile.mkdtemp(prefix="grizha-bench-")
    port = free_port()
    env = {
        **os.environ,
        "GRIZHA_DATA_DIR": data_dir,
        "GRIZHA_BENCH": "1",
        "DJANGO_SETTINGS_MODULE": "grizha.config.settings",
    }
    env.pop("DATABASE_URL", None)
    subprocess.run([*GRIZHA, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    probe = json.loads(
        subprocess.run([sys.executable, "-c", QUERY_PROBE], env=env, check=True, capture_output=True, text=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*GRIZHA, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"{base}/healthz")
        page = f"{base}/services/{probe['id']}/"
        trivial = f"{base}/bench/trivial"
        for url in (page, trivial):  # warm both workers' caches and connections
            wrk(url, connections=4, seconds=1)
        trivial_32 = wrk(trivial, connections=32, seconds=seconds)
        page_32 = wrk(page, connections=32, seconds=seconds)
        page_8 = wrk(page, connections=8, seconds=seconds)
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(data_dir, ignore_errors=True)

    ratio = page_32["rps"] / trivial_32["rps"]
    print(f"service page ({probe['places']} places, {probe['steps']} steps): {probe['queries']} SQL queries uncached")
    print(f"trivial view, 32 connections: {trivial_32['rps']:.0f} req/s")
    print(f"service page, 32 connections: {page_32['rps']:.0f} req/s = {ratio:.0%} of the trivial view (target >= 40%)")
    print(f"service page,  8 connections: p99 {page_8['p99_ms']:.1f} ms (target <= 50 ms)")
    met = ratio >= 0.40 and page_8["p99_ms"] <= 50 and probe["queries"] <= 10
    print("targets met" if met else "TARGETS MISSED")
    return 0 if (met or args.smoke) else 1


if __name__ == "__main__":
    sys.exit(main())
