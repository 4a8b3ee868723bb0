"""The HSDS API: envelope, filters, our extensions, conditional GET, CORS and the OpenAPI document."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.test import Client

from grizha.catalog import models as m
from grizha.territory.geo import great_circle_km

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parent / "examples" / "compiled_service.json").read_text())
PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def get(client: Client, url: str, **headers: Any) -> Any:
    response = client.get(url, headers=headers)
    return response


def test_root_names_the_version_and_the_openapi_document(client: Client) -> None:
    body = client.get("/api/hsds/").json()
    assert body["version"] == "3.0.0"
    assert body["openapi_url"].endswith("/api/openapi.json")
    assert body["profile"]


def test_services_come_in_a_page_envelope_ordered_by_name(client: Client) -> None:
    body = client.get("/api/hsds/services?per_page=10&page=2").json()
    total = m.Service.objects.count()
    assert set(body) == PAGE_KEYS
    assert (body["total_items"], body["total_pages"], body["page_number"], body["size"]) == (
        total,
        -(-total // 10),
        2,
        10,
    )
    assert (body["first_page"], body["last_page"], body["empty"]) == (False, False, False)
    expected = list(m.Service.objects.order_by("name_bg", "id").values_list("id", flat=True)[10:20])
    assert [item["id"] for item in body["contents"]] == [str(i) for i in expected]
    beyond = client.get("/api/hsds/services?per_page=10&page=999").json()
    assert (beyond["size"], beyond["empty"], beyond["last_page"]) == (0, True, True)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("per_page=0", "per_page"),
        ("per_page=1001", "per_page"),
        ("page=0", "page"),
        ("page=x", "page"),
        ("format=xml", "format"),
        ("lang=de", "lang"),
        ("taxonomy_term_id=nope", "taxonomy_term_id"),
        ("modified_after=yesterday", "modified_after"),
        ("municipality=X99", "municipality"),
        ("settlement=sliven", "settlement"),
        ("lat=42.6&lng=26.3", "radius_km"),
        ("radius_km=5", "lat"),
        ("lat=100&lng=26&radius_km=5", "lat"),
    ],
)
def test_invalid_parameters_get_400_naming_the_field(client: Client, query: str, field: str) -> None:
    response = client.get(f"/api/hsds/services?{query}")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(error["field"] == field and error["message"] for error in errors), errors


def test_one_service_is_fully_nested_and_valid(client: Client) -> None:
    service = m.Service.objects.filter(service_at_locations__isnull=False).first()
    assert service is not None
    body = client.get(f"/api/hsds/services/{service.id}").json()
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(body)
    assert body["service_at_locations"][0]["location"]["addresses"]
    assert body["name"] == service.name_bg
    english = client.get(f"/api/hsds/services/{service.id}?lang=en").json()
    assert english["name"] == service.name_en
    assert english["translations"]["bg"]["name"] == service.name_bg


@pytest.mark.parametrize("path", [f"services/{uuid.uuid4()}", "services/not-a-uuid", "organizations/1", "taxonomies/x"])
def test_unknown_or_malformed_ids_get_404_with_json(client: Client, path: str) -> None:
    response = client.get(f"/api/hsds/{path}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "id"


def test_filters_combine_with_and(client: Client) -> None:
    term = m.TaxonomyTerm.objects.get(taxonomy__code="bg-need", code="meals")
    body = client.get(f"/api/hsds/services?taxonomy_term_id={term.id}&per_page=1000").json()
    expected = set(m.Service.objects.filter(attributes__taxonomy_term=term).values_list("id", flat=True))
    assert {uuid.UUID(s["id"]) for s in body["contents"]} == expected and expected
    org = m.Service.objects.filter(attributes__taxonomy_term=term).exclude(organization=None).first()
    assert org is not None
    both = client.get(
        f"/api/hsds/services?taxonomy_term_id={term.id}&organization_id={org.organization_id}&per_page=1000"
    ).json()
    expected_both = {s for s in expected if m.Service.objects.get(id=s).organization_id == org.organization_id}
    assert {uuid.UUID(s["id"]) for s in both["contents"]} == expected_both
    taxonomy = client.get(f"/api/hsds/services?taxonomy_id={term.taxonomy_id}&per_page=1000").json()
    assert taxonomy["total_items"] >= len(expected)


def test_municipality_and_settlement_filters(client: Client) -> None:
    assert (
        client.get("/api/hsds/services?municipality=SLV20").json()["total_items"]
        == m.Service.objects.filter(municipality_id="SLV20").count()
    )
    assert client.get("/api/hsds/services?municipality=BGS04").json()["total_items"] == 0
    assert client.get("/api/hsds/services?municipality=XXX99").json()["total_items"] == 0
    village = m.Location.objects.exclude(settlement_id="67338").exclude(settlement=None).first()
    assert village is not None
    body = client.get(f"/api/hsds/services?settlement={village.settlement_id}&per_page=1000").json()
    expected = set(
        m.Service.objects.filter(service_at_locations__location__settlement_id=village.settlement_id).values_list(
            "id", flat=True
        )
    )
    assert {uuid.UUID(s["id"]) for s in body["contents"]} == expected


def test_services_near_a_point_come_nearest_first_within_the_radius(client: Client) -> None:
    lat, lng = 42.6817, 26.3229  # the centre of Sliven
    body = client.get(f"/api/hsds/services?lat={lat}&lng={lng}&radius_km=3&per_page=1000").json()
    distances = [item["distance_km"] for item in body["contents"]]
    assert distances and distances == sorted(distances) and max(distances) <= 3
    for item in body["contents"][:5]:
        places = m.Location.objects.filter(service_at_locations__service_id=item["id"]).exclude(latitude=None)
        nearest = min(great_circle_km(lat, lng, p.latitude, p.longitude) for p in places)
        assert abs(nearest - item["distance_km"]) < 0.001
    far = client.get(f"/api/hsds/services?lat={lat}&lng={lng}&radius_km=1000&per_page=1").json()
    assert far["total_items"] > body["total_items"]


def test_search_returns_active_services_names_first(client: Client) -> None:
    body = client.get("/api/hsds/services?search=патронаж").json()
    assert body["total_items"] >= 1
    assert "патронаж" in body["contents"][0]["name"].lower()
    assert all(item["status"] == "active" for item in body["contents"])


def test_minimal_full_and_ndjson(client: Client) -> None:
    minimal = client.get("/api/hsds/services?minimal=true&per_page=3").json()["contents"]
    assert all(set(item) == {"id", "last_modified"} for item in minimal)
    full = client.get("/api/hsds/services?full=true&per_page=3").json()["contents"]
    assert all("service_at_locations" in item for item in full)
    listed = client.get("/api/hsds/services?per_page=3").json()["contents"]
    assert all("service_at_locations" not in item for item in listed)
    response = client.get("/api/hsds/services?format=ndjson&per_page=3")
    assert response["Content-Type"] == "application/x-ndjson"
    lines = response.content.decode().splitlines()
    assert [json.loads(line)["id"] for line in lines] == [item["id"] for item in listed]


def test_the_other_endpoints(client: Client) -> None:
    orgs = client.get("/api/hsds/organizations?per_page=100").json()
    assert orgs["total_items"] == m.Organization.objects.count()
    org_id = orgs["contents"][0]["id"]
    one = client.get(f"/api/hsds/organizations/{org_id}?full_service=true").json()
    assert one["id"] == org_id and "services" in one
    taxonomies = client.get("/api/hsds/taxonomies").json()
    assert taxonomies["total_items"] == m.Taxonomy.objects.count()
    tax_id = taxonomies["contents"][0]["id"]
    assert client.get(f"/api/hsds/taxonomies/{tax_id}").json()["id"] == tax_id
    terms = client.get(f"/api/hsds/taxonomy_terms?taxonomy_id={tax_id}&top_only=true&per_page=1000").json()
    assert terms["total_items"] == m.TaxonomyTerm.objects.filter(taxonomy_id=tax_id, parent=None).count()
    term = client.get(f"/api/hsds/taxonomy_terms/{terms['contents'][0]['id']}").json()
    assert term["taxonomy_detail"]["id"] == tax_id
    sals = client.get("/api/hsds/service_at_locations?per_page=5").json()
    assert sals["total_items"] == m.ServiceAtLocation.objects.count()
    sal = client.get(f"/api/hsds/service_at_locations/{sals['contents'][0]['id']}").json()
    assert sal["location"]["id"] and sal["service"]["id"]


def test_conditional_get_with_etag_and_last_modified(client: Client, django_capture_on_commit_callbacks: Any) -> None:
    first = client.get("/api/hsds/services?per_page=5")
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"]
    again = client.get("/api/hsds/services?per_page=5", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    since = client.get("/api/hsds/services?per_page=5", headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    other_page = client.get("/api/hsds/services?per_page=5&page=2", headers={"If-None-Match": first["ETag"]})
    assert other_page.status_code == 200
    service = m.Service.objects.first()
    assert service is not None
    with django_capture_on_commit_callbacks(execute=True):
        service.name_bg = service.name_bg + " (нов)"
        service.save()
    changed = client.get("/api/hsds/services?per_page=5", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200


def test_cors_lets_any_site_read_the_open_data(client: Client) -> None:
    response = client.get("/api/hsds/services?per_page=1", headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/hsds/services", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get("/healthz").headers


def test_openapi_describes_every_endpoint(client: Client) -> None:
    document = client.get("/api/openapi.json").json()
    paths = set(document["paths"])
    for endpoint in (
        "/",
        "/services",
        "/services/{id}",
        "/organizations",
        "/organizations/{id}",
        "/taxonomies",
        "/taxonomies/{id}",
        "/taxonomy_terms",
        "/taxonomy_terms/{id}",
        "/service_at_locations",
        "/service_at_locations/{id}",
    ):
        assert f"/api/hsds{endpoint}" in paths
    parameters = {p["name"] for p in document["paths"]["/api/hsds/services"]["get"]["parameters"]}
    assert {
        "search",
        "page",
        "per_page",
        "taxonomy_term_id",
        "taxonomy_id",
        "organization_id",
        "modified_after",
    } <= parameters
    assert {"minimal", "full", "format", "lang", "municipality", "settlement", "lat", "lng", "radius_km"} <= parameters
    assert "hsds_service" in document["components"]["schemas"]
