"""QR codes that open a service's public page (CONTRACTS section 5): the absolute URL of the page in
one language, error correction M or better."""

from __future__ import annotations

import io
from uuid import UUID

import segno
from django.urls import reverse
from django.utils import translation

from grizha.territory.sites import current_base_url


def page_url(view_name: str, *args: object, language: str) -> str:
    """The absolute URL of a public page in `language`: the site's base URL, then /en for English."""
    with translation.override(language):
        return current_base_url() + reverse(view_name, args=args)


def service_url(service_id: UUID | str, language: str) -> str:
    return page_url("service-detail", service_id, language=language)


def _code(url: str) -> segno.QRCode:
    # boost_error raises the level above M whenever that fits in the same symbol size.
    return segno.make_qr(url, error="m", boost_error=True)


def svg(url: str) -> bytes:
    out = io.BytesIO()
    _code(url).save(out, kind="svg", scale=4, border=4, dark="#000", light="#fff", xmldecl=False, title=url)
    return out.getvalue()


def png(url: str, *, scale: int = 10) -> bytes:
    out = io.BytesIO()
    _code(url).save(out, kind="png", scale=scale, border=4, dark="#000", light="#fff")
    return out.getvalue()
