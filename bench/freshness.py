"""Benchmark: the national dashboard of freshness and completeness (issue 14) on a national catalog.

The catalog is bench/common.py's national_catalog (the demo municipality's services copied to every one of the
265 municipalities), imported into SQLite, and into PostgreSQL when it is there. The services are then given
problems in known shares: never verified, verified long ago, no English, no easy-read text, no IISDA number,
and organizations without a description (which makes their services' HSDS invalid).

Measured, in a process of its own per database:
- the periodic HSDS check (national.services.hsds_checks_refresh): first, when every record is validated; then
  again after one service changed, when only that record is;
- the dashboard: the page /staff/national/ as a national analyst (Django's test client), and its figures alone
  (national.freshness.municipality_figures: one grouped query); a warm-up, then the median of 5 runs;
- one municipality's list of services with problems (service_problems, HSDS checked as it is read).

The baseline, in the same run: the same figures computed per service in Python (each active service read,
then its access-route attributes and its stored check asked for one by one). The run fails unless the
baseline and the dashboard agree on every figure of every municipality.

  python bench/freshness.py            20,000 services in 265 municipalities
  python bench/freshness.py --size N   another size
  python bench/freshness.py --smoke    300 services in 4 municipalities, for CI: checks that it runs
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from common import national_databases

TARGET_PAGE_MS = 1000.0  # the national dashboard at 20,000 services
RUNS = 5


def median_ms(run: Callable[[], Any], runs: int = RUNS) -> float:
    run()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)[len(times) // 2]


# --- in the probe's process (a database with the national catalog, Django set up) -------------------------


def give_problems() -> dict[str, int]:
    """Problems in known shares, by each active service's place in id order."""
    from datetime import timedelta

    from django.db.models import Q
    from django.utils import timezone

    from grizha.catalog.models import Organization, Service

    today = timezone.localdate()
    ids = list(Service.objects.filter(status="active").order_by("id").values_list("id", flat=True))

    def update(pick: Callable[[int], bool], **values: Any) -> int:
        chosen = [sid for n, sid in enumerate(ids) if pick(n)]
        for start in range(0, len(chosen), 500):
            Service.objects.filter(id__in=chosen[start : start + 500]).update(**values)
        return len(chosen)

    for age in range(0, 150, 10):  # recently verified, at ages up to five months
        update(lambda n, age=age: n % 15 == age // 10, assured_date=today - timedelta(days=age))
    made = {
        "never verified": update(lambda n: n % 7 == 0, assured_date=None),
        "verified long ago": update(lambda n: n % 7 == 1, assured_date=today - timedelta(days=400)),
        "no English": update(lambda n: n % 11 == 0, name_en="", description_en=""),
        "no easy-read": update(lambda n: n % 13 == 0, easy_read_bg="", easy_read_en=""),
    }
    update(lambda n: True, iisda_number="")
    made["with an IISDA number"] = update(lambda n: n % 19 == 0, iisda_number="2004")
    organizations = list(Organization.objects.order_by("id").values_list("id", flat=True))[::10]
    made["organizations without a description"] = Organization.objects.filter(id__in=organizations).update(
        description="", description_bg="", description_en=""
    )
    made["their services"] = Service.objects.filter(Q(organization_id__in=organizations), status="active").count()
    return made


def per_service_figures() -> dict[str, dict[str, int]]:
    """The baseline: each active service read and judged in Python, its attributes and check asked for alone."""
    from grizha.catalog.models import Attribute, Service
    from grizha.national.freshness import APPLY_TO_MUNICIPALITY, LANGUAGES, TEXTS, stale_before
    from grizha.national.models import HsdsCheck

    before = stale_before()
    figures: dict[str, dict[str, int]] = {}
    for service in Service.objects.filter(status="active").order_by("id").iterator():
        row = figures.setdefault(
            service.municipality_id,
            dict.fromkeys(
                ("services", "stale", "invalid_hsds", "missing_translations", "missing_easy_read", "missing_iisda"), 0
            ),
        )
        row["services"] += 1
        row["stale"] += service.assured_date is None or service.assured_date < before
        check = HsdsCheck.objects.filter(service_id=service.id).first()
        row["invalid_hsds"] += bool(check and check.error_count)
        texts = [getattr(service, f"{text}_{lang}") for text in TEXTS for lang in LANGUAGES]
        row["missing_translations"] += not all(texts)
        row["missing_easy_read"] += not any(getattr(service, f"easy_read_{lang}") for lang in LANGUAGES)
        applied = Attribute.objects.filter(
            service_id=service.id,
            link_type="access_route",
            taxonomy_term__taxonomy__code="bg-access-route",
            taxonomy_term__code=APPLY_TO_MUNICIPALITY,
        ).exists()
        row["missing_iisda"] += applied and not service.iisda_number
    return figures


def probe() -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from grizha.accounts.roles import Role
    from grizha.accounts.testing import log_in, staff_member
    from grizha.catalog.models import Service
    from grizha.national.freshness import PROBLEMS, municipality_figures, service_problems
    from grizha.national.services import hsds_checks_refresh
    from grizha.territory.models import Municipality, Office, Settlement

    made = give_problems()
    services = Service.objects.filter(status="active").count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    start = time.perf_counter()
    first = hsds_checks_refresh()
    first_s = time.perf_counter() - start
    changed = Service.objects.filter(status="active").order_by("id").first()
    assert changed is not None
    Service.objects.filter(id=changed.id).update(description_bg="Променено описание.")
    start = time.perf_counter()
    again = hsds_checks_refresh()
    again_s = time.perf_counter() - start

    code = Service.objects.filter(status="active").values_list("municipality_id", flat=True).first()
    settlement = Settlement.objects.filter(municipality_id=code).order_by("ekatte").first()
    office = Office.objects.create(
        municipality_id=code, kind=Office.Kind.CENTRAL, name="bench", settlement=settlement, address="bench"
    )
    client = log_in(Client(HTTP_HOST="127.0.0.1"), staff_member(Role.NATIONAL_ANALYST, office))

    def page() -> None:
        response = client.get("/staff/national/")
        if response.status_code != 200:
            raise SystemExit(f"/staff/national/: {response.status_code}")

    shown = {
        row.code: {"services": row.services, **{name: getattr(row, name) for name in PROBLEMS}}
        for row in municipality_figures()
    }
    start = time.perf_counter()
    baseline = per_service_figures()
    baseline_ms = (time.perf_counter() - start) * 1000
    if shown != baseline:
        wrong = sorted(c for c in set(shown) | set(baseline) if shown.get(c) != baseline.get(c))
        raise SystemExit(
            f"the dashboard and the baseline disagree on {wrong[:5]}: {[shown.get(wrong[0]), baseline.get(wrong[0])]}"
        )
    largest = max(shown, key=lambda c: shown[c]["services"])
    municipality = Municipality.objects.get(code=largest)
    totals = {name: sum(row[name] for row in shown.values()) for name in ("services", *PROBLEMS)}
    return {
        "vendor": connection.vendor,
        "services": services,
        "municipalities": len(shown),
        "made": made,
        "totals": totals,
        "check_first_s": first_s,
        "check_first": [first.checked, first.validated, first.invalid],
        "check_again_s": again_s,
        "check_again": [again.checked, again.validated, again.invalid],
        "page_ms": median_ms(page),
        "figures_ms": median_ms(municipality_figures),
        "baseline_ms": baseline_ms,
        "list_ms": median_ms(lambda: service_problems(municipality)),
        "list_services": shown[largest]["services"],
    }


# --- the driver --------------------------------------------------------------------------------------------


def report(label: str, found: dict[str, Any], *, judge: bool) -> bool:
    made = ", ".join(f"{name} {count}" for name, count in found["made"].items())
    print(f"{label}: {found['services']} active services in {found['municipalities']} municipalities; made: {made}")
    print(f"{label}: the dashboard shows {json.dumps(found['totals'])}")
    checked, validated, invalid = found["check_first"]
    print(
        f"{label}, HSDS check, first: {checked} records, {validated} validated, {invalid} invalid, "
        f"in {found['check_first_s']:.1f} s"
    )
    checked, validated, invalid = found["check_again"]
    print(
        f"{label}, HSDS check after one change: {checked} records, {validated} validated, {invalid} invalid, "
        f"in {found['check_again_s']:.1f} s"
    )
    page, figures, baseline = found["page_ms"], found["figures_ms"], found["baseline_ms"]
    print(
        f"{label}, dashboard page: median {page:.0f} ms; its figures alone {figures:.0f} ms "
        f"({baseline / figures:.0f}x faster than the per-service baseline at {baseline:.0f} ms)"
        f" [target page <= {TARGET_PAGE_MS:.0f} ms]"
    )
    print(f"{label}, one municipality's list ({found['list_services']} services): median {found['list_ms']:.0f} ms")
    return not judge or page <= TARGET_PAGE_MS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="run small; report figures, do not judge them")
    parser.add_argument("--size", type=int, default=None, help="number of services (default 20000)")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        print(json.dumps(probe()))
        return 0
    size = args.size or (300 if args.smoke else 20_000)

    met = True
    with national_databases("grizha-bench-freshness-", size, smoke=args.smoke) as targets:
        for label, target in targets:
            child = subprocess.run(
                [sys.executable, __file__, "--probe"], env=target, stdout=subprocess.PIPE, text=True, check=False
            )
            if child.returncode:
                raise SystemExit(f"the probe on {label} failed")
            found = json.loads(child.stdout.strip().splitlines()[-1])
            met = report(label, found, judge=not args.smoke) and met
    print("target met" if met else "TARGET MISSED")
    return 0 if (met or args.smoke) else 1


if __name__ == "__main__":
    sys.exit(main())
