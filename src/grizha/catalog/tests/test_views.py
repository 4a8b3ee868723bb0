"""The public pages: ways in, the filtered list, the service page, and what bad input gets."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from grizha.catalog.models import (
    AccessStep,
    Address,
    Attribute,
    Capacity,
    CostOption,
    LegalReference,
    Location,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _service_with(link_type: str, code: str) -> Service:
    service = Service.objects.filter(
        status="active", attributes__link_type=link_type, attributes__taxonomy_term__code=code
    ).first()
    assert service is not None, f"the demo has a service with {link_type}={code}"
    return service


def _listed_ids(html: str) -> set[str]:
    return set(re.findall(r'href="(?:/en)?/services/([0-9a-f-]{36})/"', html))


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/", "bg", "Намерете социални услуги и подкрепа"),
        ("/en/", "en", "Find social services and support"),
    ],
)
def test_home_offers_ways_in_by_need_and_by_group(client: Client, path: str, lang: str, heading: str) -> None:
    body = client.get(path).content.decode()
    assert f'<html lang="{lang}">' in body
    assert heading in body
    assert "?need=meals" in body
    assert "?target_group=elderly" in body
    assert body.count("<h1") == 1


@pytest.mark.parametrize(
    ("path", "shown", "not_shown"), [("/", "Храна", "Meals and food"), ("/en/", "Meals and food", "Храна")]
)
def test_home_names_needs_in_the_pages_language(client: Client, path: str, shown: str, not_shown: str) -> None:
    body = client.get(path).content.decode()
    assert f'<span class="tile__title">{shown}</span>' in body
    assert not_shown not in body


def test_list_shows_every_listed_service_of_the_municipality(client: Client) -> None:
    listed = Service.objects.filter(municipality_id="SLV20", status__in=["active", "temporarily closed"])
    assert _listed_ids(client.get("/services/").content.decode()) == {str(s.id) for s in listed}


def test_filters_narrow_the_list_and_combine_with_and(client: Client) -> None:
    meals = _listed_ids(client.get("/services/?need=meals").content.decode())
    elderly_meals = _listed_ids(client.get("/services/?need=meals&target_group=elderly").content.decode())
    assert meals and elderly_meals
    assert elderly_meals <= meals
    for service_id in meals:
        assert Attribute.objects.filter(service_id=service_id, link_type="need", taxonomy_term__code="meals").exists()


def test_settlement_filter_keeps_services_given_there(client: Client) -> None:
    link = ServiceAtLocation.objects.exclude(location__settlement_id="67338").select_related("location").first()
    assert link is not None
    ids = _listed_ids(client.get(f"/services/?settlement={link.location.settlement_id}").content.decode())
    assert str(link.service_id) in ids
    assert all(
        ServiceAtLocation.objects.filter(service_id=i, location__settlement_id=link.location.settlement_id).exists()
        for i in ids
    )


@pytest.mark.parametrize(
    "query",
    [
        "need=no-such-need",
        "service_type=<script>",
        "settlement=99999",
        "settlement=%00",
        "target_group=elderly&target_group=%00",
        pytest.param("need=" + "x" * 5000, id="very-long"),
    ],
)
def test_unknown_filter_values_are_ignored_with_a_notice(client: Client, query: str) -> None:
    response = client.get(f"/services/?{query}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "не бяха разпознати" in body
    assert "<script>" not in body


def test_service_page_shows_how_to_get_it_step_by_step(client: Client) -> None:
    service = Service.objects.filter(status="active", access_steps__isnull=False).distinct().first()
    assert service is not None
    body = client.get(f"/services/{service.id}/").content.decode()
    assert service.name_bg in body
    titles = [s.title_bg for s in AccessStep.objects.filter(service=service).order_by("position")]
    positions = [body.index(t) for t in titles]
    assert positions == sorted(positions)
    for link in service.service_at_locations.select_related("location"):
        assert link.location.name_bg in body


def test_service_page_in_english_has_english_texts(client: Client) -> None:
    service = _service_with("need", "meals")
    body = client.get(f"/en/services/{service.id}/").content.decode()
    assert '<html lang="en">' in body
    assert service.name_en in body
    assert f'href="/services/{service.id}/"' in body  # the switch back to Bulgarian


def test_service_page_names_its_conditions(client: Client) -> None:
    service = Service.objects.filter(status="active", attributes__taxonomy_term__code="min-disability-percent").first()
    assert service is not None
    value = service.attributes.get(taxonomy_term__code="min-disability-percent").value
    body = client.get(f"/en/services/{service.id}/").content.decode()
    assert f"a degree of disability of at least {value}%" in body


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (f"/services/{uuid.uuid4()}/", "Страницата не е намерена"),
        (f"/en/services/{uuid.uuid4()}/", "Page not found"),
        ("/services/not-a-uuid/", "Страницата не е намерена"),
        ("/en/places/00000000-0000-0000-0000-000000000000/", "Page not found"),
    ],
)
def test_unknown_ids_get_a_helpful_404(client: Client, path: str, text: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert text in response.content.decode()


def _count_queries(client: Client, path: str) -> int:
    """Queries of one uncached render, in a process that has served a page before."""
    client.get(path)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_service_page_takes_a_fixed_number_of_queries(client: Client) -> None:
    service = Service.objects.filter(status="active").first()
    assert service is not None
    before = _count_queries(client, f"/services/{service.id}/")
    for n in range(6):
        location = Location.objects.create(name=f"Extra place {n}", settlement_id="67338")
        Address.objects.create(location=location, address_1=f"ul. {n}", city="Сливен")
        Schedule.objects.create(location=location, byday="MO,TU", opens_at="09:00", closes_at="12:00")
        Phone.objects.create(location=location, number=f"+359 44 000 00{n}")
        ServiceAtLocation.objects.create(service=service, location=location)
        AccessStep.objects.create(service=service, position=10 + n, title=f"Extra step {n}")
        LegalReference.objects.create(service=service, position=n, act="Закон за социалните услуги", article=str(n))
        CostOption.objects.create(service=service, tier="normal", amount=n, payment_methods=["cash", "card"])
        RequiredDocument.objects.create(service=service, document=f"Extra document {n}")
    after = _count_queries(client, f"/services/{service.id}/")
    assert after == before
    assert after <= 10  # the foundation issue's target


def test_list_page_takes_a_fixed_number_of_queries(client: Client) -> None:
    assert _count_queries(client, "/services/") <= 12


def test_a_cached_page_changes_when_the_catalog_does(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    service = Service.objects.filter(status="active").first()
    assert service is not None
    client.get(f"/en/services/{service.id}/")
    with django_capture_on_commit_callbacks(execute=True):
        Service.objects.filter(id=service.id).update(name_en="Renamed for the test")
        from grizha.catalog.versioning import catalog_changed

        catalog_changed()
    assert "Renamed for the test" in client.get(f"/en/services/{service.id}/").content.decode()


@pytest.mark.parametrize("path", ["/offices/", "/en/offices/", "/accessibility/", "/en/privacy/", "/sitemap.xml"])
def test_other_public_pages_answer(client: Client, path: str) -> None:
    assert client.get(path).status_code == 200


def test_offices_list_the_mayoralties(client: Client) -> None:
    from grizha.territory.models import Office

    body = client.get("/offices/").content.decode()
    mayoralties = Office.objects.filter(kind="mayoralty")
    assert mayoralties.count() >= 5
    for office in mayoralties:
        assert office.name_bg in body


def test_organization_and_place_pages_list_their_services(client: Client) -> None:
    link = ServiceAtLocation.objects.select_related("service", "location").filter(service__status="active").first()
    assert link is not None
    assert link.service.name_bg in client.get(f"/places/{link.location_id}/").content.decode()
    assert link.service.organization_id
    assert link.service.name_bg in client.get(f"/organizations/{link.service.organization_id}/").content.decode()


def _with_iisda_facts(service: Service) -> Service:
    service.iisda_number = "2016"
    service.decision_days = 14
    service.result_validity_bg, service.result_validity_en = "Безсрочно", "No expiry"
    service.appeal_body_bg, service.appeal_body_en = "Пред административния съд", "Before the administrative court"
    service.channels = ["in-person", "post"]
    service.eservice_level = "apply"
    service.save()
    LegalReference.objects.create(
        service=service,
        position=1,
        act_bg="Закон за гражданската регистрация",
        act_en="Civil Registration Act",
        article="24",
        paragraph="1",
        url="https://www.lex.bg/example",
    )
    LegalReference.objects.create(
        service=service, position=2, act_bg="Закон за местните данъци и такси", act_en="Local Taxes and Fees Act"
    )
    CostOption.objects.create(
        service=service, tier="normal", amount="2.56", option_en="Normal – within 14 days", payment_methods=["cash"]
    )
    CostOption.objects.create(service=service, tier="express", amount="5.11", payment_methods=["cash", "card"])
    Capacity.objects.update_or_create(
        service=service,
        defaults={
            "places": 30,
            "funded_places": 25,
            "funding_decision_bg": "Решение № 1000 на Министерския съвет",
            "funding_decision_en": "Council of Ministers Decision No 1000",
        },
    )
    return service


def test_service_page_shows_the_iisda_and_national_map_facts_when_filled(client: Client) -> None:
    service = _with_iisda_facts(_service_with("need", "meals"))
    # The request switches the language of this thread; override() puts back the one before it.
    with translation.override("en"):
        body = client.get(f"/en/services/{service.id}/").content.decode()
    assert f'<a href="{service.iisda_url}">IISDA number 2016</a>' in body
    assert '<a href="https://www.lex.bg/example">Art. 24, para. 1 of the Civil Registration Act</a>' in body
    assert "<li>Local Taxes and Fees Act</li>" in body
    assert "<dt>Deadline for a decision</dt><dd>14 days</dd>" in body
    assert "<dt>Validity of the result</dt><dd>No expiry</dd>" in body
    assert "<dt>Where to appeal</dt><dd>Before the administrative court</dd>" in body
    assert "<dt>Ways to apply</dt><dd>In person, by post</dd>" in body
    assert "<dt>On the internet</dt><dd>Apply online</dd>" in body
    assert '<th scope="col">Ways to pay</th>' in body
    assert '<th scope="row">Normal – within 14 days</th><td>2.56 EUR</td><td>In cash</td>' in body
    assert '<th scope="row">Express</th><td>5.11 EUR</td><td>In cash, by card</td>' in body
    assert "<dt>Places funded by the state</dt><dd>25" in body
    assert "National Map of Social Services: Council of Ministers Decision No 1000" in body


def test_service_page_in_bulgarian_shows_the_bulgarian_texts_of_the_facts(client: Client) -> None:
    service = _with_iisda_facts(_service_with("need", "meals"))
    body = client.get(f"/services/{service.id}/").content.decode()
    assert "Безсрочно" in body
    assert "Пред административния съд" in body
    assert "Закон за гражданската регистрация" in body


def test_service_page_leaves_out_the_facts_it_does_not_have(client: Client) -> None:
    service = _service_with("need", "meals")
    Service.objects.filter(id=service.id).update(
        iisda_number="", decision_days=None, result_validity="", appeal_body="", channels=[], eservice_level=""
    )
    LegalReference.objects.filter(service=service).delete()
    CostOption.objects.filter(service=service).update(payment_methods=[])
    Capacity.objects.filter(service=service).update(funded_places=None)
    with translation.override("en"):
        body = client.get(f"/en/services/{service.id}/").content.decode()
    for absent in (
        "IISDA number",
        "Legal basis, provision by provision",
        "Deadline for a decision",
        "Validity of the result",
        "Where to appeal",
        "Ways to apply",
        "Ways to pay",
        "Places funded by the state",
    ):
        assert absent not in body
