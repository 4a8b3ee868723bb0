"""Counts kept in the process and written to the database in batches, so that counting a page view costs
the page nothing: at most every FLUSH_SECONDS, or once FLUSH_COUNTS have gathered, and when the process
ends. A count that cannot be written is logged and dropped: the figures are a guide, the page comes first."""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Hashable, Mapping
from datetime import date
from typing import Any
from uuid import UUID

from django.db import DatabaseError, connection
from django.utils import timezone

from grizha.territory.sites import home_municipality
from grizha.usage.searches import search_text

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 30.0
FLUSH_COUNTS = 100


def _database() -> str:
    return str(connection.settings_dict.get("NAME") or "")


class Tally:
    """Counts by key, waiting to be written by `write(counts=...)`.

    The counts belong to the database they were made against: if another one is in use when they are
    written (a test run's database is gone by the time the process ends), they are dropped rather than
    written to the wrong one."""

    def __init__(
        self,
        write: Callable[..., int],
        *,
        seconds: float = FLUSH_SECONDS,
        most: int = FLUSH_COUNTS,
    ) -> None:
        self._write = write
        self.seconds = seconds
        self.most = most
        self._lock = threading.Lock()
        self._pending: Counter[Hashable] = Counter()
        self._total = 0
        self._database = ""
        self._since = time.monotonic()

    def add(self, key: Hashable, n: int = 1) -> None:
        """Count `n` more for `key`; write the batch if it is due."""
        database = _database()
        with self._lock:
            if database != self._database:
                self._pending.clear()
                self._total = 0
                self._database = database
            self._pending[key] += n
            self._total += n
            due = self._total >= self.most or time.monotonic() - self._since >= self.seconds
        if due:
            self.flush()

    def pending(self) -> Mapping[Hashable, int]:
        with self._lock:
            return dict(self._pending)

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()
            self._total = 0
            self._since = time.monotonic()

    def flush(self) -> int:
        """Write what has gathered; the number of counts written."""
        with self._lock:
            pending, self._pending = self._pending, Counter()
            database, self._total, self._since = self._database, 0, time.monotonic()
        if not pending or database != _database():
            return 0
        try:
            return self._write(counts=dict(pending))
        except DatabaseError:
            logger.exception("Usage counts not written: %d dropped", sum(pending.values()))
            return 0


def _write_views(*, counts: dict[Any, int]) -> int:
    from grizha.usage.services import page_views_add

    return page_views_add(counts=counts)


def _write_searches(*, counts: dict[Any, int]) -> int:
    from grizha.usage.services import missed_searches_add

    return missed_searches_add(counts=counts)


VIEWS = Tally(_write_views)
SEARCHES = Tally(_write_searches)


def page_viewed(service_id: UUID, *, day: date | None = None) -> None:
    VIEWS.add((service_id, day or timezone.localdate()))


def search_missed(query: str, *, municipality: str | None = None, day: date | None = None) -> None:
    """Count a search that found nothing, by the query as analysed (nothing is counted for a query that
    holds no word once personal data is taken out)."""
    text = search_text(query)
    if text:
        SEARCHES.add((text, municipality or home_municipality(), day or timezone.localdate()))


def flush_all() -> int:
    return VIEWS.flush() + SEARCHES.flush()


def _flush_at_exit() -> None:
    try:
        flush_all()
    except Exception:
        logger.exception("Usage counts not written at exit")


atexit.register(_flush_at_exit)
