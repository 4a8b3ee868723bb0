"""The list of services as search results: filters by the place's accessibility, cost and office; order by
relevance, name or distance; matches marked; "did you mean"; a helpful empty state; bad input."""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from grizha.catalog.models import Attribute, CostOption, Location, Service, ServiceAtLocation, TaxonomyTerm
from grizha.demo.loader import demo_id
from grizha.territory.geo import great_circle_km
from grizha.territory.models import Office, Settlement

pytestmark = pytest.mark.django_db

SLIVEN = "SLV20"
KERMEN = "36779"  # a small town with its own mayoralty
BOZADZHII = "05092"  # a village where the demo gives no service
PATRONAGE = demo_id("service", "patronazh")


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def listed(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'href="(?:/en)?/services/([0-9a-f-]{36})/"', html)))


def page(client: Client, query: str, *, lang: str = "en") -> str:
    prefix = "/en" if lang == "en" else ""
    response = client.get(f"{prefix}/services/?{query}")
    assert response.status_code == 200
    return response.content.decode()


def _listed_ids() -> set[str]:
    return {
        str(i)
        for i in Service.objects.filter(
            municipality_id=SLIVEN, status__in=["active", "temporarily closed"]
        ).values_list("id", flat=True)
    }


def _place(service: Service, settlement: str, point: tuple[float, float] | None, *features: str) -> Location:
    location = Location.objects.create(
        name=f"Place of {service.name}",
        settlement_id=settlement,
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
    )
    ServiceAtLocation.objects.create(service=service, location=location)
    for code in features:
        term = TaxonomyTerm.objects.get(taxonomy__code="bg-accessibility", code=code)
        Attribute.objects.create(
            location=location, link_entity="location", link_type="accessibility", taxonomy_term=term
        )
    return location


def _service(name: str) -> Service:
    return Service.objects.create(municipality_id=SLIVEN, name=name, name_bg=name, name_en=name, status="active")


# --- filters -------------------------------------------------------------------------------------------


def test_the_accessibility_filter_keeps_services_with_a_place_that_has_it() -> None:
    client = Client()
    ids = listed(page(client, "accessibility=hearing-loop"))
    assert ids
    for service_id in ids:
        assert Attribute.objects.filter(
            link_type="accessibility",
            taxonomy_term__code="hearing-loop",
            location__service_at_locations__service_id=service_id,
        ).exists()
    assert len(ids) < len(_listed_ids())


def test_every_accessibility_feature_ticked_must_be_at_one_place(client: Client) -> None:
    split = _service("Услуга с две отделни места")
    _place(split, BOZADZHII, None, "hearing-loop")
    _place(split, BOZADZHII, None, "braille")
    together = _service("Услуга с всичко на едно място")
    _place(together, BOZADZHII, None, "hearing-loop", "braille")
    both = listed(page(client, f"settlement={BOZADZHII}&accessibility=hearing-loop&accessibility=braille"))
    assert both == [str(together.id)]
    one = listed(page(client, f"settlement={BOZADZHII}&accessibility=braille"))
    assert set(one) == {str(split.id), str(together.id)}


def test_the_free_filter_keeps_services_whose_every_cost_is_nothing(client: Client) -> None:
    ids = set(listed(page(client, "free=yes")))
    assert str(demo_id("service", "informirane-konsultirane")) in ids
    assert str(PATRONAGE) not in ids  # meals at cost price
    assert str(demo_id("service", "dc-deca-mladezhi")) not in ids  # free for children, a fee for young adults
    assert str(demo_id("service", "asistentska-podkrepa")) not in ids  # a share of income: not known to be free
    for service_id in ids:
        costs = CostOption.objects.filter(service_id=service_id)
        assert costs.exists() and all(c.amount == Decimal(0) for c in costs)


def test_a_service_without_cost_options_is_not_known_to_be_free(client: Client) -> None:
    silent = _service("Услуга без цена")
    _place(silent, BOZADZHII, None)
    assert listed(page(client, f"settlement={BOZADZHII}")) == [str(silent.id)]
    assert listed(page(client, f"settlement={BOZADZHII}&free=yes")) == []


