"""GET /api/v1/route on the demo territory (Sliven, SLV20): a village with its own mayoralty is served there,
one without goes to the central office; services by id or IISDA number; unknown and malformed values."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from grizha.catalog.models import Service
from grizha.demo.loader import demo_id
from grizha.territory.models import Municipality, Office, Settlement

pytestmark = pytest.mark.django_db

URL = "/api/v1/route"
BIKOVO = "04039"  # a village with its own mayoralty (SLV20-01) and its office
BOZADZHII = "05092"  # a village with no mayoralty of its own
BINKOS = "04114"  # a village whose mayoralty (SLV20-02) has no office in the demo
MAYORALTY = str(demo_id("office", "kmetstvo-bikovo"))
CENTRAL = str(demo_id("office", "central"))


def service(key: str = "informirane-konsultirane", **changes: Any) -> Service:
    found = Service.objects.get(id=demo_id("service", key))
    for name, value in changes.items():
        setattr(found, name, value)
    found.save()
    return found


def get(client: Client, **params: str) -> Any:
    return client.get(URL, params)


def answer(client: Client, **params: str) -> dict[str, Any]:
    response = get(client, **params)
    assert response.status_code == 200, response.content
    found: dict[str, Any] = response.json()
    return found


def errors(client: Client, status: int, **params: str) -> dict[str, str]:
    response = get(client, **params)
    assert response.status_code == status, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def test_a_village_with_its_own_mayoralty_is_served_there_in_bulgarian(client: Client) -> None:
    found = service(channels=["in-person", "phone"])
    route = answer(client, service=str(found.id), settlement=BIKOVO, lang="bg")
    office = route["office"]
    assert office["id"] == MAYORALTY
    assert office["kind"] == "mayoralty"
    assert office["settlement"] == {"ekatte": BIKOVO, "name": "с. Биково"}
    bikovo = Office.objects.get(id=MAYORALTY)
    assert office["address"] == bikovo.address_bg
    assert office["opening_hours"] == bikovo.opening_hours_bg
    assert (office["postal_code"], office["phone"], office["email"]) == (bikovo.postal_code, bikovo.phone, bikovo.email)
    assert (office["latitude"], office["longitude"]) == (bikovo.latitude, bikovo.longitude)
    assert route["central_office"]["id"] == CENTRAL
    assert route["service"] == {"id": str(found.id), "name": found.name_bg, "iisda_number": None}
    assert route["settlement"]["mayoralty"] == {"code": "SLV20-01", "name": "Биково"}
    assert [c["code"] for c in route["channels"]] == ["in-person", "phone"]


def test_a_village_with_its_own_mayoralty_is_served_there_in_english(client: Client) -> None:
    found = service(channels=["in-person", "post"])
    route = answer(client, service=str(found.id), settlement=BIKOVO, lang="en")
    assert route["office"]["id"] == MAYORALTY
    assert route["office"]["name"] == Office.objects.get(id=MAYORALTY).name_en
    assert route["office"]["settlement"]["name"] == "Bikovo"
    assert route["office"]["kind_label"] == "mayoralty"
    assert route["service"]["name"] == found.name_en
    assert route["channels"] == [{"code": "in-person", "label": "in person"}, {"code": "post", "label": "by post"}]
    assert route["central_office"]["kind_label"] == "central administration"


def test_the_answer_is_in_bulgarian_unless_asked_otherwise(client: Client) -> None:
    found = service()
    response = client.get(URL, {"service": str(found.id), "settlement": BIKOVO}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["settlement"]["name"] == "с. Биково"


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_a_village_without_a_mayoralty_goes_to_the_central_office(client: Client, lang: str) -> None:
    assert Settlement.objects.get(ekatte=BOZADZHII).mayoralty_id is None
    route = answer(client, service=str(service().id), settlement=BOZADZHII, lang=lang)
    assert route["office"]["id"] == CENTRAL
    assert route["office"]["kind"] == "central"
    assert route["central_office"] is None
    assert route["settlement"]["mayoralty"] is None
    assert route["settlement"]["name"] == ("с. Бозаджии" if lang == "bg" else "Bozadzhii")


def test_a_village_whose_mayoralty_has_no_office_goes_to_the_central_office(client: Client) -> None:
    assert not Office.objects.filter(mayoralty__settlements__ekatte=BINKOS).exists()
    route = answer(client, service=str(service().id), settlement=BINKOS)
    assert route["office"]["id"] == CENTRAL
    assert route["settlement"]["mayoralty"]["code"] == "SLV20-02"


def test_a_service_applied_for_only_online_goes_to_the_central_office(client: Client) -> None:
    found = service(channels=["electronic"], eservice_level="apply", url="https://e-uslugi.example.bg/2016")
    route = answer(client, service=str(found.id), settlement=BIKOVO, lang="en")
    assert route["office"]["id"] == CENTRAL
    assert route["central_office"] is None
    assert route["channels"] == [{"code": "electronic", "label": "online"}]
    assert route["eservice"] == {"level": "apply", "label": "apply online", "url": "https://e-uslugi.example.bg/2016"}


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_a_service_is_found_by_its_iisda_number(client: Client, lang: str) -> None:
    found = service(iisda_number="2016", channels=["in-person"], eservice_level="information", url="https://x.bg")
    route = answer(client, service="2016", settlement=BIKOVO, lang=lang)
    assert route["service"]["id"] == str(found.id)
    assert route["service"]["iisda_number"] == "2016"
    assert route["office"]["id"] == MAYORALTY
    assert route["eservice"]["level"] == "information"
    assert route["eservice"]["url"] is None, "information only: no address to apply at"


def test_an_inactive_service_is_not_found_by_its_number(client: Client) -> None:
    service(iisda_number="2016", status=Service.Status.INACTIVE)
    message = errors(client, 404, service="2016", settlement=BIKOVO, lang="en")["service"]
    assert message == "Sliven offers no active service with the IISDA number 2016."


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_an_unknown_settlement_is_a_404(client: Client, lang: str) -> None:
    assert not Settlement.objects.filter(ekatte="99999").exists()
    found = errors(client, 404, service=str(service().id), settlement="99999", lang=lang)
    assert set(found) == {"settlement"}
    assert "99999" in found["settlement"]
    if lang == "en":
        assert found["settlement"] == "No settlement has the EKATTE code 99999."


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_an_unknown_service_is_a_404(client: Client, lang: str) -> None:
    unknown = str(uuid.uuid4())
    found = errors(client, 404, service=unknown, settlement=BIKOVO, lang=lang)
    assert set(found) == {"service"} and unknown in found["service"]
    assert "8888" in errors(client, 404, service="8888", settlement=BIKOVO, lang=lang)["service"]


def test_a_service_of_another_municipality_is_a_404(client: Client) -> None:
    other = Municipality.objects.exclude(code="SLV20").order_by("code").first()
    assert other is not None
    theirs = Service.objects.create(municipality=other, name="Друга услуга")
    message = errors(client, 404, service=str(theirs.id), settlement=BIKOVO, lang="en")["service"]
    assert message == f"This service is offered by {other.name_en}, not by Sliven, where the settlement is."


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_malformed_values_are_each_named(client: Client, lang: str) -> None:
    found = errors(client, 400, service="social-help", settlement="4039", lang=lang)
    assert set(found) == {"service", "settlement"}
    if lang == "en":
        assert found["service"] == "Give the service's id (a UUID) or its IISDA number (digits only)."
        assert found["settlement"] == "An EKATTE code is five digits, such as 04039."


def test_missing_values_are_each_named(client: Client) -> None:
    found = errors(client, 400, lang="en")
    assert found == {
        "service": "Give the service: its id, or its IISDA number such as 2004.",
        "settlement": "Give the settlement's EKATTE code, such as 04039.",
    }


def test_an_unknown_language_is_named(client: Client) -> None:
    found = errors(client, 400, service=str(service().id), settlement=BIKOVO, lang="de")
    assert set(found) == {"lang"}


def test_the_route_takes_a_fixed_number_of_queries(client: Client) -> None:
    found = service()
    with CaptureQueriesContext(connection) as queries:
        answer(client, service=str(found.id), settlement=BIKOVO)
    assert len(queries) <= 4


def test_the_openapi_document_describes_the_answer(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/v1/route"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"service", "settlement", "lang"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/RouteAnswer"
    }
    for status in ("400", "404"):
        assert operation["responses"][status]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Errors"
        }
    components = schema["components"]["schemas"]
    assert set(components["RouteAnswer"]["properties"]) == {
        "service",
        "settlement",
        "office",
        "central_office",
        "channels",
        "eservice",
    }
    office = components["RouteOffice"]["properties"]
    for name in ("address", "postal_code", "phone", "email", "opening_hours", "latitude", "longitude", "settlement"):
        assert name in office
