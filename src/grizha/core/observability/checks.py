"""Readiness: whether this process can serve, checked part by part for GET /readyz."""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger(__name__)

OK = "ok"
ERROR = "error"


def database_answers() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def unapplied_migrations() -> list[str]:
    """The migrations the code has and the database has not had applied (app.name), in order."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def cache_answers() -> bool:
    """The default cache (Redis when REDIS_URL is set) keeps a value and gives it back."""
    key, value = "grizha:readyz", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    return bool(cache.get(key) == value)


def readiness() -> dict[str, str]:
    """Each check's result, "ok" or "error"; the causes of errors are logged, not shown."""
    results: dict[str, str] = {}
    try:
        results["database"] = OK if database_answers() else ERROR
    except Exception:
        logger.warning("Readiness: the database does not answer", exc_info=True)
        results["database"] = ERROR
    if results["database"] == OK:
        try:
            pending = unapplied_migrations()
        except Exception:
            logger.warning("Readiness: the migrations could not be compared", exc_info=True)
            pending = ["?"]
        if pending:
            logger.warning("Readiness: %d migrations are not applied (%s…)", len(pending), pending[0])
        results["migrations"] = ERROR if pending else OK
    else:
        results["migrations"] = ERROR
    try:
        results["cache"] = OK if cache_answers() else ERROR
    except Exception:
        logger.warning("Readiness: the cache does not answer", exc_info=True)
        results["cache"] = ERROR
    return results
