"""Many municipalities in one installation: each host name shows its own municipality's catalogue, base
URL and look; the national host shows them all; without a Site the settings decide, as before."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import override_settings
from django.utils import translation
from django.utils.html import escape

from grizha.accounts.testing import log_in_as
from grizha.catalog.models import Service
from grizha.core.contrast import contrast_ratio
from grizha.demo.accounts import ensure_demo_accounts
from grizha.paper.qr import page_url
from grizha.search.services import search_index_refresh
from grizha.territory.models import Site
from grizha.territory.sites import (
    SiteMiddleware,
    current_base_url,
    current_municipality,
    forget_sites,
    site_for_host,
)

pytestmark = pytest.mark.django_db

SLIVEN, SOFIA = "SLV20", "SOF46"
HOSTS = ["sliven.example", "sofia.example", "bg.example", "other.example", "testserver"]


@pytest.fixture(autouse=True)
def _sites() -> Iterator[None]:
    """Three sites; what a process remembers of hosts is forgotten before and after, as the rows go."""
    forget_sites()
    cache.clear()
    Site.objects.create(host="sliven.example", municipality_id=SLIVEN, base_url="https://sliven.example")
    Site.objects.create(
        host="sofia.example", municipality_id=SOFIA, base_url="https://sofia.example", accent_colour="#8a1c1c"
    )
    Site.objects.create(host="bg.example", municipality=None, base_url="https://bg.example")
    with override_settings(ALLOWED_HOSTS=HOSTS):
        yield
    forget_sites()
    cache.clear()


@pytest.fixture
def sofia_service() -> Service:
    name = "Домашен помощник в София"
    service = Service.objects.create(municipality_id=SOFIA, name=name, name_bg=name, name_en=name, status="active")
    search_index_refresh(service_ids=[service.id])
    return service


@pytest.fixture
def sliven_service() -> Service:
    service = Service.objects.filter(municipality_id=SLIVEN, status="active").order_by("name").first()
    assert service is not None
    return service


def _get(client: Client, host: str, path: str) -> str:
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, (host, path, response.status_code)
    return response.content.decode()


def _listed(html: str) -> set[str]:
    return set(re.findall(r'href="(?:/en)?/services/([0-9a-f-]{36})/"', html))


def test_each_host_lists_its_own_municipality(client: Client, sofia_service: Service, sliven_service: Service) -> None:
    sliven = _listed(_get(client, "sliven.example", "/en/services/"))
    sofia = _listed(_get(client, "sofia.example", "/en/services/"))
    assert str(sliven_service.id) in sliven and str(sofia_service.id) not in sliven
    assert sofia == {str(sofia_service.id)}


def test_the_national_host_lists_every_municipality(
    client: Client, sofia_service: Service, sliven_service: Service
) -> None:
    body = _get(client, "bg.example", "/en/services/")
    assert {str(sofia_service.id), str(sliven_service.id)} <= _listed(body)
    assert "Social services in Bulgaria" in body


def test_search_on_a_host_finds_only_its_municipality(client: Client, sofia_service: Service) -> None:
    assert str(sofia_service.id) in _listed(_get(client, "sofia.example", "/en/services/?q=помощник"))
    assert str(sofia_service.id) not in _listed(_get(client, "sliven.example", "/en/services/?q=помощник"))
    assert str(sofia_service.id) in _listed(_get(client, "bg.example", "/en/services/?q=помощник"))


def test_an_unknown_host_is_served_as_the_single_installation(client: Client, sofia_service: Service) -> None:
    # other.example is allowed but has no Site: GRIZHA_MUNICIPALITY (Sliven) and GRIZHA_BASE_URL, as before.
    body = _get(client, "other.example", "/en/services/")
    assert str(sofia_service.id) not in _listed(body)
    assert "Municipality of Sliven" in body


def test_a_host_outside_allowed_hosts_is_refused(client: Client) -> None:
    assert client.get("/en/services/", HTTP_HOST="evil.example").status_code == 400


def test_the_host_is_matched_without_port_or_case() -> None:
    found = site_for_host("SOFIA.example:8443")
    assert found is not None and found.municipality == SOFIA


def test_cached_pages_do_not_leak_between_hosts(client: Client, sofia_service: Service) -> None:
    """The same path, same language, same catalog version: each host still gets its own page."""
    for path in ("/en/", "/en/services/"):
        sliven_first = _get(client, "sliven.example", path)
        sofia = _get(client, "sofia.example", path)
        sliven_again = _get(client, "sliven.example", path)
        assert "Municipality of Sofia" in sofia or "Municipality of Столична" in sofia, path
        assert "Municipality of Sliven" in sliven_first and "Municipality of Sliven" in sliven_again, path
        assert "Municipality of Sliven" not in sofia, path
    assert str(sofia_service.id) in _listed(_get(client, "sofia.example", "/en/services/"))
    assert str(sofia_service.id) not in _listed(_get(client, "sliven.example", "/en/services/"))


def test_absolute_links_use_the_site_base_url(client: Client, sliven_service: Service) -> None:
    sitemap = client.get("/sitemap.xml", HTTP_HOST="sliven.example").content.decode()
    assert f"https://sliven.example/services/{sliven_service.id}/" in sitemap
    assert "127.0.0.1" not in sitemap

    seen: dict[str, object] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen.update(
            municipality=current_municipality(),
            base=current_base_url(),
            qr=page_url("service-detail", sliven_service.id, language="en"),
        )
        return HttpResponse("ok")

    SiteMiddleware(view)(RequestFactory().get("/", HTTP_HOST="sofia.example"))
    assert seen == {
        "municipality": SOFIA,
        "base": "https://sofia.example",
        "qr": f"https://sofia.example/en/services/{sliven_service.id}/",
    }


def test_outside_a_request_the_settings_decide() -> None:
    assert current_municipality() == django_settings.GRIZHA_MUNICIPALITY == SLIVEN
    assert current_base_url() == django_settings.GRIZHA_BASE_URL


def test_the_site_accent_colour_is_on_the_page(client: Client) -> None:
    sofia = _get(client, "sofia.example", "/en/")
    assert "--accent: #8a1c1c;" in sofia
    assert "--accent:" not in _get(client, "sliven.example", "/en/")


def test_high_contrast_keeps_its_own_colours(client: Client) -> None:
    client.cookies["grizha_display"] = "high-contrast"
    assert "--accent:" not in _get(client, "sofia.example", "/en/")


def test_a_site_name_replaces_the_municipality_in_the_header(client: Client) -> None:
    Site.objects.filter(host="sofia.example").update(name_bg="Грижа в София", name_en="Care in Sofia")
    forget_sites()
    assert "Care in Sofia" in _get(client, "sofia.example", "/en/offices/")


def _admin_add(colour: str) -> HttpResponse:
    ensure_demo_accounts()
    client = log_in_as(Client(), "admin")
    data = {"host": "varna.example", "municipality": "", "base_url": "https://varna.example", "accent_colour": colour}
    data |= {"name_bg": "", "name_en": "", "logo": ""}
    response: HttpResponse = client.post("/admin/territory/site/add/", data, HTTP_HOST="testserver")
    return response


def test_the_admin_refuses_a_colour_failing_contrast() -> None:
    ratio = contrast_ratio("#ffcc00", "#ffffff")
    assert ratio < 4.5
    response = _admin_add("#ffcc00")
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors.as_data()["accent_colour"]
    assert error.code == "contrast"
    # The message says how much contrast the colour has and how much it needs, in the admin's language.
    message = str(error.message) % error.params
    assert "1.51:1" in message and "4.5:1" in message
    assert escape(message) in response.content.decode()
    assert not Site.objects.filter(host="varna.example").exists()


def test_the_admin_accepts_a_dark_enough_colour() -> None:
    response = _admin_add("#00454c")
    assert response.status_code == 302
    assert Site.objects.get(host="varna.example").accent_colour == "#00454c"


@pytest.mark.parametrize("host", ["varna.example:8000", "varna.example/x"])
def test_a_host_with_a_port_or_path_is_refused(host: str) -> None:
    site = Site(host=host, base_url="https://varna.example")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        site.full_clean()
    with translation.override("en"):
        assert refused.value.message_dict == {"host": ["Enter the host name alone, without a port or a path."]}


def test_a_plain_http_base_url_is_refused() -> None:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        Site(host="varna.example", base_url="http://varna.example").full_clean()
    with translation.override("en"):
        assert refused.value.message_dict == {"base_url": ["Enter an address that starts with https://."]}
