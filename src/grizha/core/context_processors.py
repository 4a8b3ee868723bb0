"""Values every page template needs."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from grizha.core import contrast, display


@cache
def _municipality_names(code: str) -> dict[str, str]:
    from grizha.territory.models import Municipality

    names = Municipality.objects.filter(code=code).values_list("name_bg", "name_en").first()
    bg, en = names if names else (code, code)
    return {"bg": bg or code, "en": en or bg or code}


def _look(language: str) -> dict[str, Any]:
    """The site's name in the header and its accent colour (grizha.territory.sites): a site may name
    itself; the national one, without a municipality, says so; else "Municipality of X"."""
    from grizha.territory.sites import current_base_url, current_municipality, current_site, home_municipality

    found = current_site()
    accent = found.accent_colour if found else ""
    if accent and not contrast.passes(accent):  # a colour stored before the check, or by hand
        accent = ""
    named = ""
    if found:
        named = (found.name_en if language == "en" else found.name_bg) or found.name_bg
    if not named and current_municipality() is None:
        named = _("Social services in Bulgaria")
    return {
        "base_url": current_base_url(),
        # On the national site, pages that need one municipality (screening, offices) show the home one.
        "municipality_name": _municipality_names(home_municipality())[language],
        "site_name": named,
        "site_logo": found.logo if found else "",
        "accent": accent,
        "accent_dark": contrast.darker(accent, 0.7) if accent else "",
        "accent_shadow": contrast.darker(accent, 0.45) if accent else "",
    }


def site(request: HttpRequest) -> dict[str, Any]:
    language = get_language() or settings.LANGUAGE_CODE
    other = "en" if language == "bg" else "bg"
    display_url = reverse("display")
    here = request.get_full_path()
    return {
        **_look(language),
        "language": language,
        "other_language": other,
        "other_language_url": translate_url(here, other),
        # Pages cached for anonymous visitors are keyed by these classes too (grizha.catalog.caching).
        "display_classes": display.html_classes(display.preferences_from(request)),
        "display_url": display_url if request.path == display_url else f"{display_url}?{urlencode({'next': here})}",
    }
