"""Backups of a whole installation in one archive (`grizha backup`, `grizha restore`): the database and
the files that cannot be made again.

The archive is a tar.gz of a manifest (grizha's version, the database vendor, the last migration
applied in each app, when it was made), the database (SQLite: a copy made with SQLite's online backup
API, consistent while the site runs; PostgreSQL: `pg_dump --format=custom`), the uploaded documents
(GRIZHA_UPLOADS_DIR), mail kept in the outbox when no EMAIL_HOST is set, and the generated secret key
(signed links sent to people stay valid). Leaflets, booklets and posters (GRIZHA_PAPER_DIR) and the
static files are left out: they are made again from the database when asked for.

A restore checks the archive and unpacks it into temporary places first; only then does it replace the
database (a rename for SQLite, one transaction for PostgreSQL) and the folders, and finally it runs the
migrations, so that a backup of an older version comes back in the newer one.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_DUMP = "database.sqlite3"
POSTGRES_DUMP = "database.pgdump"
VENDORS = {"sqlite": SQLITE_DUMP, "postgresql": POSTGRES_DUMP}
# Folders and files of the data folder kept in the archive, by their name there.
UPLOADS = "uploads"
OUTBOX = "outbox"
SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name)
PG_TIMEOUT = 3600  # seconds pg_dump, pg_restore or psql may take


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the person running it."""


