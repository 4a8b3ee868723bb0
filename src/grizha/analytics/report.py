"""The annual report as blocks (headings, paragraphs, sections left for people to write, figures with
their tables and charts), made once and written out as PDF (report_pdf.py) and ODT (report_odt.py), so
the two never disagree. `annual_report` fills it for an area and a year from the same selectors as the
staff pages: a past year gives the same figures every time it is asked for."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grizha.analytics.charts import chart_for
from grizha.analytics.selectors import labels
from grizha.analytics.selectors.demand import needs_analysis
from grizha.analytics.selectors.effectiveness import effectiveness
from grizha.analytics.selectors.filters import Filters
from grizha.analytics.tables import Cell, Column, Table
from grizha.casework.models import Referral


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1: the document's title; 2: a part; 3: a section


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class ToWrite:
    """A narrative section for people to write: its prompt says what belongs there."""

    prompt: str


@dataclass(frozen=True)
class Figure:
    """A table of figures, with its chart (SVG) when one helps; the table is always given."""

    table: Table
    chart: SafeString | None = None


Block = Heading | Paragraph | ToWrite | Figure


@dataclass
class Report:
    title: str
    subtitle: str
    language: str  # "bg" or "en"
    blocks: list[Block] = field(default_factory=list)


def _figure(tables: dict[str, Table], slug: str) -> Figure:
    table = tables[slug]
    return Figure(table, chart_for(table))


def _indicators(year: int, effect: dict[str, Table], total: int) -> Table:
    """The quality programme's starting point: a few of the year's figures, with a column for the
    targets people set."""

    def cell(slug: str, row: int, column: str) -> Cell:
        table = effect[slug]
        return table.rows[row][table.column(column)] if len(table.rows) > row else None

    started = next(
        (
            i
            for i, row in enumerate(effect["referral-outcomes"].rows)
            if row[0] == capfirst(Referral.Status.STARTED.label)
        ),
        0,
    )
    satisfied = effect["satisfaction"]
    content: list[tuple[str, Cell]] = [
        (_("Requests for help recorded"), total),
        (_("Referrals whose service started, per cent of those sent"), cell("referral-outcomes", started, "share")),
        (_("Median days from sending a referral to an answer"), cell("referral-times", 0, "median")),
        (_("Median days from an application to its decision (approved)"), cell("application-decisions", 0, "median")),
        (_("Very satisfied, per cent of survey answers"), cell("satisfaction", 0, "share") if satisfied.rows else None),
    ]
    return Table(
        "quality-indicators",
        _("Indicators of the programme"),
        [
            Column("indicator", _("Indicator"), "text"),
            Column("baseline", _("%(year)s (starting point)") % {"year": year}),
            Column("target", _("%(year)s (target)") % {"year": year + 1}, "text"),
        ],
        [[name, value, ""] for name, value in content],
        note=_("The targets are for the municipality to set and write in."),
    )


INTRODUCTION = gettext_lazy(
    "The purpose of the analysis, the sources of information, who took part, and how the 30-day public "
    "discussion will be held."
)
DEMAND = gettext_lazy(
    "In %(year)s, %(total)s requests for help were recorded in screenings, consultations, referrals and "
    "applications. A request may name several needs and target groups. Groups of fewer than 5 people are "
    "not shown."
)
DEMAND_READING = gettext_lazy(
    "What the figures say about the needs of the people of the area, and what they leave out."
)
GAPS = gettext_lazy("Which needs no service of the area meets, which services are full, and why.")
CONCLUSIONS = gettext_lazy("The services to open, extend, change or close, and why.")
GOALS = gettext_lazy(
    "The goals for the quality of services in the three areas of the quality standards: organisation and "
    "management, staff, and effectiveness."
)
MEASURES = gettext_lazy("For each goal: the measures, who carries them out, by when, and with what money.")
FOLLOWING = gettext_lazy("How and when the indicators will be measured, and who reports on them.")
DEMAND_TABLES = ("over-time", "needs", "target-groups", "age-bands", "mayoralties", "places")


def annual_report(*, area: str, year: int, language: str) -> Report:
    """The draft of the year's analysis of needs (Social Services Act art. 35; planning ordinance art. 37)
    and of the programme for developing the quality of services for the next year: figures, charts and
    tables filled in, the narrative left for people to write."""
    with translation.override(language):
        filters = Filters(start=date(year, 1, 1), end=date(year, 12, 1), area=area)
        demand = needs_analysis(filters)
        effect = effectiveness(filters)
        report = Report(
            title=_("Analysis of the needs for social services"),
            subtitle=_("%(area)s, %(year)s") % {"area": labels.area_name(area), "year": year},
            language=language,
        )
        report.blocks = [
            Heading(report.title, 1),
            Heading(_("Analysis of the needs for social services in %(year)s") % {"year": year}, 2),
            Heading(_("Introduction"), 3),
            ToWrite(str(INTRODUCTION)),
            Heading(_("Demand for social services"), 3),
            Paragraph(str(DEMAND) % {"year": year, "total": demand.total}),
            *(_figure(demand.tables, slug) for slug in DEMAND_TABLES if slug in demand.tables),
            ToWrite(str(DEMAND_READING)),
            Heading(_("Services, capacity and unmet needs"), 3),
            _figure(demand.tables, "capacity"),
            _figure(demand.tables, "unmet-needs"),
            ToWrite(str(GAPS)),
            Heading(_("Effectiveness and quality"), 3),
            *(_figure(effect, slug) for slug in effect),
            Heading(_("Conclusions and recommendations"), 3),
            ToWrite(str(CONCLUSIONS)),
            Heading(_("Programme for developing the quality of social services in %(year)s") % {"year": year + 1}, 2),
            Heading(_("Where we stand"), 3),
            Figure(_indicators(year, effect, demand.total)),
            Heading(_("Goals"), 3),
            ToWrite(str(GOALS)),
            Heading(_("Measures, who is responsible and by when"), 3),
            ToWrite(str(MEASURES)),
            Heading(_("How progress will be followed"), 3),
            ToWrite(str(FOLLOWING)),
        ]
        return report
