"""Benchmark: the needs analysis (issue: with 5,000,000 need signals and 1,000,000 consultations in
PostgreSQL, the needs dashboard of one municipality for one year renders in at most 2 s, the national view
in at most 5 s; show how the time grows from 100,000 to 5,000,000 rows).

The approach measured: the dashboard never reads the raw tables. It reads a pre-aggregated cube
(analytics.DemandCell: counts by month, area and one dimension at a time, rolled up to the mayoralty, the
municipality and the country), rebuilt month by month by `demand_refresh`, which a periodic task runs; the
cube's unique index (area, target group, month, ...) is the one every dashboard query reads.

Each size gets a fresh database, migrated (the territory comes with the migrations), with the demo
municipality's catalog and offices and one central office for every other municipality. N need signals and
N/5 anonymous consultations are spread over 2025-01..2026-10 and over the country's settlements by
population (1 to 3 needs and target groups each), written by COPY on PostgreSQL. The full refresh is timed;
then the dashboard for 2026 of Sliven (the demo municipality) and of the whole country: the page
/staff/analytics/ through Django's test client as a national analyst when it exists, else the selector
`needs_analysis` alone; a warm-up, then 5 runs. The baseline, in the same run: requests by need and month
of the same area and year counted straight from the raw tables. Every run checks that the cube's figures
equal the raw tables' counts, and fails otherwise.

  python bench/analytics.py                           100,000, 1,000,000 and 5,000,000 signals, PostgreSQL
  python bench/analytics.py --sizes 100000,1000000    the sizes chosen
  python bench/analytics.py --smoke                   5,000 signals and 1,000 consultations on SQLite, in
                                                      well under a minute, for CI: checks that it runs and
                                                      that the cube agrees with the raw tables; the
                                                      targets are not judged
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from common import GRIZHA, IN_CI, drop_database, postgres_database

SIZES = [100_000, 1_000_000, 5_000_000]
SMOKE_SIZE = 5_000
TARGETS_MS = {"municipality": 2000.0, "country": 5000.0}
FIRST, AFTER = date(2025, 1, 1), date(2026, 11, 1)  # the data's months: 2025-01 to 2026-10
YEAR = 2026
RUNS = 5
SIGNAL = ["id", "created_at", "updated_at", "channel", "municipality_id", "settlement_id", "age_band", "needs"]
SIGNAL += ["target_groups", "services_offered", "eligible_count", "maybe_count"]
CONSULTATION = ["id", "created_at", "updated_at", "office_id", "specialist_id", "occurred_at", "channel"]
CONSULTATION += ["settlement_id", "needs", "target_groups", "outcome", "notes"]


# The settlements with people (EKATTE, municipality), their cumulative populations, each municipality's office
Places = tuple[list[tuple[str, str]], list[int], dict[str, Any]]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- in the probe's process (a fresh migrated database, Django set up) -------------------------------------


def aware(day: date) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def territory() -> Places:
    """The settlements with people (EKATTE, municipality), their cumulative populations for weighted
    choices, and each municipality's central office (one made for each municipality without)."""
    from grizha.territory.models import Municipality, Office, Settlement

    rows = Settlement.objects.filter(population__gt=0).order_by("ekatte")
    settlements = list(rows.values_list("ekatte", "municipality_id", "population"))
    biggest = {m: e for e, m, _n in sorted(settlements, key=lambda s: s[2] or 0)}  # the largest seen last
    central = Office.Kind.CENTRAL
    have = set(Office.objects.filter(kind=central).values_list("municipality_id", flat=True))
    Office.objects.bulk_create(
        Office(municipality_id=code, kind=central, name=f"Office {code}", settlement_id=centre, address="-")
        for code, centre in (
            (code, centre or biggest.get(code)) for code, centre in Municipality.objects.values_list("code", "centre")
        )
        if code not in have and centre
    )
    offices: dict[str, Any] = {}
    for office, municipality in Office.objects.filter(kind=central).order_by("name").values_list("id", "municipality"):
        offices.setdefault(municipality, office)
    cumulative, total = [], 0
    for _e, _m, population in settlements:
        total += population or 0
        cumulative.append(total)
    return [(e, m) for e, m, _n in settlements], cumulative, offices


