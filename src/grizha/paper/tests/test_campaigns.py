"""Information campaigns: on the home page while current, a page each, an Atom feed with absolute links,
the leaflets of their services in one PDF; and the count of leaflets handed out."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from grizha.accounts.testing import log_in
from grizha.catalog.models import Service
from grizha.paper.models import Campaign, LeafletHandout
from grizha.paper.selectors import leaflets_handed_out
from grizha.paper.tests import readers
from grizha.territory.models import Office

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _services(count: int = 2) -> list[Service]:
    active = Service.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY, status=Service.Status.ACTIVE)
    return list(active.order_by("id")[:count])


def _feed(client: Client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own response, not outside input)


def _campaign(
    title: str = "Winter help at home", *, ends_on: date | None = None, published_in_days: int = -1
) -> Campaign:
    campaign = Campaign.objects.create(
        title_bg=title + " (bg)",
        title_en=title,
        body_bg="Текст на кампанията.",
        body_en="What the campaign says.",
        published_at=timezone.now() + timedelta(days=published_in_days),
        ends_on=ends_on,
    )
    campaign.services.set(_services())
    return campaign


def test_the_home_page_shows_a_current_campaign_and_links_to_its_services(client: Client) -> None:
    campaign = _campaign()
    page = client.get("/en/").content.decode()
    assert "Winter help at home" in page
    assert f"/en/news/{campaign.id}/" in page
    for service in _services():
        assert f"/en/services/{service.id}/" in page


def test_the_home_page_leaves_out_an_ended_campaign(client: Client) -> None:
    _campaign("Summer meals", ends_on=timezone.localdate() - timedelta(days=1))
    assert "Summer meals" not in client.get("/en/").content.decode()


def test_the_home_page_leaves_out_a_campaign_not_yet_published(client: Client) -> None:
    _campaign("Coming soon", published_in_days=2)
    assert "Coming soon" not in client.get("/en/").content.decode()


def test_the_home_page_shows_a_campaign_published_after_it_was_cached(client: Client) -> None:
    client.get("/en/")
    _campaign("Fresh news")
    assert "Fresh news" in client.get("/en/").content.decode()


def test_the_campaign_page_has_its_text_services_and_download(client: Client) -> None:
    campaign = _campaign()
    response = client.get(f"/en/news/{campaign.id}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Winter help at home</h1>" in page
    assert "What the campaign says." in page
    assert f"/en/news/{campaign.id}/leaflets.pdf" in page
    for service in _services():
        assert service.name in page


def test_a_campaign_not_yet_published_has_no_page(client: Client) -> None:
    campaign = _campaign(published_in_days=2)
    assert client.get(f"/en/news/{campaign.id}/").status_code == 404


@pytest.mark.parametrize(("prefix", "title"), [("", "Winter help at home (bg)"), ("/en", "Winter help at home")])
def test_the_atom_feed_has_the_campaign_with_an_absolute_link(client: Client, prefix: str, title: str) -> None:
    campaign = _campaign()
    feed = _feed(client, f"{prefix}/news/feed.atom")
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [title]
    link = entries[0].find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == f"{settings.GRIZHA_BASE_URL}{prefix}/news/{campaign.id}/"


def test_the_atom_feed_leaves_out_an_ended_campaign(client: Client) -> None:
    _campaign("Summer meals", ends_on=timezone.localdate() - timedelta(days=1))
    feed = _feed(client, "/en/news/feed.atom")
    assert feed.findall(f"{ATOM}entry") == []


def test_the_campaign_download_is_one_pdf_with_the_leaflets_of_its_services(client: Client) -> None:
    campaign = _campaign()
    response = client.get(f"/en/news/{campaign.id}/leaflets.pdf")
    assert readers.is_pdf(response)
    data = readers.body(response)
    text = readers.text(data)
    for service in _services():
        assert readers.flat(service.name_en or service.name_bg) in text
    document = readers.pdf(data)
    assert document.metadata.title == "Winter help at home"
    titles = {item.title for item in document.outline}
    assert titles == {s.name_en or s.name_bg for s in _services()}


def test_the_campaign_download_ends_with_the_posters_of_the_offices_in_its_settlements(client: Client) -> None:
    campaign = _campaign()
    office = Office.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY).exclude(settlement=None).first()
    assert office is not None
    campaign.settlements.set([office.settlement])
    response = client.get(f"/en/news/{campaign.id}/leaflets.pdf")
    data = readers.body(response)
    titles = [item.title for item in readers.pdf(data).outline]
    services = len(_services())
    in_settlement = Office.objects.filter(settlement=office.settlement).order_by("name", "id")
    assert titles[services:] == [o.name for o in in_settlement]
    assert readers.flat(office.name) in readers.text(data)


def test_leaflets_handed_out_counts_the_days_of_the_period_only() -> None:
    office = Office.objects.first()
    service = _services(1)[0]
    assert office is not None
    for day, count in ((date(2026, 3, 31), 7), (date(2026, 4, 1), 10), (date(2026, 4, 30), 5), (date(2026, 5, 1), 3)):
        LeafletHandout.objects.create(service=service, office=office, handed_out_on=day, count=count)
    assert leaflets_handed_out(date(2026, 4, 1), date(2026, 4, 30)) == 15
    assert leaflets_handed_out(date(2027, 1, 1), date(2027, 1, 31)) == 0


def test_a_handout_recorded_in_the_admin_names_who_recorded_it(client: Client) -> None:
    staff = get_user_model().objects.create_superuser("front-office", "front@example.org", "pw")
    log_in(client, staff)
    office = Office.objects.first()
    service = _services(1)[0]
    assert office is not None
    response = client.post(
        "/admin/paper/leaflethandout/add/",
        {"service": service.id, "office": office.id, "handed_out_on": "2026-04-02", "count": "12"},
    )
    assert response.status_code == 302
    handout = LeafletHandout.objects.get()
    assert handout.recorded_by == staff
    assert leaflets_handed_out(date(2026, 4, 1), date(2026, 4, 30)) == 12


def test_the_download_of_a_campaign_without_services_is_still_a_pdf(client: Client) -> None:
    campaign = _campaign()
    campaign.services.clear()
    response = client.get(f"/en/news/{campaign.id}/leaflets.pdf")
    assert readers.is_pdf(response)
    assert "Winter help at home" in readers.text(readers.body(response))
