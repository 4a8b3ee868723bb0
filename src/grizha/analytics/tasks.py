"""Background tasks of analytics (run by `grizha worker`): the figures brought up to date every hour."""

from __future__ import annotations

from datetime import timedelta

from grizha.analytics.services.refresh import demand_refresh
from grizha.core.tasks import periodic

# The needs analysis is read over months and years: figures an hour old are fresh enough.
REFRESH_EVERY = timedelta(hours=1)


@periodic(every=REFRESH_EVERY)
def refresh_figures() -> int:
    return demand_refresh().cells