def test_a_mayoralty_filter_keeps_services_with_a_place_in_its_villages(client: Client) -> None:
    office = Office.objects.get(id=demo_id("office", "kmetstvo-kermen"))
    ids = listed(page(client, f"office={office.id}"))
    villages = set(Settlement.objects.filter(mayoralty_id=office.mayoralty_id).values_list("ekatte", flat=True))
    assert ids
    for service_id in ids:
        assert ServiceAtLocation.objects.filter(service_id=service_id, location__settlement_id__in=villages).exists()
    in_town_only = Service.objects.filter(service_at_locations__location__settlement_id="67338").exclude(
        service_at_locations__location__settlement_id__in=villages
    )
    assert not {str(s.id) for s in in_town_only} & set(ids)


def test_the_central_office_filter_keeps_services_in_its_town(client: Client) -> None:
    office = Office.objects.get(municipality_id=SLIVEN, kind="central")
    ids = listed(page(client, f"office={office.id}"))
    assert str(PATRONAGE) in ids
    for service_id in ids:
        assert ServiceAtLocation.objects.filter(
            service_id=service_id, location__settlement_id=office.settlement_id
        ).exists()


def test_the_office_list_offers_central_offices_and_mayoralties(client: Client) -> None:
    html = page(client, "")
    assert '<label for="f-office">' in html
    for office in Office.objects.filter(municipality_id=SLIVEN):
        assert f'<option value="{office.id}"' in html


def test_filters_combine_and_keep_the_words_and_the_order(client: Client) -> None:
    html = page(client, f"q=обяд&free=yes&accessibility=step-free-access&sort=distance&near={KERMEN}")
    ids = listed(html)
    assert ids and str(PATRONAGE) not in ids
    assert str(demo_id("service", "topal-obyad")) in ids
    filters = html[html.index('class="filters"') : html.index("</form>", html.index('class="filters"'))]
    for hidden in ('name="q" value="обяд"', 'name="sort" value="distance"', f'name="near" value="{KERMEN}"'):
        assert hidden in filters
    order = html[html.index('class="sort-form"') :]
    assert 'name="free" value="yes"' in order and 'name="accessibility" value="step-free-access"' in order


# --- order ---------------------------------------------------------------------------------------------


@pytest.fixture
def around_kermen() -> list[Service]:
    """Four services in Bozadzhii: three at known points north of Kermen, one known only by its village."""
    kermen = Settlement.objects.get(ekatte=KERMEN)
    assert kermen.latitude is not None and kermen.longitude is not None
    far, near, middle, village = (_service(n) for n in ("Далечна", "Близка", "Средна", "Селска"))
    _place(far, BOZADZHII, (kermen.latitude + 0.30, kermen.longitude))
    _place(near, BOZADZHII, (kermen.latitude + 0.005, kermen.longitude))
    _place(middle, BOZADZHII, (kermen.latitude + 0.20, kermen.longitude))
    _place(middle, BOZADZHII, (kermen.latitude + 0.60, kermen.longitude))  # its nearest place counts
    _place(village, BOZADZHII, None)  # measured from the village's EKATTE point
    return [near, village, middle, far]


def test_sorting_by_distance_from_a_settlement_puts_the_nearest_first(
    client: Client, around_kermen: list[Service]
) -> None:
    html = page(client, f"settlement={BOZADZHII}&sort=distance&near={KERMEN}")
    assert listed(html) == [str(s.id) for s in around_kermen]
    kermen = Settlement.objects.get(ekatte=KERMEN)
    km = great_circle_km(kermen.latitude, kermen.longitude, kermen.latitude + 0.20, kermen.longitude)  # type: ignore[arg-type]
    assert f"about {round(km)} km" in html
    assert "less than 1 km" in html
    assert '<option value="distance" selected>' in html