def generate(count: int, seed: int, places: Places, make: Callable[..., tuple[Any, ...]]) -> Iterator[tuple]:
    """`count` rows in time order over the data's months, each in a settlement chosen by population:
    an id, created_at and updated_at, then what `make` returns (given the time, the place, needs and target
    groups). Everything read from the database is read here, before the rows are: they are written by a
    COPY that holds the connection."""
    import random
    import uuid

    from grizha.catalog import reference
    from grizha.catalog.models import TaxonomyTerm

    def codes(taxonomy: str) -> list[str]:
        terms = TaxonomyTerm.objects.filter(taxonomy__code=taxonomy).order_by("code")
        return list(terms.values_list("code", flat=True))

    rng = random.Random(seed)
    needs, groups = codes(reference.NEED), codes(reference.TARGET_GROUP)
    settlements, cumulative, _offices = places
    start = aware(FIRST)
    span = int((aware(AFTER) - start).total_seconds())
    offsets = sorted(rng.randrange(span) for _ in range(count))
    chosen = rng.choices(settlements, cum_weights=cumulative, k=count)

    def rows() -> Iterator[tuple]:
        for offset, (ekatte, municipality) in zip(offsets, chosen, strict=True):
            at = datetime.fromtimestamp(start.timestamp() + offset, start.tzinfo)
            asked = rng.sample(needs, rng.randint(1, 3)), rng.sample(groups, rng.randint(1, 3))
            yield (uuid.UUID(int=rng.getrandbits(128), version=4), at, at, *make(rng, at, ekatte, municipality, *asked))

    return rows()


