"""Printing from the browser: every service page, the longest included, prints on one or two A4 pages
with its QR code; the page's leaflet downloads as a PDF."""

from __future__ import annotations

import io
import re
from typing import Any

import pypdf
import pytest

pytestmark = pytest.mark.e2e


def _service_paths(page: Any, base: str) -> list[str]:
    page.goto(base + "/services/")
    return sorted(set(re.findall(r'href="(/services/[0-9a-f-]{36}/)"', page.content())))


def _printed_pages(page: Any, url: str) -> tuple[int, str]:
    page.goto(url)
    document = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    return len(document.pages), " ".join(p.extract_text() for p in document.pages)


def test_every_service_page_prints_on_one_or_two_pages(page: Any, demo_server: str) -> None:
    paths = _service_paths(page, demo_server)
    assert len(paths) >= 35
    printed = {path: _printed_pages(page, demo_server + path) for path in paths}
    # English runs longer than Bulgarian in places: the ten longest pages are printed in English too.
    for path in sorted(paths, key=lambda path: len(printed[path][1]))[-10:]:
        printed["/en" + path] = _printed_pages(page, demo_server + "/en" + path)
    longest = max(printed, key=lambda path: len(printed[path][1]))
    too_long = {path: pages for path, (pages, _text) in printed.items() if pages > 2}
    assert not too_long, f"pages that print on more than two sheets: {too_long}"
    assert printed[longest][0] <= 2


def test_the_printed_page_carries_the_qr_code_and_no_navigation(page: Any, demo_server: str) -> None:
    path = _service_paths(page, demo_server)[0]
    page.goto(demo_server + path)
    qr = page.locator(".qr img")
    assert qr.get_attribute("alt")
    assert page.evaluate("document.querySelector('.qr img').naturalWidth") > 0, "the QR code loads"
    page.emulate_media(media="print")
    assert qr.is_visible()
    assert not page.locator(".site-header__nav").is_visible()
    assert not page.locator(".screen-only").first.is_visible()


def test_the_leaflet_link_gives_a_pdf(page: Any, demo_server: str) -> None:
    path = _service_paths(page, demo_server)[0]
    page.goto(demo_server + path)
    href = page.locator(f'a[href="{path}leaflet.pdf"]').get_attribute("href")
    response = page.request.get(demo_server + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert pypdf.PdfReader(io.BytesIO(response.body())).pages