def test_sorting_by_distance_from_the_visitors_position(client: Client, around_kermen: list[Service]) -> None:
    kermen = Settlement.objects.get(ekatte=KERMEN)
    html = page(client, f"settlement={BOZADZHII}&sort=distance&lat={kermen.latitude}&lng={kermen.longitude}")
    assert listed(html) == [str(s.id) for s in around_kermen]
    assert "Your location" in html


def test_distances_are_shown_only_when_sorting_by_distance(client: Client, around_kermen: list[Service]) -> None:
    html = page(client, f"settlement={BOZADZHII}&near={KERMEN}")
    assert " km</dd>" not in html
    assert listed(html) == sorted(listed(html), key=lambda i: Service.objects.get(id=i).name)


def test_a_service_without_a_place_comes_last_by_distance(client: Client) -> None:
    placeless = _service("Аааа услуга по телефона")  # first by name, last by distance
    html = page(client, f"sort=distance&near={KERMEN}")
    assert listed(html)[-1] == str(placeless.id)
    assert "no address to measure from" in html


def test_a_search_is_by_relevance_and_can_be_by_name(client: Client) -> None:
    by_relevance = listed(page(client, "q=обяд"))
    assert by_relevance[0] == str(demo_id("service", "topal-obyad"))
    by_name = listed(page(client, "q=обяд&sort=name", lang="bg"))
    assert set(by_name) == set(by_relevance)
    names = [Service.objects.get(id=i).name_bg for i in by_name]
    assert names == sorted(names)


def test_distance_asked_for_without_a_place_says_what_to_do(client: Client) -> None:
    html = page(client, "sort=distance")
    assert "To sort by distance, choose the settlement to measure from" in html
    assert set(listed(html)) == _listed_ids()


def test_the_location_button_is_there_only_for_javascript(client: Client) -> None:
    html = page(client, "")
    assert re.search(r'<div class="near-me" data-near-me hidden', html)
    assert "/static/catalog/near-me.js" in html


# --- words marked, did you mean ------------------------------------------------------------------------


def test_the_words_found_are_marked_in_names_and_summaries(client: Client) -> None:
    html = page(client, "q=patronaj", lang="bg")
    card = html[html.index(f"/services/{PATRONAGE}/") :]
    card = card[: card.index("</li>")]
    assert "<mark>патронаж</mark>" in card
    assert html.count("<mark>") >= 2


def test_a_search_for_markup_is_shown_as_text(client: Client) -> None:
    html = page(client, "q=" + quote("<script>alert(1)</script> обяд"))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; обяд" in html


def test_a_misspelt_word_offers_the_corrected_words(client: Client) -> None:
    html = page(client, "q=" + quote("патранаж") + "&need=meals")
    found = re.search(r'class="did-you-mean">Did you mean <a href="([^"]+)">([^<]+)</a>\?', html)
    assert found, html
    assert found.group(2) == "патронаж"
    url = found.group(1).replace("&amp;", "&")
    assert "need=meals" in url
    assert listed(client.get(url).content.decode())[0] == str(PATRONAGE)


def test_no_suggestion_when_the_words_are_known(client: Client) -> None:
    assert "did-you-mean" not in page(client, "q=" + quote("патронаж"))


# --- empty state ---------------------------------------------------------------------------------------


def test_nothing_found_points_to_the_questions_and_the_front_office(client: Client) -> None:
    html = page(client, "q=zzzzqqqq")
    assert listed(html) == []
    assert "No service matches your words." in html
    assert 'href="/en/screening/"' in html
    office = Office.objects.get(municipality_id=SLIVEN, kind="central")
    assert f'href="tel:{office.phone.replace(" ", "")}"' in html
    assert 'href="/en/offices/"' in html
    assert 'class="sort-form"' not in html


def test_nothing_found_with_filters_offers_to_clear_them_and_keep_the_words(client: Client) -> None:
    html = page(client, "q=" + quote("зимен приют") + "&accessibility=braille&free=yes")
    assert listed(html) == []
    links = re.findall(r'<a href="([^"]+)">clear the filters</a>', html)
    assert links == ["/en/services/?q=%D0%B7%D0%B8%D0%BC%D0%B5%D0%BD+%D0%BF%D1%80%D0%B8%D1%8E%D1%82"]
    assert listed(client.get(links[0]).content.decode())


