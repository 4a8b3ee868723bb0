"""The names figures are shown under, in the active language: terms of our vocabularies, settlements,
municipalities and mayoralties, age bands and sources."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from grizha.analytics.models import Source
from grizha.screening.models import AGE_BANDS
from grizha.territory.models import Mayoralty, Municipality, Settlement


def age_band_names() -> dict[str, str]:
    names = {label: _("%(low)s to %(high)s years") % {"low": low, "high": high} for label, low, high in AGE_BANDS}
    names[AGE_BANDS[-1][0]] = _("%(low)s years and over") % {"low": AGE_BANDS[-1][1]}
    return names


def source_names() -> dict[str, str]:
    return {str(source.value): str(source.label) for source in Source}


def place_names(codes: Iterable[str], *, municipalities: bool) -> dict[str, str]:
    """Names of settlements by EKATTE code, or of municipalities by code."""
    codes = [c for c in codes if c]
    model = Municipality if municipalities else Settlement
    key = "code" if municipalities else "ekatte"
    return dict(model.objects.filter(**{f"{key}__in": codes}).values_list(key, "name"))  # type: ignore[attr-defined]


def area_name(code: str) -> str:
    if not code:
        return _("The whole country")
    if len(code) > 5:
        name = Mayoralty.objects.filter(code=code).values_list("name", flat=True).first() or code
        return _("Mayoralty of %(name)s") % {"name": name}
    name = Municipality.objects.filter(code=code).values_list("name", flat=True).first() or code
    return _("Municipality of %(name)s") % {"name": name}


def not_stated() -> str:
    return _("not stated")
