"""QR codes open exactly the service's page (CONTRACTS section 5), read back as a phone would."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from grizha.demo.loader import demo_id
from grizha.paper.tests import readers

pytestmark = pytest.mark.django_db

SERVICE = demo_id("service", "informirane-konsultirane")


@pytest.mark.parametrize(("prefix", "kind"), [("", "png"), ("/en", "png"), ("", "svg"), ("/en", "svg")])
def test_the_qr_code_holds_the_page_url_and_nothing_else(client: Client, prefix: str, kind: str) -> None:
    response = client.get(f"{prefix}/services/{SERVICE}/qr.{kind}")
    assert response.status_code == 200
    assert response["Content-Type"] == ("image/png" if kind == "png" else "image/svg+xml")
    data = readers.body(response)
    codes = readers.decode_png(data) if kind == "png" else readers.decode_svg(data)
    assert codes == [(f"{settings.GRIZHA_BASE_URL}{prefix}/services/{SERVICE}/", codes[0][1])]
    assert codes[0][1] in {"M", "Q", "H"}


def test_the_qr_code_url_is_the_page_that_answers(client: Client) -> None:
    (url, _level), *_ = readers.decode_png(readers.body(client.get(f"/en/services/{SERVICE}/qr.png")))
    page = client.get(url.removeprefix(settings.GRIZHA_BASE_URL))
    assert page.status_code == 200
    assert '<html lang="en">' in page.content.decode()


def test_the_service_page_shows_its_qr_code_and_links_to_its_leaflets(client: Client) -> None:
    html = client.get(f"/services/{SERVICE}/").content.decode()
    assert f'src="/services/{SERVICE}/qr.svg"' in html
    assert f'href="/services/{SERVICE}/leaflet.pdf"' in html
    assert f'href="/services/{SERVICE}/leaflet.pdf?print=large"' in html
    assert f'href="/services/{SERVICE}/qr.png"' in html
    english = client.get(f"/en/services/{SERVICE}/").content.decode()
    assert f'src="/en/services/{SERVICE}/qr.svg"' in english


@pytest.mark.parametrize("path", ["qr.png", "qr.svg", "leaflet.pdf"])
def test_an_unknown_service_gets_the_not_found_page(client: Client, path: str) -> None:
    response = client.get(f"/services/{uuid.uuid4()}/{path}")
    assert response.status_code == 404
    assert "<h1>" in response.content.decode()


def test_a_qr_code_is_made_once_and_kept_in_the_store(client: Client, paper_dir: Path) -> None:
    client.get(f"/services/{SERVICE}/qr.png")
    stored = readers.stored_files(paper_dir)
    assert [p.name for p in stored] == [f"qr-{SERVICE}-bg.png"]
    client.get(f"/services/{SERVICE}/qr.png")
    assert readers.stored_files(paper_dir) == stored
