"""What the benchmarks share: the grizha command, a free port, waiting for a server, the national catalog,
a fresh PostgreSQL database."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

GRIZHA = [sys.executable, "-m", "grizha.cli"]
POSTGRES = os.environ.get("GRIZHA_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/grizha")
POSTGRES_ADMIN = POSTGRES.rsplit("/", 1)[0] + "/postgres"  # where databases are created and dropped
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
NAMESPACE = uuid.UUID("8a4f1c2e-52d7-4b4e-9a57-1f0c7d2b3e61")

TERRITORY = """
import json, django; django.setup()
from grizha.territory.models import Municipality, Settlement
places = {}
for ekatte, code, lat, lng in Settlement.objects.exclude(latitude=None).values_list(
        "ekatte", "municipality_id", "latitude", "longitude").order_by("-population", "ekatte"):
    places.setdefault(code, []).append([ekatte, lat, lng])
print(json.dumps([[m.code, m.name_bg, places.get(m.code, [])] for m in Municipality.objects.order_by("code")]))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def remap(value: Any, key: str) -> Any:
    """A copy with every id made new for this copy, except the national vocabularies' terms."""
    if isinstance(value, list):
        return [remap(item, key) for item in value]
    if not isinstance(value, dict):
        return value
    result = {}
    for name, item in value.items():
        if name == "taxonomy_term" or name == "taxonomy_term_id":
            result[name] = item  # the national vocabularies: the same ids everywhere
        elif (name == "id" or name.endswith("_id")) and isinstance(item, str):
            result[name] = str(uuid.uuid5(NAMESPACE, key + item))
        else:
            result[name] = remap(item, key)
    return result


def generate(path: Path, templates: list[dict[str, Any]], municipalities: list[Any], size: int) -> None:
    """`size` services, spread evenly over the municipalities, written as one JSON list."""
    per = -(-size // len(municipalities))
    written = 0
    with path.open("w", encoding="utf-8") as file:
        file.write("[")
        for code, name, places in municipalities:
            for index in range(per):
                if written == size:
                    break
                template = templates[index % len(templates)]
                service = remap(template, f"{code}/{index // len(templates)}/")
                service["name"] = f"{service['name']} – {name}"
                for area in service.get("service_areas", []):
                    if area.get("uri", "").startswith("urn:ekatte:"):
                        area["uri"] = f"urn:ekatte:{code}"
                for sal in service.get("service_at_locations", []):
                    location = sal.get("location")
                    if location and places:
                        # A place shared by several services must read the same in each of them.
                        ekatte, lat, lng = places[uuid.UUID(location["id"]).int % len(places)]
                        location.update(
                            external_identifier=ekatte, external_identifier_type="EKATTE", latitude=lat, longitude=lng
                        )
                file.write(("," if written else "") + "\n" + json.dumps(service, ensure_ascii=False))
                written += 1
        file.write("\n]\n")


def national_catalog(path: Path, work: Path, size: int, env: dict[str, str], *, smoke: bool = False) -> list[Any]:
    """A synthetic national catalog of `size` services written to `path` as an HSDS JSON list: the demo
    municipality's services (exported as HSDS) copied to every one of the 265 municipalities (4 when
    smoke), each copy with ids of its own and its places in that municipality's settlements."""
    demo_env = {**env, "GRIZHA_DATA_DIR": str(work / "demo")}
    demo_env.pop("DATABASE_URL", None)
    subprocess.run([*GRIZHA, "demo", "--no-serve"], env=demo_env, check=True, capture_output=True)
    subprocess.run([*GRIZHA, "export-hsds", str(work / "templates")], env=demo_env, check=True, capture_output=True)
    templates = json.loads((work / "templates" / "services.json").read_text())
    territory = subprocess.run(
        [sys.executable, "-c", TERRITORY], env=demo_env, check=True, capture_output=True, text=True
    )
    municipalities: list[Any] = json.loads(territory.stdout.strip().splitlines()[-1])
    if smoke:
        municipalities = municipalities[:4]
    generate(path, templates, municipalities, size)
    return municipalities


def postgres_database(env: dict[str, str]) -> tuple[str, str] | None:
    """A fresh database beside the test one, or None when PostgreSQL is not there (a failure in CI)."""
    import psycopg

    name = f"grizha_bench_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        if IN_CI:
            raise
        print(f"PostgreSQL not reachable ({error}); its part is left out")
        return None
    return name, POSTGRES.rsplit("/", 1)[0] + "/" + name


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def national_databases(prefix: str, size: int, *, smoke: bool = False) -> Iterator[list[tuple[str, dict[str, str]]]]:
    """The synthetic national catalog of `size` services imported into SQLite and (when it is there) into a
    fresh PostgreSQL database: a list of (label, environment) to run grizha against; all is removed after."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "grizha.config.settings", "GRIZHA_DATA_DIR": str(work / "db")}
    env.pop("DATABASE_URL", None)
    database = None
    try:
        catalog = work / "catalog.json"
        national_catalog(catalog, work, size, env, smoke=smoke)
        targets = [("SQLite", env)]
        if pg := postgres_database(env):
            database = pg[0]
            targets.append(("PostgreSQL", {**env, "DATABASE_URL": pg[1]}))
        for _label, target in targets:
            subprocess.run([*GRIZHA, "migrate", "-v0"], env=target, check=True)
            subprocess.run([*GRIZHA, "import-hsds", str(catalog)], env=target, check=True, capture_output=True)
        yield targets
    finally:
        if database:
            drop_database(database)
        shutil.rmtree(work, ignore_errors=True)
