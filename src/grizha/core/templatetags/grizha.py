"""Template filters shared by every app's pages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()

WEEKDAY_ORDER = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _day_names() -> dict[str, str]:
    return {
        "MO": _("Mon"),
        "TU": _("Tue"),
        "WE": _("Wed"),
        "TH": _("Thu"),
        "FR": _("Fri"),
        "SA": _("Sat"),
        "SU": _("Sun"),
    }


@register.filter
def weekdays(byday: str) -> str:
    """'MO,TU,WE,TH,FR' -> 'Mon–Fri'; other lists are spelled out."""
    names = _day_names()
    days = [d.strip().upper()[-2:] for d in byday.split(",") if d.strip()]
    order = list(WEEKDAY_ORDER)
    indexes = [order.index(d) for d in days if d in order]
    if len(indexes) > 2 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return f"{names[order[indexes[0]]]}–{names[order[indexes[-1]]]}"
    return ", ".join(names.get(d, d) for d in days)


@register.filter
def attr(obj: object, name: str) -> object:
    """The attribute `name` of `obj`, for templates that pick a field by a variable's value."""
    return getattr(obj, name, None)
