"""POST /api/v1/screening on the demo catalog (Sliven, SLV20): the contract's shape, order and errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from grizha.catalog.models import Service
from grizha.demo.loader import demo_id
from grizha.screening.models import NeedSignal

pytestmark = pytest.mark.django_db

URL = "/api/v1/screening"


def post(client: Client, body: Any) -> Any:
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json")


def results(client: Client, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = post(client, body)
    assert response.status_code == 200, response.content
    found: list[dict[str, Any]] = response.json()["results"]
    return found


def by_id(found: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["service_id"]: r for r in found}


def sid(key: str) -> str:
    return str(demo_id("service", key))


def test_an_age_written_as_a_whole_float_is_a_whole_number(client: Client) -> None:
    assert results(client, {"age": 80.0, "needs": ["meals"]}) == results(client, {"age": 80, "needs": ["meals"]})


def test_an_empty_body_gives_no_results(client: Client) -> None:
    assert post(client, {}).json() == {"results": []}
    assert post(client, b"").json() == {"results": []}


def test_the_contracts_example_answers_with_every_field(client: Client) -> None:
    found = results(
        client,
        {
            "age": 78,
            "municipality": "SLV20",
            "facts": {"disability_percent": 0, "needs_assistance_of_another": False, "monthly_income_per_member": 310},
            "target_groups": {"elderly": True, "people-living-alone": True, "homeless": False},
            "needs": ["meals", "care-at-home"],
            "lang": "bg",
        },
    )
    assert found
    first = found[0]
    assert set(first) == {"service_id", "name", "match", "needs_met", "reasons", "to_check", "access_route", "url"}
    patronazh = by_id(found)[sid("patronazh")]
    assert patronazh["match"] == "eligible"
    assert patronazh["needs_met"] == ["meals", "care-at-home"]
    assert patronazh["access_route"] == "application-to-municipality"
    assert patronazh["url"].endswith(f"/services/{sid('patronazh')}/")
    assert "/en/" not in patronazh["url"]
    assert any("Храна" in reason for reason in patronazh["reasons"])
    assert patronazh["to_check"] == []
    # Needs assistance of another stated false: personal help is ruled out.
    assert sid("lichna-pomosht") not in by_id(found)
    # Trapezaria: income 310 <= 330 passes, but the group "low income" was not stated: maybe.
    trapezaria = by_id(found)[sid("trapezaria")]
    assert trapezaria["match"] == "maybe"
    assert len(trapezaria["to_check"]) == 1


def test_eligible_come_before_maybe_and_more_needs_met_first(client: Client) -> None:
    found = results(
        client,
        {"age": 78, "municipality": "SLV20", "target_groups": {"elderly": True}, "needs": ["meals", "care-at-home"]},
    )
    matches = [r["match"] for r in found]
    assert matches == sorted(matches, key=lambda m: m != "eligible")
    eligible = [r for r in found if r["match"] == "eligible"]
    met = [len(r["needs_met"]) for r in eligible]
    assert met == sorted(met, reverse=True)


def test_english_results_have_english_names_words_and_urls(client: Client) -> None:
    found = results(client, {"needs": ["meals"], "lang": "en"})
    patronazh = by_id(found)[sid("patronazh")]
    assert patronazh["url"].endswith(f"/en/services/{sid('patronazh')}/")
    assert patronazh["name"] == Service.objects.get(id=sid("patronazh")).name_en
    assert "It meets your need: Meals and food" in patronazh["reasons"]
    assert any("your age" in item or "groups" in item or "municipality" in item for item in patronazh["to_check"])


def test_unknown_facts_make_a_maybe_that_names_them(client: Client) -> None:
    found = by_id(results(client, {"needs": ["mobility-transport"], "lang": "en"}))
    transport = found[sid("specializiran-transport")]
    assert transport["match"] == "maybe"
    text = " ".join(transport["to_check"])
    assert "71%" in text and "Sliven" in text


def test_a_known_fact_rules_a_service_out(client: Client) -> None:
    body = {"needs": ["mobility-transport"], "facts": {"disability_percent": 50}}
    assert sid("specializiran-transport") not in by_id(results(client, body))
    body["facts"] = {"disability_percent": 71}
    assert sid("specializiran-transport") in by_id(results(client, body))


def test_residence_elsewhere_drops_resident_only_services_but_not_others(client: Client) -> None:
    found = by_id(results(client, {"needs": ["meals"], "municipality": "SOF46"}))
    assert sid("patronazh") not in found
    assert sid("cvn") in found  # no residence condition


def test_without_needs_candidates_come_from_groups_stated_true(client: Client) -> None:
    found = by_id(results(client, {"target_groups": {"homeless": True}}))
    assert sid("cvn") in found
    assert sid("dom-stari-hora") not in found


def test_an_inactive_service_is_never_offered(client: Client) -> None:
    found = by_id(results(client, {"needs": ["care-at-home"], "target_groups": {"elderly-unable-to-self-care": True}}))
    assert sid("patronazhna-grizha") not in found
    # temporarily closed is not active either
    assert sid("zimen-priyut") not in by_id(results(client, {"needs": ["shelter-housing"]}))


def test_scope_narrows_the_catalog_and_municipality_does_not(client: Client) -> None:
    assert results(client, {"needs": ["meals"], "scope": "SOF46"}) == []
    assert results(client, {"needs": ["meals"], "scope": "SLV20"})


def test_a_completed_screening_leaves_an_anonymous_need_signal(client: Client) -> None:
    results(client, {"age": 78, "municipality": "SLV20", "needs": ["meals"], "target_groups": {"elderly": True}})
    signal = NeedSignal.objects.get()
    assert (signal.channel, signal.municipality_id, signal.age_band) == ("api", "SLV20", "65-79")
    assert signal.needs == ["meals"] and signal.target_groups == ["elderly"]
    assert sid("patronazh") in signal.services_offered
    results(client, {})
    assert NeedSignal.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"age": -1}, "age"),
        ({"age": 500}, "age"),
        ({"age": "78"}, "age"),
        ({"age": 7.5}, "age"),
        ({"facts": {"disability_percent": 140}}, "facts.disability_percent"),
        ({"facts": {"needs_assistance_of_another": "yes"}}, "facts.needs_assistance_of_another"),
        ({"facts": {"height": 1}}, "facts.height"),
        ({"target_groups": {"aliens": True}}, "target_groups.aliens"),
        ({"target_groups": {"elderly": "yes"}}, "target_groups.elderly"),
        ({"needs": ["meals", "teleportation"]}, "needs.1"),
        ({"needs": "meals"}, "needs"),
        ({"municipality": "XXX99"}, "municipality"),
        ({"scope": "sliven"}, "scope"),
        ({"lang": "de"}, "lang"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_names_the_field(client: Client, body: dict[str, Any], field: str) -> None:
    response = post(client, body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert all(e["message"] for e in errors)
    assert NeedSignal.objects.count() == 0


def test_every_bad_field_is_named_at_once_in_the_asked_language(client: Client) -> None:
    response = post(client, {"age": -3, "needs": ["x"], "lang": "en"})
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors == {"age": "Enter a number from 0 to 130.", "needs.0": "“x” is not a code of bg-need."}
    response = post(client, {"age": -3, "lang": "bg"})
    assert response.json()["errors"][0]["message"] == "Въведете число от 0 до 130."


@pytest.mark.parametrize("body", [b"{", b"[]", b"null", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_refused(client: Client, body: bytes) -> None:
    response = post(client, body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "body"


def test_the_openapi_document_describes_the_request(client: Client) -> None:
    document = client.get("/api/openapi.json").json()
    operation = document["paths"]["/api/v1/screening"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/ScreeningRequest")
    request = document["components"]["schemas"]["ScreeningRequest"]
    assert request["additionalProperties"] is False
    assert "elderly" in json.dumps(request["properties"]["target_groups"])
