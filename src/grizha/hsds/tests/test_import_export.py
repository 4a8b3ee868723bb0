"""HSDS import and export: the official examples, round trips, the CSV data package, and bad input."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grizha.catalog import models as m
from grizha.hsds.serialize import Serializer
from grizha.hsds.tables import DATAPACKAGE

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).parent / "examples"
SERVICE_FULL = EXAMPLES / "service_full.json"
NOT_MODELLED = {"metadata"}  # the README says why


def run_import(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import-hsds", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_export(outdir: Path, *args: str) -> None:
    call_command("export-hsds", str(outdir), *args, stdout=io.StringIO())


def totals(output: str) -> dict[str, int]:
    line = next(line for line in output.splitlines() if line.startswith("Total:"))
    return {kind: int(n) for n, kind in re.findall(r"(\d+) (created|updated|unchanged|removed|skipped)", line)}


def catalog_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count() for model in (m.Service, m.Location, m.Phone, m.Attribute, m.Organization)
    }


def differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Every field of `expected` that `actual` lacks or holds differently (lists matched by id)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: not an object"]
        found = []
        for key, value in expected.items():
            if key in NOT_MODELLED:
                continue
            if key not in actual:
                found.append(f"{path}.{key}: missing")
            else:
                found += differences(value, actual[key], f"{path}.{key}")
        return found
    if isinstance(expected, list):
        by_id = {item.get("id"): item for item in actual if isinstance(item, dict)}
        found = []
        for item in expected:
            if item.get("id") not in by_id:
                found.append(f"{path}: item {item.get('id')} missing")
            else:
                found += differences(item, by_id[item["id"]], f"{path}[{item['id']}]")
        return found
    return [] if expected == actual else [f"{path}: {expected!r} != {actual!r}"]


@pytest.mark.parametrize(
    "name", ["service_full.json", "service_list.json", "organization_full.json", "organization_list.json", "csv"]
)
def test_the_official_examples_import(name: str) -> None:
    output = run_import(EXAMPLES / name)
    assert totals(output)["created"] > 0
    assert m.Organization.objects.filter(id="d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610").exists()


def test_every_field_of_service_full_survives_import_then_export(tmp_path: Path) -> None:
    run_import(SERVICE_FULL)
    run_export(tmp_path, "--lang", "bg")
    expected = json.loads(SERVICE_FULL.read_text())
    exported = {s["id"]: s for s in json.loads((tmp_path / "services.json").read_text())}
    organizations = {o["id"]: o for o in json.loads((tmp_path / "organizations.json").read_text())}
    # The organization's own places are written with the organization, not again inside each service.
    organization = expected["organization"]
    assert differences(organization, organizations[organization["id"]]) == []
    del organization["locations"]
    assert differences(expected, exported[expected["id"]]) == []


def test_importing_the_same_data_twice_writes_nothing() -> None:
    run_import(SERVICE_FULL)
    service = m.Service.objects.get(id="ac148810-d857-441c-9679-408f346de14b")
    second = run_import(SERVICE_FULL)
    assert totals(second)["created"] == 0 and totals(second)["updated"] == 0 and totals(second)["removed"] == 0
    again = m.Service.objects.get(id=service.id)
    assert (again.last_modified, again.updated_at) == (service.last_modified, service.updated_at)


def test_every_exported_service_validates_against_the_official_schema(tmp_path: Path) -> None:
    run_export(tmp_path)
    schema = json.loads((EXAMPLES / "compiled_service.json").read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    services = json.loads((tmp_path / "services.json").read_text())
    assert len(services) == m.Service.objects.count() >= 35
    for service in services:
        errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(service)]
        assert errors == [], service["id"]


def test_the_csv_datapackage_follows_the_hsds_tabular_schema(tmp_path: Path) -> None:
    run_export(tmp_path)
    folder = tmp_path / "csv"
    package = json.loads((folder / "datapackage.json").read_text())
    official = {r["name"]: r for r in DATAPACKAGE["resources"]}
    assert {r["name"] for r in package["resources"]} == set(official) - {"metadata", "meta_table_description"}
    for resource in package["resources"]:
        fields = official[resource["name"]]["schema"]["fields"]
        with (folder / resource["path"]).open(encoding="utf-8", newline="") as file:
            reader = csv.DictReader(file)
            assert reader.fieldnames == [f["name"] for f in fields], resource["path"]
            for number, row in enumerate(reader, start=2):
                for spec in fields:
                    problem = _cell_problem(spec, row[spec["name"]])
                    assert problem is None, f"{resource['path']} row {number} {spec['name']}: {problem}"
    services = list(csv.DictReader((folder / "services.csv").open(encoding="utf-8")))
    assert len(services) == m.Service.objects.count()


def _cell_problem(spec: dict[str, Any], value: str) -> str | None:
    constraints = spec.get("constraints", {})
    if value == "":
        return "required" if constraints.get("required") else None
    kind = spec.get("type")
    try:
        if spec.get("format") == "uuid":
            uuid.UUID(value)
        elif kind == "number":
            float(value)
        elif kind == "integer":
            int(value)
        elif kind == "date":
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
        elif kind == "time":
            assert re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", value)
        elif kind == "datetime":
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", value)
    except (ValueError, AssertionError):
        return f"{value!r} is not a {spec.get('format') or kind}"
    if "enum" in constraints and value not in constraints["enum"]:
        return f"{value!r} is not one of {constraints['enum']}"
    return None


def _wipe_catalog() -> None:
    """Everything but the reference vocabularies and the territory: an empty catalog."""
    for model in (
        m.Service,
        m.Location,
        m.Organization,
        m.Program,
        m.Contact,
        m.Phone,
        m.Language,
        m.Schedule,
        m.Funding,
    ):
        model.objects.all().delete()
    m.TaxonomyTerm.objects.filter(taxonomy__code=None).delete()
    m.Taxonomy.objects.filter(code=None).delete()


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_export_then_import_into_an_empty_catalog_gives_the_same_catalog(tmp_path: Path, lang: str) -> None:
    run_export(tmp_path / "first", "--lang", lang)
    before = catalog_counts()
    _wipe_catalog()
    assert m.Service.objects.count() == 0
    run_import(tmp_path / "first" / "organizations.json", "--lang", lang)
    output = run_import(tmp_path / "first" / "services.json", "--lang", lang)
    assert totals(output)["created"] > 0
    assert catalog_counts() == before
    run_export(tmp_path / "second", "--lang", lang)
    for name in ("services.json", "organizations.json"):
        first = json.loads((tmp_path / "first" / name).read_text())
        second = json.loads((tmp_path / "second" / name).read_text())
        assert second == first, name


def test_the_csv_datapackage_round_trips_the_hsds_fields(tmp_path: Path) -> None:
    run_export(tmp_path / "first")
    _wipe_catalog()
    run_import(tmp_path / "first" / "csv")
    run_export(tmp_path / "second")
    for path in sorted((tmp_path / "first" / "csv").glob("*.csv")):
        assert (tmp_path / "second" / "csv" / path.name).read_text() == path.read_text(), path.name


def test_serializing_services_takes_a_bounded_number_of_queries_however_many() -> None:
    ids = list(m.Service.objects.values_list("id", flat=True))
    counts = []
    for batch in (ids[:1], ids[:10], ids):
        with CaptureQueriesContext(connection) as queries:
            assert len(Serializer("bg").services(batch)) == len(batch)
        counts.append(len(queries))
    assert max(counts) <= 50, counts  # one query per kind of record, never one per service


def test_the_municipality_comes_from_the_option_then_the_area_then_the_first_place(tmp_path: Path) -> None:
    service = json.loads(SERVICE_FULL.read_text())
    service["service_at_locations"][0]["location"].update(
        external_identifier="68134", external_identifier_type="ekatte"
    )
    path = tmp_path / "one.json"
    path.write_text(json.dumps(service))
    run_import(path)
    stored = m.Service.objects.get(id=service["id"])
    assert stored.municipality_id == "SOF46"  # Sofia: the settlement of its first place
    assert m.Location.objects.get(id=service["service_at_locations"][0]["location"]["id"]).settlement_id == "68134"
    service["service_areas"].append({"id": str(uuid.uuid4()), "uri": "urn:ekatte:BGS04"})
    path.write_text(json.dumps(service))
    run_import(path)
    assert m.Service.objects.get(id=service["id"]).municipality_id == "BGS04"
    run_import(path, "--municipality", "LOV18")
    assert m.Service.objects.get(id=service["id"]).municipality_id == "LOV18"


def test_a_nested_list_replaces_the_stored_one_and_an_absent_one_is_left_alone(tmp_path: Path) -> None:
    service = json.loads(SERVICE_FULL.read_text())
    path = tmp_path / "one.json"
    path.write_text(json.dumps(service))
    run_import(path)
    sid = service["id"]
    assert m.RequiredDocument.objects.filter(service_id=sid).count() == 1
    service["required_documents"] = []
    del service["cost_options"]
    path.write_text(json.dumps(service))
    output = run_import(path)
    assert totals(output)["removed"] >= 1
    assert m.RequiredDocument.objects.filter(service_id=sid).count() == 0
    assert m.CostOption.objects.filter(service_id=sid).count() == 1


# --- bad input --------------------------------------------------------------------------------


def _broken(tmp_path: Path, change: Any) -> Path:
    data: Any = [json.loads(SERVICE_FULL.read_text())]
    result = change(data)
    data = data if result is None else result
    path = tmp_path / "bad.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def _set(path: str, value: Any) -> Any:
    def change(data: list[dict[str, Any]]) -> None:
        target: Any = data[0]
        *parents, last = path.split(".")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value

    return change


def _duplicate_with_other_name(data: list[dict[str, Any]]) -> list[dict[str, Any]]:
    other = copy.deepcopy(data[0])
    other["name"] = "Something else"
    return [data[0], other]


def _missing_location(data: list[dict[str, Any]]) -> None:
    sal = data[0]["service_at_locations"][0]
    sal["location_id"] = str(uuid.uuid4())
    del sal["location"]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda data: '[{"id": "ac148810-d857-441c-9679-408f346de14b", "name": ', "not valid JSON"),
        (_set("minimum_age", "twelve"), "minimum_age"),
        (_set("status", "open"), "status"),
        (_set("schedules.0.freq", "DAILY"), "freq"),
        (_set("phones.0.extension", [1]), "extension"),
        (_set("id", "not-a-uuid"), "id"),
        (_duplicate_with_other_name, "ac148810-d857-441c-9679-408f346de14b"),
        (_missing_location, "location_id"),
    ],
    ids=[
        "malformed",
        "wrong-type",
        "unknown-status",
        "unknown-freq",
        "list-for-number",
        "bad-id",
        "two-records",
        "missing-location",
    ],
)
def test_bad_input_names_the_record_and_field_and_writes_nothing(tmp_path: Path, change: Any, named: str) -> None:
    before = catalog_counts()
    with pytest.raises(CommandError) as raised:
        run_import(_broken(tmp_path, change))
    assert named in str(raised.value)
    assert "nothing was imported" in str(raised.value)
    assert catalog_counts() == before


def test_bad_csv_names_the_file_row_and_field(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    shutil.copytree(EXAMPLES / "csv", folder)
    services = (folder / "services.csv").read_text().replace(",active,", ",open,", 1)
    (folder / "services.csv").write_text(services)
    before = catalog_counts()
    with pytest.raises(CommandError) as raised:
        run_import(folder)
    assert "services.csv row 2" in str(raised.value) and "status" in str(raised.value)
    assert catalog_counts() == before


@pytest.fixture(scope="module")
def command_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a `grizha` process with a migrated SQLite database of its own."""
    env = {**os.environ, "GRIZHA_DATA_DIR": str(tmp_path_factory.mktemp("data"))}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "grizha.cli", "migrate", "-v0"], env=env, check=True)
    return env


