"""Benchmark: how well search finds the right services, on the demo catalog (issue 4).

The queries of bench/data/search_queries.json are what people type: everyday words, Bulgarian in Latin
letters, misspellings, names, English, noise. Each lists the demo services a social worker would give for
it. For each query we take the first results of `search_services` and, in the same run, of a plain
baseline: SQLite FTS5 over the services' names and descriptions (both languages) with the default
unicode61 tokenizer, the query's words joined by OR, ranked by bm25.

recall@3: the share of a query's expected services among the first three (of at most three of them);
MRR: the mean of 1/rank of the first expected service in the first ten (0 when none is there).

Targets: recall@3 >= 0.9, MRR >= 0.8, and recall@3 at least twice the baseline's.

  python bench/search_quality.py           every query
  python bench/search_quality.py --smoke   every eighth query, for CI: checks that it runs, does not judge
  python bench/search_quality.py -v        also each query that missed, with what came first
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
from collections import defaultdict
from pathlib import Path
from typing import Any

from common import GRIZHA

QUERIES = Path(__file__).resolve().parent / "data" / "search_queries.json"
TARGET_RECALL, TARGET_MRR, TARGET_RATIO = 0.9, 0.8, 2.0
DEPTH = 10

PROBE = """
import json, re, sqlite3, sys, time, django; django.setup()
from grizha.catalog.models import Service
from grizha.demo.loader import demo_id
from grizha.search.selectors import search_services

queries = json.load(open(sys.argv[1], encoding="utf-8"))
active = Service.objects.filter(status="active")
plain = sqlite3.connect(":memory:")
plain.execute("CREATE VIRTUAL TABLE plain USING fts5(service_id UNINDEXED, name, description)")
plain.executemany("INSERT INTO plain VALUES (?, ?, ?)", [
    (str(s.id), f"{s.name_bg} {s.name_en}", f"{s.description_bg} {s.description_en}") for s in active])
keys = {str(demo_id("service", key)): key for q in queries for key in q["expected"]}
names = {str(s.id): s.name_bg for s in active}
results, took = [], []
for q in queries:
    start = time.perf_counter()
    ours = [str(sid) for sid, _ in search_services(q["query"], limit=%(depth)d)]
    took.append(time.perf_counter() - start)
    words = re.findall(r"\\w+", q["query"])
    match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
    base = [row[0] for row in plain.execute(
        "SELECT service_id FROM plain WHERE plain MATCH ? ORDER BY rank LIMIT %(depth)d", [match])] if words else []
    results.append({"ours": ours, "baseline": base})
print(json.dumps({"results": results, "ids": {k: v for v, k in keys.items()}, "names": names,
                  "services": len(names), "ms": sorted(t * 1000 for t in took)}))
"""


def recall_at_3(ranked: list[str], expected: list[str]) -> float:
    return len(set(ranked[:3]) & set(expected)) / min(3, len(expected))


def reciprocal_rank(ranked: list[str], expected: list[str]) -> float:
    return next((1 / (i + 1) for i, sid in enumerate(ranked[:DEPTH]) if sid in expected), 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="run on a subset; report figures, do not judge them")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the queries that missed")
    args = parser.parse_args()
    queries: list[dict[str, Any]] = json.loads(QUERIES.read_text(encoding="utf-8"))
    if args.smoke:
        queries = queries[::8]

    work = Path(tempfile.mkdtemp(prefix="grizha-bench-search-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "grizha.config.settings", "GRIZHA_DATA_DIR": str(work)}
    env.pop("DATABASE_URL", None)
    try:
        subprocess.run([*GRIZHA, "demo", "--no-serve"], env=env, check=True, capture_output=True)
        subset = work / "queries.json"
        subset.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        out = subprocess.run(
            [sys.executable, "-c", PROBE % {"depth": DEPTH}, str(subset)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        shutil.rmtree(work, ignore_errors=True)
    probe = json.loads(out.strip().splitlines()[-1])

    ids: dict[str, str] = probe["ids"]
    scores: dict[str, dict[str, list[float]]] = {"ours": defaultdict(list), "baseline": defaultdict(list)}
    misses = []
    for query, result in zip(queries, probe["results"], strict=True):
        expected = [ids[key] for key in query["expected"]]
        for system in ("ours", "baseline"):
            recall = recall_at_3(result[system], expected)
            scores[system]["recall"].append(recall)
            scores[system]["rr"].append(reciprocal_rank(result[system], expected))
            scores[system][query["kind"]].append(recall)
        if scores["ours"]["recall"][-1] < 1:
            misses.append((query["query"], [probe["names"].get(sid, sid)[:50] for sid in result["ours"][:3]]))

    def figures(system: str) -> tuple[float, float]:
        return statistics.fmean(scores[system]["recall"]), statistics.fmean(scores[system]["rr"])

    recall, mrr = figures("ours")
    base_recall, base_mrr = figures("baseline")
    ratio = recall / base_recall if base_recall else float("inf")
    kinds = sorted({q["kind"] for q in queries})
    ms = probe["ms"]
    print(f"query set: {len(queries)} queries, demo catalog of {probe['services']} active services (SQLite)")
    print(
        f"our search: recall@3 {recall:.2f}, MRR {mrr:.2f} "
        f"[targets: recall@3 >= {TARGET_RECALL}, MRR >= {TARGET_MRR}]; median {statistics.median(ms):.1f} ms a query"
    )
    print(
        f"baseline (FTS5 unicode61, name and description, words OR'ed): recall@3 {base_recall:.2f}, MRR {base_mrr:.2f}"
    )
    print(f"recall@3 = {ratio:.1f}x the baseline's [target >= {TARGET_RATIO:.0f}x]")
    print(
        "recall@3 by kind (ours / baseline): "
        + ", ".join(
            f"{kind} {statistics.fmean(scores['ours'][kind]):.2f} / {statistics.fmean(scores['baseline'][kind]):.2f}"
            f" ({len(scores['ours'][kind])})"
            for kind in kinds
        )
    )
    if args.verbose:
        for text, first in misses:
            print(f"  missed: {text!r} -> {first}")
    met = recall >= TARGET_RECALL and mrr >= TARGET_MRR and ratio >= TARGET_RATIO
    if args.smoke:
        print("smoke run on a subset: figures not judged")
        return 0
    print("targets met" if met else "TARGETS MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