@dataclass(frozen=True)
class Manifest:
    grizha_version: str
    vendor: str
    migrations: dict[str, str]
    created_at: str
    format: int = FORMAT

    def as_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            raw = json.loads(text)
            manifest = cls(
                grizha_version=str(raw["grizha_version"]),
                vendor=str(raw["vendor"]),
                migrations={str(app): str(name) for app, name in dict(raw["migrations"]).items()},
                created_at=str(raw["created_at"]),
                format=int(raw["format"]),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise BackupError(f"the archive's manifest is damaged ({error})") from None
        if manifest.format != FORMAT:
            raise BackupError(f"the archive is in format {manifest.format}; this grizha reads format {FORMAT}")
        if manifest.vendor not in VENDORS:
            raise BackupError(f"the archive holds a database of an unknown kind ({manifest.vendor!r})")
        return manifest


def grizha_version() -> str:
    try:
        return version("grizha")
    except PackageNotFoundError:  # pragma: no cover (always installed, editable at least)
        return "unknown"


def database_vendor() -> str:
    return connections["default"].vendor


def applied_migrations() -> dict[str, str]:
    """The last migration applied in each app, as Django recorded them."""
    last: dict[str, str] = {}
    recorder = MigrationRecorder(connections["default"])
    if not recorder.has_table():
        return last
    for app, name in recorder.migration_qs.order_by("applied", "id").values_list("app", "name"):
        last[app] = name
    return last


def database_has_data() -> bool:
    """True when the database has migrations applied, so that a restore would replace what is there."""
    try:
        return MigrationRecorder(connections["default"]).migration_qs.exists()
    except DatabaseError:
        return False


def _kept_files() -> dict[str, Path]:
    """What the archive keeps besides the database, by its name in the archive."""
    data_dir = Path(settings.DATA_DIR)
    return {
        UPLOADS: Path(settings.GRIZHA_UPLOADS_DIR),
        OUTBOX: data_dir / OUTBOX,
        SECRET_KEY_FILE: data_dir / SECRET_KEY_FILE,
    }


# --- PostgreSQL ---------------------------------------------------------------------------------------


def _pg_command(program: str, *args: str) -> tuple[list[str], dict[str, str]]:
    """A PostgreSQL client program for the configured database; the password goes in its environment,
    never on its command line, and is never printed."""
    db = settings.DATABASES["default"]
    command = [program]
    if db.get("HOST"):
        command += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        command += ["--port", str(db["PORT"])]
    if db.get("USER"):
        command += ["--username", str(db["USER"])]
    env = {**os.environ, "PGDATABASE": str(db["NAME"])}
    env.pop("PGPASSWORD", None)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if sslmode := (db.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return [*command, "--no-password", *args], env


def _run(command: list[str], env: dict[str, str]) -> str:
    try:
        # The PostgreSQL client programs, with the settings' connection and our own temporary files.
        done = subprocess.run(  # noqa: S603
            command, env=env, capture_output=True, text=True, timeout=PG_TIMEOUT, check=False
        )
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)") from None
    except subprocess.TimeoutExpired:
        raise BackupError(f"{command[0]} took longer than {PG_TIMEOUT} s and was stopped") from None
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")
    return done.stdout


def _postgres_dump(target: Path) -> None:
    command, env = _pg_command("pg_dump", "--format=custom", "--no-owner", f"--file={target}")
    _run(command, env)


def _postgres_restore(dump: Path, work: Path) -> None:
    """Replace the database with the dump in one transaction: tables that the dump does not have (made
    by newer migrations) are dropped too, so that the migrations after it can make them again."""
    command, env = _pg_command("pg_restore", "--list", str(dump))
    listed = _run(command, env)
    dumped = {line.split()[-2] for line in listed.splitlines() if " TABLE " in line and not line.startswith(";")}
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        extra = sorted(name for (name,) in cursor.fetchall() if name not in dumped)
    drops = work / "drop.sql"
    quoted = ['"' + name.replace('"', '""') + '"' for name in extra]
    drops.write_text("".join(f"DROP TABLE IF EXISTS {name} CASCADE;\n" for name in quoted))
    script = work / "restore.sql"
    command, env = _pg_command("pg_restore", "--clean", "--if-exists", "--no-owner", f"--file={script}", str(dump))
    _run(command, env)
    connections.close_all()
    command, env = _pg_command(
        "psql", "--quiet", "--no-psqlrc", "--single-transaction", "--set=ON_ERROR_STOP=1", "-f", str(drops)
    )
    _run([*command, "-f", str(script)], env)


# --- SQLite -------------------------------------------------------------------------------------------


def _sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def _sqlite_dump(target: Path) -> None:
    source = sqlite3.connect(_sqlite_path())
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()


def _sqlite_restore(dump: Path) -> None:
    """Put the copy in place of the database file: written next to it, then renamed over it."""
    database = _sqlite_path()
    check = sqlite3.connect(dump)
    try:
        healthy = check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    except sqlite3.DatabaseError:
        healthy = False
    finally:
        check.close()
    if not healthy:
        raise BackupError("the database in the archive is damaged (SQLite's integrity check failed)")
    connections.close_all()
    database.parent.mkdir(parents=True, exist_ok=True)
    if database.exists():
        # Fold the write-ahead log into the old file, so that no log of it is left to apply to the new one.
        old = sqlite3.connect(database)
        try:
            old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            old.close()
    staged = database.with_name(f".{database.name}.restoring")
    shutil.copyfile(dump, staged)
    os.replace(staged, database)
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)


# --- Backup and restore -------------------------------------------------------------------------------


def backup_create(*, target: Path) -> Manifest:
    """Write the archive of this installation to `target` (written beside it first, then renamed)."""
    vendor = database_vendor()
    if vendor not in VENDORS:
        raise BackupError(f"backups of a {vendor} database are not supported")
    manifest = Manifest(
        grizha_version=grizha_version(),
        vendor=vendor,
        migrations=applied_migrations(),
        created_at=timezone.now().isoformat(),
    )
    target = target.resolve()
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give the name of the archive file to write")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent}: no such folder")
    with tempfile.TemporaryDirectory(prefix=".grizha-backup-", dir=target.parent) as work:
        dump = Path(work) / VENDORS[vendor]
        if vendor == "sqlite":
            _sqlite_dump(dump)
        else:
            _postgres_dump(dump)
        (Path(work) / MANIFEST).write_text(manifest.as_json())
        staged = Path(work) / "archive.tar.gz"
        with tarfile.open(staged, "w:gz") as archive:
            archive.add(Path(work) / MANIFEST, arcname=MANIFEST)
            archive.add(dump, arcname=dump.name)
            for name, path in _kept_files().items():
                if path.exists():
                    archive.add(path, arcname=name)
        staged.chmod(0o600)
        os.replace(staged, target)
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> Manifest:
    try:
        member = archive.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise BackupError("the file is not a grizha backup: it has no manifest")
    return Manifest.from_json(member.read().decode())


