"""A search as it is counted when it finds nothing: the words the search analyzer reads in it, and the
mark a page leaves in the cache for a search that found nothing, so that a page served again from the
page cache is counted too."""

from __future__ import annotations

from hashlib import sha256

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import get_language

from grizha.catalog.caching import PAGE_TIMEOUT
from grizha.search.analyzer import MAX_QUERY_CHARS, STOP_WORDS, words
from grizha.territory.sites import current_municipality
from grizha.usage.masking import mask_personal_data
from grizha.usage.models import QUERY_MAX_CHARS

ANSWERED = "_grizha_search_found"  # set on the request by `search_answered`: whether the search found anything


def search_text(query: str) -> str:
    """The query as the analyzer reads it (lower case, no accents or punctuation), without personal
    numbers, phone numbers, e-mail addresses or stop words ("търся", "моля"), cut at a word boundary."""
    found = words(mask_personal_data(query[:MAX_QUERY_CHARS]))
    text = " ".join([word for word in found if word not in STOP_WORDS] or found)
    if len(text) > QUERY_MAX_CHARS:
        text = text[: QUERY_MAX_CHARS + 1].rsplit(" ", 1)[0][:QUERY_MAX_CHARS]
    return text


def _mark(query: str) -> str:
    # What a search finds depends on its words, the page's language and the municipality; the catalog
    # version is left out: the page's next render under a new version renews the mark.
    digest = sha256(query.encode()).hexdigest()[:32]
    return f"usage:found-nothing:{current_municipality() or '*'}:{get_language()}:{digest}"


def search_answered(request: HttpRequest, query: str, *, found: bool) -> None:
    """Called where the list page searches: whether the search of `query` found any service. Never fails
    the search: the page comes first."""
    setattr(request, ANSWERED, found)
    try:
        if found:
            cache.delete(_mark(query))
        else:
            cache.set(_mark(query), True, PAGE_TIMEOUT)
    except Exception:
        return


def found_nothing(request: HttpRequest, query: str) -> bool:
    """Whether the page's search of `query` found nothing: as the page said when it was made now, else
    (the page came from the page cache) as its mark says."""
    found = getattr(request, ANSWERED, None)
    if found is not None:
        return not found
    try:
        return bool(cache.get(_mark(query)))
    except Exception:
        return False