# --- bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "reported"),
    [
        ("accessibility=no-such-feature", "no-such-feature"),
        ("free=maybe", "maybe"),
        ("office=not-a-uuid", "not-a-uuid"),
        ("office=00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000"),
        ("sort=%3Cscript%3E", "&lt;script&gt;"),
        ("sort=distance&near=99999", "99999"),
        ("sort=distance&near=%00", "\x00"),
        ("sort=distance&lat=abc&lng=26.3", "abc"),
        ("sort=distance&lat=91&lng=26.3", "91"),
        ("sort=distance&lat=nan&lng=inf", "nan"),
        ("sort=distance&lat=1e999&lng=-1e999", "1e999"),
        ("sort=distance&lat=42.6", "42.6"),
    ],
)
def test_unknown_values_are_reported_and_ignored(client: Client, query: str, reported: str) -> None:
    html = page(client, query)
    assert "Some filters were not recognised and were ignored" in html
    assert f"<code>{reported}</code>" in html or reported == "\x00"
    assert "<script>" not in html
    assert set(listed(html)) == _listed_ids()


def test_an_office_of_another_municipality_is_ignored(client: Client) -> None:
    other = Office.objects.create(
        municipality_id="SOF46", kind="central", name="Чужда община", settlement_id="68134", address="ул. 1"
    )
    html = page(client, f"office={other.id}")
    assert f"<code>{other.id}</code>" in html
    assert set(listed(html)) == _listed_ids()


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "патронаж " + "x" * 10_240,
        "q=" + quote("<mark>обяд</mark>") + "&sort=distance&near=" + KERMEN,
        "lat=" + "9" * 5000 + "&lng=1&sort=distance",
        "accessibility=" + "x" * 10_000,
        "q=%00%01&sort=relevance&office=%00",
    ],
    ids=["10 KB query", "markup in the query", "a huge number", "a huge code", "control characters"],
)
def test_bad_input_never_fails(client: Client, query: str) -> None:
    response = client.get(f"/services/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>обяд</mark></mark>" not in html
    assert len(html) < 400_000


# --- speed -------------------------------------------------------------------------------------------


EVERYTHING = (
    "q=" + quote("помощ в дома") + "&need=care-at-home&target_group=elderly&service_type=assistant-support"
    "&access_route=general-access&accessibility=step-free-access&free=yes&settlement=67338"
    f"&office={demo_id('office', 'central')}&sort=distance&near={KERMEN}"
)


def _queries(client: Client, path: str) -> int:
    """Queries of one uncached render, in a process that has served the page before (as a running server
    has its thesaurus and words read)."""
    client.get(path)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_every_filter_and_the_distance_order_take_a_fixed_number_of_queries(client: Client) -> None:
    filtered = f"/services/?{EVERYTHING.replace('q=', 'x=')}"
    before = _queries(client, filtered)
    assert before <= 10
    assert _queries(client, f"/services/?{EVERYTHING}") <= 20  # the search's own queries on top
    for n in range(8):  # more services and places ask no more of the database
        service = _service(f"Още една услуга {n}")
        CostOption.objects.create(service=service, amount=0)
        _place(service, "67338", (42.68, 26.32), "step-free-access")
        _place(service, KERMEN, None, "step-free-access")
    assert _queries(client, filtered) == before


def test_the_plain_list_takes_few_queries(client: Client) -> None:
    assert _queries(client, "/services/") <= 8


def test_a_cached_page_is_told_apart_by_its_full_address(client: Client) -> None:
    first = page(client, f"sort=distance&near={KERMEN}")
    other = page(client, "sort=distance&near=67338")
    assert listed(first) != listed(other)
    assert page(client, f"sort=distance&near={KERMEN}") == first