def _check_migrations(manifest: Manifest) -> None:
    """Refuse a backup made by a newer grizha: this one would not know its migrations."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [f"{app}.{name}" for app, name in manifest.migrations.items() if (app, name) not in known]
    if unknown:
        raise BackupError(
            f"the backup was made by grizha {manifest.grizha_version}, which has migrations this one does not know "
            f"({', '.join(sorted(unknown)[:5])}); install that version or a newer one to restore it"
        )


def _unpack(path: Path, work: Path) -> Manifest:
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = _read_manifest(archive)
            archive.extractall(work, filter="data")
    except (OSError, EOFError, tarfile.TarError) as error:
        raise BackupError(f"{path} is not a grizha backup, or a damaged one ({error})") from None
    return manifest


def restore_check(*, source: Path, work: Path, replace: bool) -> Manifest:
    """Unpack the archive into `work` and check that it can be restored here."""
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    manifest = _unpack(source, work)
    vendor = database_vendor()
    if manifest.vendor != vendor:
        raise BackupError(
            f"the backup holds a {manifest.vendor} database but this installation uses {vendor}; "
            f"restore it into an installation with a {manifest.vendor} database"
        )
    if not (work / VENDORS[vendor]).is_file():
        raise BackupError("the archive has no database dump")
    _check_migrations(manifest)
    if database_has_data() and not replace:
        raise BackupError(
            "the database is not empty: restoring replaces everything in it with the backup; "
            "run again with --yes to do so"
        )
    return manifest


def _swap(unpacked: Path, place: Path) -> None:
    """Put an unpacked file or folder in place of the current one (removed only once the new one is in);
    with nothing unpacked, the current one is removed."""
    place.parent.mkdir(parents=True, exist_ok=True)
    staged = place.with_name(f".{place.name}.restoring")
    old = place.with_name(f".{place.name}.replaced")
    for leftover in (staged, old):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        else:
            leftover.unlink(missing_ok=True)
    if unpacked.exists():
        shutil.move(unpacked, staged)
    if place.exists():
        os.replace(place, old)
    if staged.exists():
        os.replace(staged, place)
    if old.is_dir():
        shutil.rmtree(old)
    else:
        old.unlink(missing_ok=True)


def backup_restore(*, source: Path, replace: bool, stdout: Any = None) -> Manifest:
    """Restore the installation from the archive at `source`; `replace` allows replacing a database
    that has data. Runs the migrations afterwards."""
    source = source.resolve()
    kept = _kept_files()
    work_parent = kept[UPLOADS].parent
    work_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".grizha-restore-", dir=work_parent) as name:
        work = Path(name)
        manifest = restore_check(source=source, work=work, replace=replace)
        dump = work / VENDORS[manifest.vendor]
        if manifest.vendor == "sqlite":
            _sqlite_restore(dump)
        else:
            _postgres_restore(dump, work)
        for name_in_archive, place in kept.items():
            # Uploads are those of the restored database, none if it had none; the outbox and the key of
            # an installation that kept none (SECRET_KEY set, EMAIL_HOST set) are left as they are.
            if name_in_archive == UPLOADS or (work / name_in_archive).exists():
                _swap(work / name_in_archive, place)
    connections.close_all()
    call_command("migrate", interactive=False, verbosity=0, stdout=stdout)
    return manifest
