"""Values every page template needs."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


@cache
def _municipality_names(code: str) -> dict[str, str]:
    from grizha.territory.models import Municipality

    names = Municipality.objects.filter(code=code).values_list("name_bg", "name_en").first()
    bg, en = names if names else (code, code)
    return {"bg": bg or code, "en": en or bg or code}


def site(request: HttpRequest) -> dict[str, Any]:
    language = get_language() or settings.LANGUAGE_CODE
    other = "en" if language == "bg" else "bg"
    return {
        "base_url": settings.GRIZHA_BASE_URL,
        "municipality_name": _municipality_names(settings.GRIZHA_MUNICIPALITY)[language],
        "language": language,
        "other_language": other,
        "other_language_url": translate_url(request.get_full_path(), other),
    }
