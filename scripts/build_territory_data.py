"""Build src/grizha/territory/data/territory.json.gz from the NSI files in ../shared/territory.

ekatte_settlements.json is authoritative; settlements_loc.csv adds coordinates and postcodes,
settlements_population.csv adds populations. Run: python scripts/build_territory_data.py [SHARED_DIR]
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src/grizha/territory/data/territory.json.gz"


def _postcode(text: str) -> str:
    """Four digits, or nothing: the source has notes such as 'липсва' (missing) in this column."""
    match = re.match(r"\s*(\d{4})\b", text)
    return match.group(1) if match else ""


def main(shared: Path) -> None:
    folder = shared / "territory"
    settlements = json.loads((folder / "ekatte_settlements.json").read_text(encoding="utf-8"))
    with (folder / "settlements_loc.csv").open(encoding="utf-8") as fh:
        loc = {row["ekatte"]: row for row in csv.DictReader(fh)}
    with (folder / "settlements_population.csv").open(encoding="utf-8") as fh:
        population = {row["ekatte"]: int(row["population"]) for row in csv.DictReader(fh) if row["population"]}
    with (folder / "municipalities.csv").open(encoding="utf-8") as fh:
        municipalities = list(csv.DictReader(fh))

    by_code = {s["ekatte"]: s for s in settlements}
    rows = []
    for s in sorted(settlements, key=lambda s: s["ekatte"]):
        place = loc.get(s["ekatte"], {})
        lat = lng = None
        if place.get("geo"):
            lng_text, lat_text = place["geo"].split(",")
            lat, lng = round(float(lat_text), 6), round(float(lng_text), 6)
        rows.append(
            [
                s["ekatte"],
                s["t_v_m"],
                s["name"],
                s["name_en"],
                s["obshtina"],
                s["kmetstvo"],
                lat,
                lng,
                _postcode(place.get("postal code") or ""),
                population.get(s["ekatte"]),
            ]
        )
    munis = []
    for m in municipalities:
        centre = by_code.get(m["ekatte"])
        munis.append(
            [
                m["code"],
                m["name"],
                centre["name_en"] if centre else m["name"],
                m["ekatte"],
                m["code"][:3],
                (centre or {}).get("oblast_name", ""),
            ]
        )
    data = {
        "source": "National Statistical Institute (NSI), EKATTE classification; coordinates and postcodes "
        "from settlements_loc.csv; populations: NSI 2013 estimates.",
        "municipality_columns": ["code", "name", "name_en", "centre", "oblast", "oblast_name"],
        "municipalities": munis,
        "settlement_columns": [
            "ekatte",
            "kind",
            "name",
            "name_en",
            "municipality",
            "mayoralty",
            "latitude",
            "longitude",
            "postal_code",
            "population",
        ],
        "settlements": rows,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(OUT, "wb", mtime=0) as fh:
        fh.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    print(f"{OUT}: {len(munis)} municipalities, {len(rows)} settlements")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared")
