"""Caching of public catalog pages for anonymous visitors, keyed by the catalog version, the site (one
installation may serve many, grizha.territory.sites), the language and the visitor's display preferences
(which put classes on the page's <html>)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from hashlib import sha256
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from grizha.catalog.versioning import current_version
from grizha.core.display import preferences_from
from grizha.territory.sites import cache_scope

PAGE_TIMEOUT = 24 * 3600


def cached_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a rendered page again until the catalog changes; only for anonymous GETs."""
    return cached_public_page_varying(lambda: "")(view)


def cached_public_page_varying(
    vary: Callable[[], str],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """As cached_public_page, for a page that also shows something outside the catalog: `vary()` says
    what that looks like now (for example the current campaigns), and is part of the key."""
    return lambda view: _cached(view, vary)


def _cached(view: Callable[..., HttpResponse], vary: Callable[[], str]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or request.COOKIES.get("sessionid"):
            return view(request, *args, **kwargs)
        path = sha256(request.get_full_path().encode()).hexdigest()[:32]
        display = ".".join(preferences_from(request))
        key = f"page:{current_version()}:{cache_scope()}:{vary()}:{get_language()}:{display}:{path}"
        cached = cache.get(key)
        if cached is not None:
            status, content, content_type = cached
            response = HttpResponse(content, status=status, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code in (200, 404) and not response.streaming:
                cache.set(key, (response.status_code, response.content, response["Content-Type"]), PAGE_TIMEOUT)
        # The page differs by the display cookie: a cache in front of grizha must not mix them up.
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapper
