"""Generated files on disk, kept until the catalog changes.

Files live in GRIZHA_PAPER_DIR/<setup>/<catalog stamp>/<name>, where the stamp is the catalog version
and the time it last moved: every process sees a change the moment it is committed, and nothing has to
be told to forget. A file store rather than Django's cache: PDFs are large, every app process and the
worker share the folder, and files survive restarts. When the first file of a new stamp is written, the
folders of older stamps are removed. Files made by background jobs live apart, in jobs/, by job id.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from hashlib import sha256
from pathlib import Path

from django.conf import settings
from django.db import connection

from grizha.territory.sites import cache_scope, current_base_url

# Bump when the layout of a document changes, so that files made by older code are not served.
LAYOUT_VERSION = "1"
JOB_FILES_DAYS = 7


def root() -> Path:
    return Path(settings.GRIZHA_PAPER_DIR)


def _setup() -> str:
    """What a file depends on besides the catalog: the layout, the site (whose base URL is in its QR codes),
    the database."""
    db = settings.DATABASES["default"]
    parts = (LAYOUT_VERSION, cache_scope(), current_base_url(), db["ENGINE"], str(db.get("NAME")), str(db.get("HOST")))
    return sha256("\n".join(parts).encode()).hexdigest()[:12]


def catalog_stamp() -> str:
    """The catalog version and when it moved: a database made anew does not reuse an old folder."""
    from grizha.catalog.models import CatalogVersion

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version, changed_at FROM {CatalogVersion._meta.db_table} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    if not row:
        return "v0"
    version, changed_at = row
    moved = changed_at if isinstance(changed_at, str) else changed_at.isoformat()
    return f"v{version}-{sha256(moved.encode()).hexdigest()[:8]}"


def _write(path: Path, data: bytes) -> None:
    # Write beside, then rename: a reader never sees half a file, and two writers both leave a whole one.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _prune_older_stamps(current: Path) -> None:
    for folder in current.parent.iterdir():
        if folder != current and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


def fetch(name: str, build: Callable[[], bytes]) -> Path:
    """The file `name` made from the current catalog, built now if it is not there yet."""
    folder = root() / _setup() / catalog_stamp()
    path = folder / name
    if path.exists():
        return path
    data = build()
    if not folder.exists():
        folder.mkdir(parents=True, exist_ok=True)
        _prune_older_stamps(folder)
    _write(path, data)
    return path


def job_path(name: str) -> Path:
    return root() / "jobs" / name


def save_job_file(name: str, data: bytes) -> Path:
    path = job_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(path, data)
    return path


def prune_job_files(days: int = JOB_FILES_DAYS) -> None:
    folder = root() / "jobs"
    if not folder.exists():
        return
    cutoff = time.time() - days * 86400
    for path in folder.iterdir():
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
