"""Values every page template needs."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.http import urlencode
from django.utils.translation import get_language

from grizha.core import display


@cache
def _municipality_names(code: str) -> dict[str, str]:
    from grizha.territory.models import Municipality

    names = Municipality.objects.filter(code=code).values_list("name_bg", "name_en").first()
    bg, en = names if names else (code, code)
    return {"bg": bg or code, "en": en or bg or code}


def site(request: HttpRequest) -> dict[str, Any]:
    language = get_language() or settings.LANGUAGE_CODE
    other = "en" if language == "bg" else "bg"
    display_url = reverse("display")
    here = request.get_full_path()
    return {
        "base_url": settings.GRIZHA_BASE_URL,
        "municipality_name": _municipality_names(settings.GRIZHA_MUNICIPALITY)[language],
        "language": language,
        "other_language": other,
        "other_language_url": translate_url(here, other),
        # Pages cached for anonymous visitors are keyed by these classes too (grizha.catalog.caching).
        "display_classes": display.html_classes(display.preferences_from(request)),
        "display_url": display_url if request.path == display_url else f"{display_url}?{urlencode({'next': here})}",
    }
