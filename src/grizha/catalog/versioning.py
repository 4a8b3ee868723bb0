"""The catalog version: bumped once per committed transaction that wrote to the catalog, read by
every cache of catalog pages and documents, so no process has to be told to forget anything."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone


def current_version() -> int:
    # Read on every cached page: plain SQL, as the ORM would cost several times the query itself.
    from grizha.catalog.models import CatalogVersion

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {CatalogVersion._meta.db_table} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _bump() -> None:
    from grizha.catalog.models import CatalogVersion

    if not CatalogVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=timezone.now()):
        CatalogVersion.objects.get_or_create(pk=1, defaults={"version": 2})


def changed_in_this_transaction() -> bool:
    """Whether the current transaction wrote to the catalog (its version moves only at commit)."""
    return connection.in_atomic_block and any(entry[1] is _bump for entry in connection.run_on_commit)


def catalog_changed() -> None:
    """Mark the catalog changed; the version moves when the current transaction commits."""
    if not connection.in_atomic_block:
        _bump()
        return
    # One bump per transaction: a rolled-back transaction drops its callbacks with it.
    if changed_in_this_transaction():
        return
    transaction.on_commit(_bump)


def _on_change(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    catalog_changed()


def connect_signals() -> None:
    # A cache-invalidation concern that must see every write path (admin, imports, services).
    from grizha.catalog.models import CatalogVersion

    watched = [m for m in apps.get_app_config("catalog").get_models() if m is not CatalogVersion]
    watched += [apps.get_model("territory", "Office")]
    for model in watched:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"catalog-version-save-{model.__name__}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"catalog-version-delete-{model.__name__}")
    m2m_changed.connect(_on_change, dispatch_uid="catalog-version-m2m")
