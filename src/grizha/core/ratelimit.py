"""How often one client may do something, such as send a public form: counted in the default cache,
in fixed windows of time.

With the local-memory cache each server process counts on its own; with Redis (REDIS_URL) all count
together. Addresses are kept only as hashes, and only for the window."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

# What a public form says when its sender has reached the limit.
BUSY = _(
    "We have had many forms from your internet connection in the last hour, so we have not taken this one. "
    "Your answers are kept: try again later, or call an office"
)


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind GRIZHA_TRUSTED_PROXIES reverse proxies, the address the outermost
    of them saw, from X-Forwarded-For (what the client itself put there is not trusted)."""
    proxies = settings.GRIZHA_TRUSTED_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR") or "")


def within_rate_limit(request: HttpRequest, *, scope: str, limit: int, window: int = 3600) -> bool:
    """Count this request as one attempt at `scope` by its client; False once the client has made more
    than `limit` attempts in the current window of `window` seconds."""
    digest = hashlib.sha256(f"{scope}:{client_ip(request)}".encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
