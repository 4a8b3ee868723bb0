"""`grizha backup` and `grizha restore`, run as the commands they are, in their own processes, on an
installation of their own (a data folder with a SQLite file, or a scratch PostgreSQL database): never on
the tests' database."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

import grizha

SOURCE = Path(grizha.__file__).resolve().parents[1]
ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
LEFT_OUT = ("DATABASE_URL", "GRIZHA_UPLOADS_DIR", "SECRET_KEY", "EMAIL_HOST")


def run_grizha(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "grizha.cli", *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )


def installation(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    """The environment of an installation kept in `data_dir` (SQLite unless a database URL is given)."""
    env = {name: value for name, value in os.environ.items() if name not in LEFT_OUT}
    env["GRIZHA_DATA_DIR"] = str(data_dir)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SOURCE), os.environ.get("PYTHONPATH")]))
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def shell(code: str, *, env: dict[str, str]) -> str:
    done = run_grizha("shell", "--no-imports", "-c", code, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


GROUPS = "from django.contrib.auth.models import Group; print(sorted(Group.objects.values_list('name', flat=True)))"


def uploaded(data_dir: Path) -> Path:
    return data_dir / "private" / "uploads" / "documents" / "2026" / "certificate.pdf"


def round_trip(data_dir: Path, env: dict[str, str], archive: Path) -> None:
    """Rows and an uploaded document are backed up, changed and deleted, and come back on restore."""
    shell("from django.contrib.auth.models import Group; Group.objects.create(name='Backed up')", env=env)
    document = uploaded(data_dir)
    document.parent.mkdir(parents=True)
    document.write_bytes(b"%PDF-1.4 a certificate")

    done = run_grizha("backup", str(archive), env=env)
    assert done.returncode == 0, done.stderr
    assert "Backed up" in done.stdout

    shell(
        "from django.contrib.auth.models import Group; Group.objects.filter(name='Backed up').delete(); "
        "Group.objects.create(name='Made after the backup')",
        env=env,
    )
    document.unlink()
    later = document.with_name("later.pdf")
    later.write_bytes(b"%PDF-1.4 made after the backup")

    done = run_grizha("restore", str(archive), "--yes", env=env)
    assert done.returncode == 0, done.stderr
    assert "Restored the backup" in done.stdout
    assert shell(GROUPS, env=env) == "['Backed up']"
    assert document.read_bytes() == b"%PDF-1.4 a certificate"
    assert not later.exists()


# --- SQLite -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with a migrated SQLite database, made once and copied by each test."""
    data_dir = tmp_path_factory.mktemp("migrated")
    done = run_grizha("migrate", "--verbosity=0", env=installation(data_dir))
    assert done.returncode == 0, done.stderr
    return data_dir


@pytest.fixture
def site(migrated: Path, tmp_path: Path) -> Path:
    data_dir = tmp_path / "site"
    shutil.copytree(migrated, data_dir)
    return data_dir


