"""Benchmark: HSDS import, export and API on a synthetic national catalog.

The catalog is bench/common.py's national_catalog: the demo municipality's services copied to every one
of the 265 municipalities.

Targets (issue 3): import <= 60 s on SQLite and on PostgreSQL with peak memory < 500 MB; export <= 30 s;
GET /api/hsds/services?per_page=50 p95 <= 50 ms. Each figure is printed with a baseline from the same run:
reading the file without a database (import), writing the same JSON without a database (export), and
/healthz served the same way (API).

  python bench/hsds.py                 20,000 services (takes a few minutes)
  python bench/hsds.py --size 5000     another size
  python bench/hsds.py --smoke         300 services in 4 municipalities, for CI: checks that it runs
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import ijson
from common import GRIZHA, drop_database, free_port, national_catalog, postgres_database, wait_for

MEASURED = """
import resource, subprocess, sys, time
start = time.perf_counter()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
took = time.perf_counter() - start
sys.stderr.write(result.stderr)
print(result.stdout, end="")
print(f"bench: {took:.3f} s, peak {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} kB")
sys.exit(result.returncode)
"""


def run(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run a command; its wall time, the peak memory of it and its processes (kB), and its output."""
    result = subprocess.run(
        [sys.executable, "-c", MEASURED, *command], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    seconds, peak = re.search(r"bench: ([\d.]+) s, peak (\d+) kB", result.stdout).groups()  # type: ignore[union-attr]
    return float(seconds), int(peak), result.stdout


def parse_only(path: Path) -> float:
    start = time.perf_counter()
    with path.open("rb") as file:
        for _ in ijson.items(file, "item", use_float=True):
            pass
    return time.perf_counter() - start


def dumps_only(path: Path) -> float:
    """Writing the services of `path` as JSON again, without a database: the floor of an export."""
    with path.open("rb") as file:
        services = list(ijson.items(file, "item", use_float=True))
    start = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as out:
        for service in services:
            out.write(json.dumps(service, ensure_ascii=False, default=float))
    return time.perf_counter() - start


def latency(url: str, requests: int) -> tuple[float, float]:
    times = []
    for number in range(requests):
        start = time.perf_counter()
        with urllib.request.urlopen(url.format(page=number % 400 + 1), timeout=10) as response:
            response.read()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[max(0, int(len(times) * 0.95) - 1)], statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="run small; report figures, do not judge them")
    parser.add_argument("--size", type=int, default=None, help="number of services (default 20000)")
    parser.add_argument("--requests", type=int, default=None, help="API requests to time (default 300)")
    args = parser.parse_args()
    size = args.size or (300 if args.smoke else 20_000)
    requests = args.requests or (40 if args.smoke else 300)

    work = Path(tempfile.mkdtemp(prefix="grizha-bench-hsds-"))
    base_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "grizha.config.settings"}
    base_env.pop("DATABASE_URL", None)
    results: dict[str, float] = {}
    try:
        catalog = work / "catalog.json"
        municipalities = national_catalog(catalog, work, size, base_env, smoke=args.smoke)
        megabytes = catalog.stat().st_size / 1e6
        print(f"synthetic catalog: {size} services in {len(municipalities)} municipalities, {megabytes:.0f} MB")
        parse_seconds = parse_only(catalog)
        print(f"baseline: reading the file without a database takes {parse_seconds:.1f} s")

        sqlite_env = {**base_env, "GRIZHA_DATA_DIR": str(work / "sqlite")}
        targets = [("SQLite", sqlite_env, None)]
        pg = postgres_database(base_env)
        if pg:
            targets.append(
                ("PostgreSQL", {**sqlite_env, "GRIZHA_DATA_DIR": str(work / "pg"), "DATABASE_URL": pg[1]}, pg[0])
            )
        try:
            for label, env, _ in targets:
                subprocess.run([*GRIZHA, "migrate", "-v0"], env=env, check=True)
                seconds, peak, output = run([*GRIZHA, "import-hsds", str(catalog)], env)
                total = next(line for line in output.splitlines() if line.startswith("Total:"))
                results[f"import {label}"] = seconds
                results[f"peak {label}"] = peak / 1024
                print(
                    f"import ({label}): {size} services in {seconds:.1f} s ({size / seconds:.0f}/s, "
                    f"{seconds / parse_seconds:.1f}x reading alone), peak {peak / 1024:.0f} MB "
                    f"[target <= 60 s, < 500 MB] — {total}"
                )
                again, _, output = run([*GRIZHA, "import-hsds", str(catalog)], env)
                total = next(line for line in output.splitlines() if line.startswith("Total:"))
                if " 0 created, 0 updated," not in total + ",":
                    raise RuntimeError(f"a second import wrote something: {total}")
                print(f"import again ({label}): {again:.1f} s, nothing written — {total}")
        finally:
            for _, _, database in targets:
                if database:
                    drop_database(database)

        seconds, peak, _ = run([*GRIZHA, "export-hsds", str(work / "export")], sqlite_env)
        floor = dumps_only(catalog)
        results["export"] = seconds
        print(
            f"export (SQLite): {size} services in {seconds:.1f} s, peak {peak / 1024:.0f} MB "
            f"({seconds / floor:.1f}x writing the same JSON without a database, {floor:.1f} s) [target <= 30 s]"
        )

        port = free_port()
        server = subprocess.Popen(
            [*GRIZHA, "serve", "--port", str(port), "--workers", "2"],
            env=sqlite_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/healthz")
            latency(base + "/api/hsds/services?per_page=50&page={page}", 20)  # warm both workers
            health_p95, _ = latency(base + "/healthz", requests)
            p95, median = latency(base + "/api/hsds/services?per_page=50&page={page}", requests)
        finally:
            server.terminate()
            server.wait(timeout=20)
        results["api p95"] = p95
        print(
            f"GET /api/hsds/services?per_page=50: p95 {p95:.1f} ms, median {median:.1f} ms over {requests} requests "
            f"({p95 / health_p95:.1f}x /healthz at p95 {health_p95:.1f} ms) [target <= 50 ms]"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    met = (
        all(value <= 60 for key, value in results.items() if key.startswith("import"))
        and all(value < 500 for key, value in results.items() if key.startswith("peak"))
        and results["export"] <= 30
        and results["api p95"] <= 50
    )
    print("targets met" if met else "TARGETS MISSED")
    return 0 if (met or args.smoke) else 1


if __name__ == "__main__":
    sys.exit(main())
