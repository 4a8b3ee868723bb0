"""Benchmark: printed documents of the demo catalog (issue 6): a single leaflet in at most 300 ms, the
booklet of the demo catalog in at most 10 s, peak memory at most 300 MB.

Everything is asked for over Django's request path (URL, view, store) in a fresh process on the demo
database (SQLite), with an empty store, so every document is made, not read back. Baselines from the
same run: for a leaflet, the same service's HTML page rendered uncached (the same selector and data);
for the booklet, the sum of its services' single leaflets; for memory, the process once Django has
started and served one page, before any PDF is made.

  python bench/paper.py            every service's leaflet in both languages (best of three each), the
                                   booklet three times
  python bench/paper.py --smoke    five leaflets and the booklet once, for CI (checks that it runs)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from common import GRIZHA

LEAFLET_MS = 300.0
BOOKLET_S = 10.0
PEAK_MB = 300.0

PROBE = """
import json, resource, shutil, sys, time
import django; django.setup()
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from grizha.catalog.models import Service

leaflets, booklets, repeats = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
client = Client(HTTP_HOST="127.0.0.1")

def mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def timed(path):
    cache.clear()
    shutil.rmtree(settings.GRIZHA_PAPER_DIR, ignore_errors=True)
    start = time.perf_counter()
    response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    took = time.perf_counter() - start
    assert response.status_code == 200, (path, response.status_code)
    return took, len(body)

ids = [str(i) for i in Service.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY, status="active")
       .order_by("name").values_list("id", flat=True)]
timed(f"/services/{ids[0]}/")  # warm: imports, templates, connections
base_mb = mb()
timed(f"/en/services/{ids[0]}/leaflet.pdf")  # warm: the font files
pages, leaflet, single = [], [], {}
for service_id in ids[:leaflets] if leaflets else ids:
    for prefix in ("", "/en") if not leaflets else ("",):
        pages.append(timed(f"{prefix}/services/{service_id}/")[0])
        took = min(timed(f"{prefix}/services/{service_id}/leaflet.pdf")[0] for _ in range(repeats))
        leaflet.append(took)
        if not prefix:
            single[service_id] = took
booklet = []
for _ in range(booklets):
    booklet.append(timed("/leaflets/booklet.pdf"))
large = timed("/leaflets/booklet.pdf?print=large")[0]
print(json.dumps({
    "services": len(ids), "page_s": pages, "leaflet_s": leaflet, "single_sum_s": sum(single.values()),
    "single_count": len(single), "booklet": booklet, "large_booklet_s": large,
    "base_mb": base_mb, "peak_mb": mb(),
}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="run briefly; report figures, do not judge them")
    args = parser.parse_args()
    leaflets, booklets, repeats = (5, 1, 1) if args.smoke else (0, 3, 3)

    data_dir = tempfile.mkdtemp(prefix="grizha-bench-paper-")
    env = {**os.environ, "GRIZHA_DATA_DIR": data_dir, "DJANGO_SETTINGS_MODULE": "grizha.config.settings"}
    env.pop("DATABASE_URL", None)
    try:
        subprocess.run([*GRIZHA, "demo", "--no-serve"], env=env, check=True, capture_output=True)
        out = subprocess.run(
            [sys.executable, "-c", PROBE, str(leaflets), str(booklets), str(repeats)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    r = json.loads(out.strip().splitlines()[-1])

    leaflet_ms = [s * 1000 for s in r["leaflet_s"]]
    page_ms = [s * 1000 for s in r["page_s"]]
    slowest, typical = max(leaflet_ms), statistics.median(leaflet_ms)
    page = statistics.median(page_ms)
    booklet_s = max(t for t, _size in r["booklet"])
    booklet_mb = max(size for _t, size in r["booklet"]) / 1e6
    single_sum = r["single_sum_s"] * r["services"] / max(r["single_count"], 1)
    print(f"demo catalog: {r['services']} active services; {len(leaflet_ms)} leaflets made")
    print(f"service page (HTML, uncached): median {page:.0f} ms (baseline)")
    print(
        f"leaflet (PDF, made anew, best of {repeats} per service): median {typical:.0f} ms = "
        f"{typical / page:.1f}x the page; slowest service {slowest:.0f} ms (target <= {LEAFLET_MS:.0f} ms)"
    )
    print(f"single leaflets of every service, one by one: {single_sum:.1f} s (baseline)")
    print(
        f"booklet (PDF, {booklet_mb:.1f} MB, made anew): {booklet_s:.2f} s = {booklet_s / single_sum:.2f}x the "
        f"single leaflets (target <= {BOOKLET_S:.0f} s); large print {r['large_booklet_s']:.2f} s"
    )
    print(
        f"peak memory: {r['peak_mb']:.0f} MB, {r['peak_mb'] / r['base_mb']:.2f}x the process before any PDF "
        f"({r['base_mb']:.0f} MB) (target <= {PEAK_MB:.0f} MB)"
    )
    met = slowest <= LEAFLET_MS and booklet_s <= BOOKLET_S and r["peak_mb"] <= PEAK_MB
    print("targets met" if met else "TARGETS MISSED")
    return 0 if (met or args.smoke) else 1


if __name__ == "__main__":
    sys.exit(main())
