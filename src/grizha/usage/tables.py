"""The figures of usage as analytics tables (grizha.analytics.tables), for the editors' page and the needs
analysis, with downloads. Answers are counted like the satisfaction survey's: a small group of answers is
hidden, and so is any share that would give it away. Views are not people (one person may read a page
many times), so they are shown as counted."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from grizha.analytics.privacy import share, suppress_count, suppress_parts
from grizha.analytics.tables import SUPPRESSED, Cell, Column, Table
from grizha.usage.selectors import ServiceUsage

SERVICE_PAGES = "service-pages"
MISSED_SEARCHES = "missed-searches"
NOT_USEFUL = "not-useful"


def _answers(row: ServiceUsage) -> list[Cell]:
    """Found useful, not useful and the share found useful; no share when a part is hidden."""
    shown = suppress_parts([row.useful, row.not_useful], total_shown=False)
    hidden = any(cell is SUPPRESSED for cell in shown)
    return [*shown, SUPPRESSED if hidden else share(row.useful, row.answers)]


ANSWER_COLUMNS = [
    Column("useful", gettext_lazy("Found it useful")),
    Column("not_useful", gettext_lazy("Did not find it useful")),
    Column("useful_share", gettext_lazy("Found it useful, %"), "percent"),
]


def service_pages_table(rows: list[ServiceUsage]) -> Table:
    return Table(
        SERVICE_PAGES,
        gettext_lazy("Views of service pages and whether people found them useful"),
        [Column("service", gettext_lazy("Service"), "text"), Column("views", gettext_lazy("Views")), *ANSWER_COLUMNS],
        [[row.name, row.views, *_answers(row)] for row in rows],
        note=gettext_lazy(
            "Views by robots are not counted; a person who reads a page twice counts twice. The answers are "
            "to “Was this page useful?” at the end of each service's page."
        ),
    )


def not_useful_table(rows: list[ServiceUsage], *, limit: int = 20) -> Table:
    """The services whose pages people found not useful, the most such answers first."""
    rows = sorted((row for row in rows if row.not_useful), key=lambda row: (-row.not_useful, row.name))[:limit]
    return Table(
        NOT_USEFUL,
        gettext_lazy("Service pages people did not find useful"),
        [Column("service", gettext_lazy("Service"), "text"), *ANSWER_COLUMNS, Column("views", gettext_lazy("Views"))],
        [[row.name, *_answers(row), row.views] for row in rows],
        note=gettext_lazy("Answers to “Was this page useful?” on the service's page; views by robots are not counted."),
    )


def missed_searches_table(rows: list[tuple[str, int]], *, note: str = "") -> Table:
    return Table(
        MISSED_SEARCHES,
        gettext_lazy("Searches that found nothing"),
        [Column("search", gettext_lazy("Search"), "text"), Column("searches", gettext_lazy("Times searched"))],
        [[query, suppress_count(n)] for query, n in rows],
        note=note
        or gettext_lazy(
            "As the search reads them: in lower case, without punctuation or words such as “please”; numbers, "
            "phone numbers and e-mail addresses are taken out."
        ),
    )
