"""Search where people use it: the public list page (q), the HSDS API (search) and the thesaurus in the admin."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from grizha.accounts.testing import log_in_as
from grizha.catalog.models import TaxonomyTerm
from grizha.demo.accounts import ensure_demo_accounts
from grizha.demo.loader import demo_id
from grizha.search.models import ThesaurusEntry

pytestmark = pytest.mark.django_db

PATRONAGE = demo_id("service", "patronazh")


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def listed(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'href="(?:/en)?/services/([0-9a-f-]{36})/"', html)))


def test_home_and_list_pages_have_a_search_box(client: Client) -> None:
    for path in ("/", "/services/", "/en/"):
        body = client.get(path).content.decode()
        assert 'role="search"' in body and 'name="q"' in body and '<label for="q">' in body, path


def test_the_list_page_orders_by_relevance_when_asked(client: Client) -> None:
    body = client.get("/services/?q=domashen+patronaj").content.decode()
    assert listed(body)[0] == str(PATRONAGE)
    assert 'value="domashen patronaj"' in body  # kept in the box, and in the filters' form
    everything = listed(client.get("/services/").content.decode())
    assert len(listed(body)) < len(everything)


def test_the_list_page_combines_words_and_filters(client: Client) -> None:
    ids = listed(client.get("/services/?q=обяд&target_group=homeless").content.decode())
    assert ids and str(PATRONAGE) not in ids
    assert ids[0] == str(demo_id("service", "topal-obyad"))


def test_the_list_page_lists_a_temporarily_closed_service_found(client: Client) -> None:
    body = client.get("/services/?q=зимен+приют").content.decode()
    assert listed(body)[0] == str(demo_id("service", "zimen-priyut"))


def test_no_match_says_what_to_do(client: Client) -> None:
    body = client.get("/en/services/?q=zzzzqqqq").content.decode()
    assert listed(body) == []
    assert "No service matches your words" in body


def test_the_list_page_searches_in_a_fixed_number_of_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(20):
        client.get("/services/?q=pomosht+za+vuzrastni")


def test_the_api_search_is_best_match_first_and_combines_with_other_parameters(client: Client) -> None:
    body = client.get("/api/hsds/services?search=domashen+patronaj").json()
    assert body["contents"][0]["id"] == str(PATRONAGE)
    assert all(item["status"] == "active" for item in body["contents"])
    meals = TaxonomyTerm.objects.get(taxonomy__code="bg-need", code="meals")
    narrowed = client.get(f"/api/hsds/services?search=baba&taxonomy_term_id={meals.id}&per_page=2").json()
    assert narrowed["size"] == 2 and narrowed["total_items"] >= 2
    assert narrowed["contents"][0]["id"] in {str(demo_id("service", k)) for k in ("dc-vazrastni", "patronazh")}
    page_two = client.get(f"/api/hsds/services?search=baba&taxonomy_term_id={meals.id}&per_page=2&page=2").json()
    assert not {i["id"] for i in page_two["contents"]} & {i["id"] for i in narrowed["contents"]}
    elsewhere = client.get("/api/hsds/services?search=patronaj&municipality=SOF46").json()
    assert elsewhere["total_items"] == 0


def test_the_api_search_near_a_point_keeps_relevance_order(client: Client) -> None:
    body = client.get("/api/hsds/services?search=обяд&lat=42.6817&lng=26.3229&radius_km=30").json()
    assert body["contents"][0]["id"] == str(demo_id("service", "topal-obyad"))
    assert all("distance_km" in item for item in body["contents"])


@pytest.fixture
def editor(client: Client) -> Client:
    ensure_demo_accounts()
    log_in_as(client, "editor")
    return client


def test_a_catalog_editor_extends_the_thesaurus_in_the_admin(
    editor: Client, django_capture_on_commit_callbacks: Any
) -> None:
    assert editor.get("/admin/search/thesaurusentry/").status_code == 200
    form = editor.get("/admin/search/thesaurusentry/add/").content.decode()
    meals = TaxonomyTerm.objects.select_related("taxonomy").get(taxonomy__code="bg-need", code="meals")
    assert f"{meals.taxonomy.name} — {meals.name}" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            "/admin/search/thesaurusentry/add/",
            {"phrase": "манджа", "language": "bg", "words": "топъл обяд", "terms": [str(meals.id)]},
        )
    assert response.status_code == 302
    assert ThesaurusEntry.objects.filter(phrase="манджа", terms=meals).exists()
    ids = listed(editor.get("/services/?q=манджа").content.decode())
    assert ids[0] == str(demo_id("service", "topal-obyad"))


def test_the_api_searches_services_at_locations_too(client: Client) -> None:
    body = client.get("/api/hsds/service_at_locations?search=patronaj&per_page=100").json()
    assert body["total_items"] >= 1
    assert str(PATRONAGE) in {item["service_id"] for item in body["contents"]}
    assert client.get("/api/hsds/service_at_locations?search=" + "0" * 300).status_code == 200
