"""Which site a request is for: many municipalities in one installation, each chosen by its host name.

A `Site` row names a host, its municipality (none: the national catalogue) and its base URL. The
middleware here finds the site of each request and keeps it in a context variable for the request's
duration; `current_municipality()` and `current_base_url()` read it, and fall back to GRIZHA_MUNICIPALITY
and GRIZHA_BASE_URL when no site matched or outside a request (commands, tasks, tests), so an
installation for one municipality works with no Site rows at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

# How long a process trusts what it found for a host; a change in the admin clears this process's memory
# at once (grizha.territory.apps), the other processes' within this many seconds.
SITE_TTL_SECONDS = 60.0
KNOWN_HOSTS_AT_MOST = 1000


@dataclass(frozen=True)
class CurrentSite:
    host: str
    municipality: str | None
    base_url: str
    name_bg: str
    name_en: str
    accent_colour: str
    logo: str


_current: ContextVar[CurrentSite | None] = ContextVar("grizha_site", default=None)
_known: dict[str, tuple[float, CurrentSite | None]] = {}


def current_site() -> CurrentSite | None:
    """The site of the request being served; None outside a request or when its host has no Site."""
    return _current.get()


def current_municipality() -> str | None:
    """The municipality whose pages are being served: the site's, else GRIZHA_MUNICIPALITY. None only on
    the national site, meaning every municipality."""
    site = _current.get()
    return settings.GRIZHA_MUNICIPALITY if site is None else site.municipality


def home_municipality() -> str:
    """As current_municipality, for what needs one municipality (offices, settlements, the staff's): on the
    national site that is GRIZHA_MUNICIPALITY."""
    return current_municipality() or settings.GRIZHA_MUNICIPALITY


def current_base_url() -> str:
    """The base of absolute links (QR codes, e-mails, feeds, sitemaps): the site's, else GRIZHA_BASE_URL."""
    site = _current.get()
    return str(settings.GRIZHA_BASE_URL) if site is None else site.base_url


def cache_scope() -> str:
    """What a cached page or file depends on beyond the catalog: the site it was made for."""
    site = _current.get()
    return site.host if site is not None else "-"


def forget_sites(**_kwargs: object) -> None:
    """Forget what this process found for every host (a Site was saved or deleted)."""
    _known.clear()


def _lookup(host: str) -> CurrentSite | None:
    from grizha.territory.models import Site

    row = Site.objects.filter(host=host).values(
        "host", "municipality_id", "base_url", "name_bg", "name_en", "accent_colour", "logo"
    )
    try:
        found = row.first()
    except DatabaseError:  # a database not migrated yet: serve as a single installation
        return None
    if found is None:
        return None
    return CurrentSite(
        host=found["host"],
        municipality=found["municipality_id"],
        base_url=found["base_url"].rstrip("/"),
        name_bg=found["name_bg"] or "",
        name_en=found["name_en"] or "",
        accent_colour=found["accent_colour"] or "",
        logo=found["logo"] or "",
    )


def site_for_host(host: str) -> CurrentSite | None:
    """The Site of a host name (a port and the case do not matter), remembered for a short while."""
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    name = name.strip().lower().rstrip(".")
    now = time.monotonic()
    known = _known.get(name)
    if known is not None and now - known[0] < SITE_TTL_SECONDS:
        return known[1]
    site = _lookup(name)
    if len(_known) >= KNOWN_HOSTS_AT_MOST:  # ALLOWED_HOSTS = ["*"] lets any name through
        _known.clear()
    _known[name] = (now, site)
    return site


class SiteMiddleware:
    """Finds the request's site by its host name and makes it current until the response is made."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # get_host() refuses a host outside ALLOWED_HOSTS: CommonMiddleware answers that with 400 later.
        try:
            site = site_for_host(request.get_host())
        except DisallowedHost:
            site = None
        request.site = site  # type: ignore[assignment]  # not django.contrib.sites: ours, or None
        token = _current.set(site)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