def test_the_command_exits_1_with_the_error_on_stderr(tmp_path: Path, command_env: dict[str, str]) -> None:
    path = _broken(tmp_path, _set("status", "open"))
    command = [sys.executable, "-m", "grizha.cli", "import-hsds", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, env=command_env, check=False)
    assert result.returncode == 1
    assert "ac148810-d857-441c-9679-408f346de14b" in result.stderr and "status" in result.stderr


PEAK_MEMORY = """
import resource, sys
from grizha.cli import main
main(["grizha", "import-hsds", sys.argv[1]])
print("peak-kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_kb(path: Path, env: dict[str, str]) -> int:
    result = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, str(path)], capture_output=True, text=True, env=env, check=True
    )
    return int(re.search(r"peak-kb (\d+)", result.stdout).group(1))  # type: ignore[union-attr]


def _write_services(path: Path, count: int, text_size: int) -> None:
    with path.open("w", encoding="utf-8") as file:
        file.write("[")
        for index in range(count):
            service = {
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"big/{path.name}/{index}")),
                "name": f"Услуга {index}",
                "status": "active",
                "description": ("Социална услуга в общността. " * (text_size // 30 + 1))[:text_size],
                "phones": [
                    {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"phone/{path.name}/{index}")), "number": "044 611 200"}
                ],
            }
            file.write(("," if index else "") + json.dumps(service, ensure_ascii=False))
        file.write("]")


def test_a_large_file_is_streamed_not_held_whole(tmp_path: Path, command_env: dict[str, str]) -> None:
    small, large = tmp_path / "small.json", tmp_path / "large.json"
    _write_services(small, 20, 20_000)
    _write_services(large, 1500, 20_000)  # over 50 MB: 1500 Cyrillic texts of 20,000 characters
    assert large.stat().st_size > 50_000_000
    baseline = _peak_kb(small, command_env)
    peak = _peak_kb(large, command_env)
    # Holding the input whole would take more than its 50 MB; streaming holds one batch at a time.
    assert (peak - baseline) < 35_000, f"peak {peak} kB against {baseline} kB for a small file"


def test_the_export_command_writes_its_parts_in_parallel_processes(tmp_path: Path, command_env: dict[str, str]) -> None:
    grizha = [sys.executable, "-m", "grizha.cli"]
    subprocess.run([*grizha, "import-hsds", str(EXAMPLES / "csv")], env=command_env, check=True, capture_output=True)
    _write_services(tmp_path / "more.json", 30, 100)
    subprocess.run(
        [*grizha, "import-hsds", str(tmp_path / "more.json")], env=command_env, check=True, capture_output=True
    )
    out = tmp_path / "out"
    subprocess.run([*grizha, "export-hsds", str(out)], env=command_env, check=True, capture_output=True)
    services = json.loads((out / "services.json").read_text())
    ids = [s["id"] for s in services]
    expected = {str(uuid.uuid5(uuid.NAMESPACE_URL, f"big/more.json/{n}")) for n in range(30)}
    assert len(ids) == len(set(ids)) and expected | {"ac148810-d857-441c-9679-408f346de14b"} <= set(ids)
    assert json.loads((out / "organizations.json").read_text())
    with (out / "csv" / "services.csv").open(encoding="utf-8", newline="") as file:
        assert {row["id"] for row in csv.DictReader(file)} == set(ids)  # both halves, each service once
    assert not list(out.glob(".services.*"))