def test_sqlite_round_trip_brings_back_rows_and_uploads(site: Path, tmp_path: Path) -> None:
    archive = tmp_path / "backup.tar.gz"
    round_trip(site, installation(site), archive)
    with tarfile.open(archive) as opened:
        names = opened.getnames()
        manifest = json.loads(opened.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert {"manifest.json", "database.sqlite3", "secret_key"} <= set(names)
    assert manifest["vendor"] == "sqlite"
    assert manifest["migrations"]["applications"].startswith("00")
    assert not any(name.startswith("paper") for name in names)


def test_restore_into_a_new_installation_needs_no_yes(site: Path, tmp_path: Path) -> None:
    archive = tmp_path / "backup.tar.gz"
    assert run_grizha("backup", str(archive), env=installation(site)).returncode == 0
    fresh = tmp_path / "fresh"

    done = run_grizha("restore", str(archive), env=installation(fresh))

    assert done.returncode == 0, done.stderr
    assert (fresh / "secret_key").read_text() == (site / "secret_key").read_text()


def test_restore_refuses_a_database_with_data_without_yes(site: Path, tmp_path: Path) -> None:
    env = installation(site)
    archive = tmp_path / "backup.tar.gz"
    assert run_grizha("backup", str(archive), env=env).returncode == 0
    shell("from django.contrib.auth.models import Group; Group.objects.create(name='Kept')", env=env)

    done = run_grizha("restore", str(archive), env=env)

    assert done.returncode == 1
    assert "Nothing was restored: the database is not empty" in done.stderr
    assert "--yes" in done.stderr
    assert shell(GROUPS, env=env) == "['Kept']"


def fake_archive(path: Path, manifest: dict[str, object], dump: str) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, content in (("manifest.json", json.dumps(manifest).encode()), (dump, b"not really a dump")):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return path


def manifest_of(**fields: object) -> dict[str, object]:
    return {
        "format": 1,
        "grizha_version": "0.1.0",
        "vendor": "sqlite",
        "migrations": {},
        "created_at": "2026-01-31T02:00:00+00:00",
        **fields,
    }


def test_restore_refuses_a_backup_of_another_database_vendor(site: Path, tmp_path: Path) -> None:
    archive = fake_archive(tmp_path / "pg.tar.gz", manifest_of(vendor="postgresql"), "database.pgdump")

    done = run_grizha("restore", str(archive), "--yes", env=installation(site))

    assert done.returncode == 1
    assert "the backup holds a postgresql database but this installation uses sqlite" in done.stderr


def test_restore_refuses_a_backup_of_a_newer_version(site: Path, tmp_path: Path) -> None:
    newer = manifest_of(grizha_version="9.0", migrations={"catalog": "0999_from_the_future"})
    archive = fake_archive(tmp_path / "newer.tar.gz", newer, "database.sqlite3")

    done = run_grizha("restore", str(archive), "--yes", env=installation(site))

    assert done.returncode == 1
    assert "made by grizha 9.0" in done.stderr
    assert "catalog.0999_from_the_future" in done.stderr


def test_restore_refuses_a_damaged_database_and_changes_nothing(site: Path, tmp_path: Path) -> None:
    env = installation(site)
    shell("from django.contrib.auth.models import Group; Group.objects.create(name='Kept')", env=env)
    archive = fake_archive(tmp_path / "damaged.tar.gz", manifest_of(), "database.sqlite3")

    done = run_grizha("restore", str(archive), "--yes", env=env)

    assert done.returncode == 1
    assert "Nothing was restored: the database in the archive is damaged" in done.stderr
    assert shell(GROUPS, env=env) == "['Kept']"


def test_restore_refuses_a_file_that_is_not_a_backup(site: Path, tmp_path: Path) -> None:
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")

    done = run_grizha("restore", str(not_a_backup), "--yes", env=installation(site))

    assert done.returncode == 1
    assert "is not a grizha backup" in done.stderr


def test_backup_into_a_missing_folder_says_so(site: Path, tmp_path: Path) -> None:
    done = run_grizha("backup", str(tmp_path / "missing" / "backup.tar.gz"), env=installation(site))

    assert done.returncode == 1
    assert "no such folder" in done.stderr


# --- PostgreSQL: run when the tests run on PostgreSQL (in CI, the PostgreSQL run), never skipped ---------

if ON_POSTGRES:
    import psycopg

    @pytest.fixture
    def scratch_database() -> Iterator[str]:
        """A database of its own on the tests' PostgreSQL server, dropped afterwards; its URL."""
        db = settings.DATABASES["default"]
        name = f"grizha_backup_{uuid.uuid4().hex[:12]}"
        server = {
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
        }
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        user = f"{db['USER']}:{db['PASSWORD']}@" if db.get("PASSWORD") else f"{db.get('USER') or ''}@"
        try:
            yield f"postgres://{user}{db.get('HOST') or ''}:{db.get('PORT') or 5432}/{name}"
        finally:
            with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def test_postgres_round_trip_brings_back_rows_and_uploads(scratch_database: str, tmp_path: Path) -> None:
        data_dir = tmp_path / "site"
        env = installation(data_dir, scratch_database)
        done = run_grizha("migrate", "--verbosity=0", env=env)
        assert done.returncode == 0, done.stderr
        archive = tmp_path / "backup.tar.gz"

        round_trip(data_dir, env, archive)

        with tarfile.open(archive) as opened:
            assert "database.pgdump" in opened.getnames()
            manifest = json.loads(opened.extractfile("manifest.json").read())  # type: ignore[union-attr]
        assert manifest["vendor"] == "postgresql"