def write(model: Any, columns: list[str], rows: Iterable[tuple]) -> None:
    """COPY on PostgreSQL; elsewhere bulk_create, then the generated created_at put back (auto_now_add
    stamps the time of writing)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([json.dumps(v) if isinstance(v, list) else v for v in row])
        return
    objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
    stamps = [o.created_at for o in objects]
    model.objects.bulk_create(objects, batch_size=1000)
    for o, stamp in zip(objects, stamps, strict=True):
        o.created_at = stamp
    model.objects.bulk_update(objects, ["created_at"], batch_size=500)


def populate(signals: int, consultations: int) -> None:
    """`signals` need signals and `consultations` anonymous consultations (at the central office of the
    person's municipality, by one specialist)."""
    from django.contrib.auth import get_user_model

    from grizha.casework.models import Consultation
    from grizha.screening.models import AGE_BANDS, NeedSignal

    bands = [label for label, _low, _high in AGE_BANDS]
    places = territory()
    offices = places[2]
    specialist = get_user_model().objects.create_user(username="bench-specialist", password=None, is_staff=True)

    def signal(rng: Any, at: datetime, ekatte: str, municipality: str, needs: list, groups: list) -> tuple:
        settlement = ekatte if rng.random() < 0.95 else None
        band = rng.choice(bands) if rng.random() < 0.9 else ""
        eligible, maybe = rng.randint(0, 8), rng.randint(0, 4)
        return rng.choice(NeedSignal.Channel.values), municipality, settlement, band, needs, groups, [], eligible, maybe

    def consultation(rng: Any, at: datetime, ekatte: str, municipality: str, needs: list, groups: list) -> tuple:
        settlement = ekatte if rng.random() < 0.9 else None
        channel = rng.choice(Consultation.Channel.values)
        return offices[municipality], specialist.pk, at, channel, settlement, needs, groups, "informed", ""

    started = time.monotonic()
    write(NeedSignal, SIGNAL, generate(signals, 1, places, signal))
    write(Consultation, CONSULTATION, generate(consultations, 2, places, consultation))
    log(f"  loaded {signals:,} need signals and {consultations:,} consultations in {time.monotonic() - started:.0f} s")


def raw_counts(area: str) -> tuple[Counter[tuple[str, str]], int]:
    """Requests by (month, need) of the area in the year, and how many requests, from the raw tables."""
    from django.db import connection
    from django.db.models.functions import TruncMonth

    from grizha.casework.models import Consultation
    from grizha.screening.models import NeedSignal

    start, end = aware(date(YEAR, 1, 1)), aware(date(YEAR + 1, 1, 1))
    signals = NeedSignal.objects.filter(created_at__gte=start, created_at__lt=end)
    consultations = Consultation.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    if area:
        signals = signals.filter(municipality_id=area)
        consultations = consultations.filter(office__municipality_id=area)
    expand = "jsonb_array_elements_text(r.needs) AS need(value)"
    if connection.vendor != "postgresql":
        expand = "json_each(r.needs) AS need"
    counts: Counter[tuple[str, str]] = Counter()
    with connection.cursor() as cursor:
        for rows, field in ((signals, "created_at"), (consultations, "occurred_at")):
            sql, params = rows.order_by().annotate(m=TruncMonth(field)).values("m", "needs").query.sql_with_params()
            query = f"SELECT r.m, need.value, count(*) FROM ({sql}) r, {expand} GROUP BY 1, 2"  # noqa: S608 (ORM's SQL)
            cursor.execute(query, params)
            for month, need, n in cursor.fetchall():
                counts[(str(month)[:7], need)] += n
    return counts, signals.count() + consultations.count()


def check_cube(area: str) -> int:
    """The cube's requests by need and month, and its total, equal the raw tables' counts; the total."""
    from django.db.models import Sum

    from grizha.analytics.models import EVERYONE, DemandCell, Dimension, Source

    cells = DemandCell.objects.filter(
        area=area, target_group=EVERYONE, month__year=YEAR, source__in=[Source.SCREENING, Source.CONSULTATION]
    )
    by_need = cells.filter(dimension=Dimension.NEED).values_list("month", "value").annotate(n=Sum("count"))
    cube = Counter({(f"{month:%Y-%m}", need): n for month, need, n in by_need.order_by()})
    total = cells.filter(dimension=Dimension.TOTAL).aggregate(n=Sum("count"))["n"] or 0
    raw, requests = raw_counts(area)
    if cube != raw or total != requests or not requests:
        differ = sorted(k for k in cube.keys() | raw.keys() if cube[k] != raw[k])[:5]
        raise SystemExit(f"area {area!r}: cube {total} requests, raw tables {requests}; differ at {differ}")
    return requests


def timed(call: Callable[[], Any]) -> list[float]:
    """Milliseconds of each of RUNS calls, after one to warm up."""
    call()
    took = []
    for _ in range(RUNS):
        start = time.perf_counter()
        call()
        took.append((time.perf_counter() - start) * 1000)
    return took


def probe(size: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment
    from django.urls import NoReverseMatch, reverse

    from grizha.accounts.roles import Role
    from grizha.accounts.testing import log_in, staff_member
    from grizha.analytics.models import DemandCell
    from grizha.analytics.selectors.demand import needs_analysis
    from grizha.analytics.selectors.filters import Filters
    from grizha.analytics.services.refresh import demand_refresh
    from grizha.demo.loader import load_demo

    load_demo()
    populate(size, size // 5)
    vacuum(connection)
    started = time.monotonic()
    refreshed = demand_refresh(full=True)
    refresh_s = time.monotonic() - started
    vacuum(connection, DemandCell._meta.db_table)
    cube_rows = DemandCell.objects.count()
    log(f"  refreshed {refreshed.months} months into {cube_rows:,} cube rows in {refresh_s:.1f} s")
    areas = {"municipality": settings.GRIZHA_MUNICIPALITY, "country": ""}
    try:
        url = reverse("staff-analytics")
    except NoReverseMatch:
        url = ""
    client = log_in(Client(HTTP_HOST="127.0.0.1"), staff_member(Role.NATIONAL_ANALYST)) if url else None

    def dashboard(area: str) -> tuple[Filters, int]:
        """The filters and the number of requests shown (the page's, when its context is recorded)."""
        filters = Filters(start=date(YEAR, 1, 1), end=date(YEAR, 12, 1), area=area)
        if client is None:
            return filters, needs_analysis(filters).total
        response = client.get(url, {"area": area, "start": f"{YEAR}-01", "end": f"{YEAR}-12"})
        if response.status_code != 200:
            raise SystemExit(f"{url}?area={area}: {response.status_code}")
        return (response.context["filters"], response.context["total"]) if response.context else (filters, -1)

    for area in areas.values():
        requests = check_cube(area)
        setup_test_environment()  # records the page's context; only for this check, it slows rendering
        try:
            shown = dashboard(area)
        finally:
            teardown_test_environment()
        expected = (Filters(start=date(YEAR, 1, 1), end=date(YEAR, 12, 1), area=area), requests)
        if shown != expected:
            raise SystemExit(f"the dashboard shows {shown}, not {expected}")

    return {
        "size": size,
        "vendor": connection.vendor,
        "measured": f"the page {url}" if url else "the selector needs_analysis (no page /staff/analytics/ yet)",
        "areas": areas,
        "refresh_s": refresh_s,
        "cube_rows": cube_rows,
        "dashboard": {name: timed(partial(dashboard, area)) for name, area in areas.items()},
        "raw": {name: timed(partial(raw_counts, area)) for name, area in areas.items()},
    }


def vacuum(connection: Any, table: str = "") -> None:
    """Planner statistics and visibility maps, as autovacuum would keep them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")


# --- the driver --------------------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def run(size: int, *, smoke: bool) -> dict[str, Any] | None:
    """Migrate a fresh database and probe it in a child process; None when PostgreSQL is not there."""
    work = Path(tempfile.mkdtemp(prefix="grizha-bench-analytics-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "grizha.config.settings", "GRIZHA_DATA_DIR": str(work)}
    env.pop("DATABASE_URL", None)
    database = None
    try:
        if not smoke:
            pg = postgres_database(env)
            if pg is None:
                return None
            database, env["DATABASE_URL"] = pg
        log(f"{size:,} need signals, {size // 5:,} consultations ({'SQLite' if smoke else 'PostgreSQL'})")
        subprocess.run([*GRIZHA, "migrate", "-v0"], env=env, check=True)
        command = [sys.executable, __file__, "--probe", "--sizes", str(size)]
        child = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True)
        if child.returncode:
            print(child.stdout[-4000:], file=sys.stderr)
            raise SystemExit(f"the probe of {size:,} failed")
        return json.loads(child.stdout.strip().splitlines()[-1])
    finally:
        if database:
            drop_database(database)
        shutil.rmtree(work, ignore_errors=True)


def report(found: dict[str, Any]) -> None:
    print(f"{found['size']:,} need signals, {found['size'] // 5:,} consultations ({found['vendor']}):")
    print(f"  refresh (full) {found['refresh_s']:.1f} s, {found['cube_rows']:,} cube rows; timed: {found['measured']}")
    for name, area in found["areas"].items():
        page, raw = median(found["dashboard"][name]), median(found["raw"][name])
        print(
            f"  {name} {area or '(the whole country)'} {YEAR}: dashboard {page:.0f} ms vs raw-table query "
            f"{raw:.0f} ms (raw / dashboard = {raw / page:.2g}); dashboard max {max(found['dashboard'][name]):.0f} ms"
        )


def table(results: list[dict[str, Any]]) -> None:
    print("\n     size | refresh s |  cube rows | municipality p50/max ms | country p50/max ms | raw mun./country ms")
    for r in results:
        page, raw = r["dashboard"], r["raw"]
        print(
            f"{r['size']:>9,} | {r['refresh_s']:>9.1f} | {r['cube_rows']:>10,} | "
            f"{median(page['municipality']):>11.0f} / {max(page['municipality']):<9.0f} | "
            f"{median(page['country']):>8.0f} / {max(page['country']):<7.0f} | "
            f"{median(raw['municipality']):.0f} / {median(raw['country']):.0f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="5,000 signals on SQLite; the targets not judged")
    parser.add_argument("--sizes", help="numbers of need signals, comma-separated (default 100000,1000000,5000000)")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [SMOKE_SIZE] if args.smoke else SIZES
    if args.probe:
        print(json.dumps(probe(sizes[0])))
        return 0
    results = []
    for size in sizes:
        found = run(size, smoke=args.smoke)
        if found is None:
            print("PostgreSQL is needed for the full-size figures (or run --smoke)", file=sys.stderr)
            return 1 if IN_CI else 2
        report(found)
        sys.stdout.flush()  # before the next size's progress on stderr
        results.append(found)
    table(results)
    if args.smoke:
        print("smoke: the cube agrees with the raw tables; targets not judged")
        return 0
    missed = [
        f"{r['size']:,} {name}: max {max(r['dashboard'][name]):.0f} ms > {target:.0f} ms"
        for r in results
        for name, target in TARGETS_MS.items()
        if max(r["dashboard"][name]) > target
    ]
    print("TARGET MISSED: " + "; ".join(missed) if missed else "targets met (municipality <= 2 s, country <= 5 s)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
