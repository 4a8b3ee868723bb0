"""A table as a page shows it: with its chart, if one helps, and the addresses of its downloads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import SafeString

from grizha.analytics.charts import chart_for
from grizha.analytics.exports import FORMATS
from grizha.analytics.tables import Table


@dataclass(frozen=True)
class Section:
    table: Table
    chart: SafeString | None
    downloads: tuple[tuple[str, str], ...]  # (format, address)


def section(table: Table, *, download_url: Callable[[str], str]) -> Section:
    """`download_url(fmt)` gives the address of the table's download in a format."""
    return Section(table, chart_for(table), tuple((fmt, download_url(fmt)) for fmt in FORMATS))
