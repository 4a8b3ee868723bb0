"""Whatever is typed or pasted, search answers sensibly and never fails: in the selector, the public list
page and the HSDS API, on SQLite and on PostgreSQL."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client

from grizha.demo.loader import demo_id
from grizha.search.selectors import search_services

pytestmark = pytest.mark.django_db

PATRONAGE = demo_id("service", "patronazh")

NOTHING_TO_FIND = {
    "empty": "",
    "spaces": "   \t\n ",
    "emoji": "😀👵🏽🏳️‍🌈",
    "control characters": "\x00\x01\x07\x1b[31m\x7f\u200b\u202e",
    "stop words": "за и на с от",
    "fts operators": '" * : - ^ + ( ) { } | & ! <-> ~ OR AND',
    "a lone surrogate": "\ud800",
}
PATRONAGE_SOMEWHERE_INSIDE = {
    "10 KB": ("патронаж " + "x" * 10_240),
    "10 KB of words": "патронаж " + "домашен социален " * 700,
    "fts syntax around a word": '"патронаж" OR (домашен*) AND NOT NEAR(x y, 3) col:патронаж -',
    "quotes and stars": '\'патронаж\'* """',
    "emoji around a word": "👵патронаж👵",
    "control characters inside": "патр\x00онаж\x1b патронаж",
    "mixed scripts": "Domashen патронаж pomosht",
    "latin lookalikes": "Пaтрoнaж",
    "one long word": "патронаж" + "ааааа" * 2000,
}


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.mark.parametrize("text", NOTHING_TO_FIND.values(), ids=NOTHING_TO_FIND.keys())
def test_nothing_to_search_for_finds_nothing(text: str) -> None:
    assert search_services(text) == []


@pytest.mark.parametrize("text", PATRONAGE_SOMEWHERE_INSIDE.values(), ids=PATRONAGE_SOMEWHERE_INSIDE.keys())
def test_a_word_among_noise_is_still_found(text: str) -> None:
    assert PATRONAGE in [service_id for service_id, _ in search_services(text, limit=5)]


@pytest.mark.parametrize("text", [*NOTHING_TO_FIND.values(), *PATRONAGE_SOMEWHERE_INSIDE.values()])
def test_the_list_page_always_answers(client: Client, text: str) -> None:
    response = client.get(f"/services/?q={quote(text, safe='', errors='surrogatepass')}")
    assert response.status_code == 200


@pytest.mark.parametrize("text", [*NOTHING_TO_FIND.values(), *PATRONAGE_SOMEWHERE_INSIDE.values()])
def test_the_api_always_answers(client: Client, text: str) -> None:
    response = client.get(f"/api/hsds/services?search={quote(text, safe='', errors='surrogatepass')}")
    assert response.status_code == 200, response.content[:300]
    assert response.json()["total_items"] >= 0


def test_bytes_that_are_not_utf8_are_answered(client: Client) -> None:
    assert client.get("/services/?q=%ff%fe%C0%80").status_code == 200
    assert client.get("/api/hsds/services?search=%ff%fe%C0%80").status_code == 200
