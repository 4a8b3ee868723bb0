"""Eligibility conditions in plain words, from the same attributes that screening evaluates."""

from __future__ import annotations

from django.utils.translation import gettext as _

from grizha.territory.models import Municipality


def describe_criterion(code: str, value: str, *, municipality_name: str | None = None) -> str:
    """One condition of `bg-eligibility-criterion` with its parameter, as a sentence fragment."""
    if code == "min-disability-percent":
        return _("a degree of disability of at least %(percent)s%%") % {"percent": value}
    if code == "needs-assistance-of-another":
        return _("an assessed need for the assistance of another person")
    if code == "max-monthly-income-per-member":
        return _("a monthly income of at most %(amount)s EUR per household member") % {"amount": value}
    if code == "resident-of-municipality":
        if municipality_name is None:
            municipality = Municipality.objects.filter(code=value).first()
            municipality_name = municipality.name if municipality else value
        return _("a permanent or current address in the municipality of %(name)s") % {"name": municipality_name}
    return f"{code}: {value}" if value else code


def describe_age_range(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return _("aged %(min)s to %(max)s") % {"min": minimum, "max": maximum}
    if minimum is not None:
        return _("aged %(min)s or over") % {"min": minimum}
    if maximum is not None:
        return _("aged up to %(max)s") % {"max": maximum}
    return ""
