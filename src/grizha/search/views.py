"""Suggestions while typing: JSON for the search box's script, and a page of links for browsers without it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language, ngettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from grizha.search.suggestions import Suggestion, suggestions
from grizha.territory.sites import current_municipality

SUGGEST_MAX_AGE = 60  # seconds a browser may reuse an answer: typing back and forth asks nothing again


def _suggestions(request: HttpRequest) -> tuple[str, list[Suggestion]]:
    query = request.GET.get("q", "")
    return query, suggestions(query, municipality=current_municipality(), lang=get_language() or "bg")


@require_safe
@cache_control(max_age=SUGGEST_MAX_AGE)
def suggest(request: HttpRequest) -> JsonResponse:
    _, found = _suggestions(request)
    # The script reads `status` out in its live region, so the count is said in the page's language.
    status = ngettext("%(count)d suggestion", "%(count)d suggestions", len(found)) % {"count": len(found)}
    return JsonResponse({"status": status, "suggestions": [suggestion.as_json() for suggestion in found]})


@require_safe
def suggestion_page(request: HttpRequest) -> HttpResponse:
    query, found = _suggestions(request)
    return render(request, "search/suggestions.html", {"query": query.strip(), "suggestions": found})
