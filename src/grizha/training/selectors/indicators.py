"""Reads of the project indicators: each indicator's value now against its target, and the same as a table
for the funder's report (downloaded as CSV or Excel through grizha.analytics.exports)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from grizha.analytics.tables import Cell, Column, Table
from grizha.training.indicators import RULES, indicator_value
from grizha.training.models import Indicator

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Progress:
    """Where an indicator stands: its value by its rule, its target and the share of the target reached."""

    indicator: Indicator
    value: int
    target: int
    share: float | None  # percent of the target, to one decimal; None for a target of 0
    rule_label: StrOrPromise


def _share(value: int, target: int) -> float | None:
    return round(value * 100 / target, 1) if target else None


def indicator_progress(municipality: str) -> list[Progress]:
    """Every indicator of the municipality, in its order, with its value counted now (one or two queries each)."""
    progress = []
    for indicator in Indicator.objects.filter(municipality_id=municipality):
        value = indicator_value(indicator)
        progress.append(
            Progress(
                indicator=indicator,
                value=value,
                target=indicator.target,
                share=_share(value, indicator.target),
                rule_label=RULES[indicator.rule].label,
            )
        )
    return progress


def period_text(indicator: Indicator) -> str:
    """'2026-01-01 – 2026-12-31': the same in every language, as a funder's spreadsheet expects."""
    return f"{indicator.starts_on.isoformat()} – {indicator.ends_on.isoformat()}"


def indicators_table(progress: list[Progress]) -> Table:
    """The indicators as a table for the funder's report.

    Unlike the figures of grizha.analytics, no small group is hidden here: each value is a total of the
    project's own work over a whole municipality and period (staff trained, sessions held, consultations
    and leaflets given), never a breakdown of the people served into groups that could identify someone."""
    rows: list[list[Cell]] = [
        [
            p.indicator.name,
            p.indicator.project,
            period_text(p.indicator),
            str(p.rule_label),
            p.value,
            p.target,
            p.share,
        ]
        for p in progress
    ]
    return Table(
        "project-indicators",
        _("Project indicators"),
        [
            Column("indicator", _("Indicator"), "text"),
            Column("project", _("Project"), "text"),
            Column("period", _("Period"), "text"),
            Column("rule", _("How it is counted"), "text"),
            Column("value", _("Value")),
            Column("target", _("Target")),
            Column("share", _("Share of the target, %"), "percent"),
        ],
        rows,
        note=_("Each value is counted from the product's data at the time of the download, by its rule."),
    )
