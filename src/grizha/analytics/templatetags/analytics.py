"""How a figure is written on a page: numbers in the active language's format, a hidden small group in
words, a missing figure as a dash."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

from grizha.analytics.tables import Suppressed

register = template.Library()


@register.filter
def figure(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, Suppressed):
        return str(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, float):
        return number_format(value, decimal_pos=1, force_grouping=True)
    return str(value)


@register.filter
def is_text(kind: str) -> bool:
    return kind == "text"
