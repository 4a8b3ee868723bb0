"""Posters: an office's address and hours, and a QR code for each service near it or coming to homes."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.test import Client

from grizha.demo.loader import demo_id
from grizha.paper import qr
from grizha.paper.selectors import office_services
from grizha.paper.tests import readers
from grizha.territory.models import Office

pytestmark = pytest.mark.django_db


def test_a_mayoralty_poster_lists_the_services_of_its_villages_with_their_codes(client: Client) -> None:
    office = Office.objects.get(id=demo_id("office", "kmetstvo-kermen"))
    found = office_services(office)
    assert found.nearby, "Kermen's mayoralty has services in the village"
    assert found.at_home, "home care reaches every village"
    response = client.get(f"/leaflets/offices/{office.id}/poster.pdf")
    assert readers.is_pdf(response)
    data = readers.body(response)
    text = readers.text(data)
    assert office.name in text
    expected = {qr.service_url(s.id, "bg") for s in found.nearby + found.at_home}
    for entry in found.nearby + found.at_home:
        assert readers.flat(entry.name) in text
    assert set(readers.pdf_qr_codes(data)) == expected


def test_a_mayoralty_without_a_service_room_still_lists_home_services() -> None:
    office = Office.objects.get(id=demo_id("office", "kmetstvo-byala"))
    found = office_services(office)
    assert not found.nearby
    assert found.at_home


def test_the_english_poster_points_to_english_pages(client: Client) -> None:
    office = Office.objects.get(id=demo_id("office", "info-point"))
    data = readers.body(client.get(f"/en/leaflets/offices/{office.id}/poster.pdf"))
    codes = readers.pdf_qr_codes(data)
    assert codes
    assert all(code.startswith(f"{settings.GRIZHA_BASE_URL}/en/services/") for code in codes)


def test_an_unknown_office_gets_the_not_found_page(client: Client) -> None:
    assert client.get(f"/leaflets/offices/{uuid.uuid4()}/poster.pdf").status_code == 404


def test_the_leaflets_page_offers_booklets_posters_and_filters(client: Client) -> None:
    html = client.get("/leaflets/").content.decode()
    assert 'href="/leaflets/booklet.pdf"' in html
    assert 'href="/leaflets/booklet.pdf?print=large"' in html
    assert 'action="/leaflets/booklet.pdf"' in html
    for office in Office.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY):
        assert f'href="/leaflets/offices/{office.id}/poster.pdf"' in html
    assert 'name="kind" value="posters"' in html
