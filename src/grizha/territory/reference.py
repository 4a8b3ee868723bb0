"""Loading the packaged EKATTE data (NSI) into the territory tables; used by a data migration."""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "territory.json.gz"


def read_territory() -> dict[str, Any]:
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@cache
def municipality_codes() -> tuple[str, ...]:
    """The EKATTE codes of every municipality, as the territory tables hold them after migrating."""
    data = read_territory()
    column = data["municipality_columns"].index("code")
    return tuple(sorted(row[column] for row in data["municipalities"]))


def load_territory(apps: Any) -> None:
    """Create every municipality, mayoralty and settlement that is missing; keep existing rows."""
    Municipality = apps.get_model("territory", "Municipality")
    Mayoralty = apps.get_model("territory", "Mayoralty")
    Settlement = apps.get_model("territory", "Settlement")
    data = read_territory()
    settlements = [dict(zip(data["settlement_columns"], row, strict=True)) for row in data["settlements"]]
    municipalities = [dict(zip(data["municipality_columns"], row, strict=True)) for row in data["municipalities"]]

    known = set(Municipality.objects.values_list("code", flat=True))
    Municipality.objects.bulk_create(
        [
            Municipality(
                code=m["code"],
                name=m["name"],
                name_bg=m["name"],
                name_en=m["name_en"],
                oblast_code=m["oblast"],
                oblast_name=m["oblast_name"],
            )
            for m in municipalities
            if m["code"] not in known
        ]
    )
    # Settlements whose municipality is missing from municipalities.csv still get one.
    for code in {s["municipality"] for s in settlements} - set(Municipality.objects.values_list("code", flat=True)):
        Municipality.objects.create(code=code, name=code, name_bg=code, name_en=code, oblast_code=code[:3])

    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in settlements:
        if not s["mayoralty"].endswith("-00"):
            members[s["mayoralty"]].append(s)
    known = set(Mayoralty.objects.values_list("code", flat=True))
    new_mayoralties = []
    for code, group in members.items():
        if code in known:
            continue
        # Mayoralties are named after their central settlement: the most populous one.
        centre = max(group, key=lambda s: (s["population"] or 0, s["kind"] == "гр."))
        new_mayoralties.append(
            Mayoralty(
                code=code,
                name=centre["name"],
                name_bg=centre["name"],
                name_en=centre["name_en"],
                municipality_id=_municipality_of(code),
            )
        )
    Mayoralty.objects.bulk_create(new_mayoralties)

    known = set(Settlement.objects.values_list("ekatte", flat=True))
    Settlement.objects.bulk_create(
        [
            Settlement(
                ekatte=s["ekatte"],
                kind=s["kind"],
                name=s["name"],
                name_bg=s["name"],
                name_en=s["name_en"],
                municipality_id=s["municipality"],
                mayoralty_id=None if s["mayoralty"].endswith("-00") else s["mayoralty"],
                latitude=s["latitude"],
                longitude=s["longitude"],
                postal_code=s["postal_code"],
                population=s["population"],
            )
            for s in settlements
            if s["ekatte"] not in known
        ],
        batch_size=500,
    )

    centres = {m["code"]: m["centre"] for m in municipalities}
    for municipality in Municipality.objects.filter(centre__isnull=True, code__in=list(centres)):
        if Settlement.objects.filter(ekatte=centres[municipality.code]).exists():
            municipality.centre_id = centres[municipality.code]
            municipality.save(update_fields=["centre"])
    for code, group in members.items():
        centre = max(group, key=lambda s: (s["population"] or 0, s["kind"] == "гр."))
        Mayoralty.objects.filter(code=code, centre__isnull=True).update(centre_id=centre["ekatte"])


def _municipality_of(mayoralty_code: str) -> str:
    return mayoralty_code.split("-", 1)[0]
