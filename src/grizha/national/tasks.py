"""Background work of the national catalogue (run by `grizha worker`): every service's HSDS record checked
against the official schema after the catalog changes, and the daily round of reminders to editors."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache

from grizha.catalog.versioning import current_version
from grizha.core.tasks import periodic
from grizha.national.services import hsds_checks_refresh, stale_reminders_send

# Changes are checked within the hour; a check of a catalog that has not changed is skipped.
HSDS_CHECK_EVERY = timedelta(hours=1)
REMINDERS_EVERY = timedelta(days=1)


@periodic(every=HSDS_CHECK_EVERY)
def check_hsds() -> int:
    version = current_version()
    done = f"national:hsds-checked:{version}"
    if cache.get(done):
        return 0
    checked = hsds_checks_refresh().checked
    cache.set(done, True, int(HSDS_CHECK_EVERY.total_seconds() * 2))
    return checked


@periodic(every=REMINDERS_EVERY)
def send_stale_reminders() -> int:
    return stale_reminders_send()
