"""A table of figures: what every analytics page shows, what its chart draws and what its downloads
contain. The first column names the rows; the others hold numbers (or a suppressed count)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Fewer people than this are never shown in a figure (issue 10: no group of fewer than 5 people).
MIN_GROUP = 5


class Suppressed:
    """A count hidden because it, or what it would reveal, is a group of fewer than MIN_GROUP people."""

    _instance: Suppressed | None = None

    def __new__(cls) -> Suppressed:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __str__(self) -> str:
        return str(SUPPRESSED_TEXT)

    def __repr__(self) -> str:
        return "SUPPRESSED"


SUPPRESSED = Suppressed()
SUPPRESSED_TEXT = _("fewer than 5")

Cell = str | int | float | None | Suppressed


@dataclass(frozen=True)
class Column:
    key: str
    label: StrOrPromise
    # "count" (whole numbers), "rate" (per 1,000), "percent", "days" or "text" (the row's name)
    kind: str = "count"


@dataclass
class Table:
    """`slug` names the table in its download's address and file name."""

    slug: str
    title: StrOrPromise
    columns: Sequence[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    note: StrOrPromise = ""

    def column(self, key: str) -> int:
        return next(i for i, column in enumerate(self.columns) if column.key == key)

    def values(self, key: str) -> list[Cell]:
        index = self.column(key)
        return [row[index] for row in self.rows]

    @property
    def is_empty(self) -> bool:
        return not self.rows
