"""Suggestions over HTTP: JSON for the search box's script, a page of links without JavaScript, and the
search form's markup for both."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import translation

from grizha.demo.loader import demo_id
from grizha.search import suggestions as module
from grizha.search.suggestions import Kind

pytestmark = pytest.mark.django_db

PATRONAGE_URL = f"/services/{demo_id('service', 'patronazh')}/"


@pytest.fixture(autouse=True)
def _fresh_indexes() -> None:
    module._indexes.clear()


def kind_label(kind: Kind, lang: str) -> str:
    with translation.override(lang):
        return str(kind.label)


def test_the_json_answer_lists_suggestions_with_kind_and_url(client: Client) -> None:
    response = client.get("/search/suggest", {"q": "domashen"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"status", "suggestions"}
    assert body["suggestions"][0] == {
        "label": "Домашен социален патронаж",
        "kind": "service",
        "kind_label": kind_label(Kind.SERVICE, "bg"),
        "url": PATRONAGE_URL,
    }
    assert all(set(item) == {"label", "kind", "kind_label", "url"} for item in body["suggestions"])
    assert str(len(body["suggestions"])) in body["status"]


def test_the_json_answer_may_be_reused_by_the_browser_for_a_minute(client: Client) -> None:
    response = client.get("/search/suggest", {"q": "dom"})
    assert "max-age=60" in response["Cache-Control"]
    assert "Set-Cookie" not in response


def test_the_json_answer_is_in_the_language_of_the_address(client: Client) -> None:
    body = client.get("/en/search/suggest", {"q": "home soc"}).json()
    assert body["suggestions"][0]["label"] == "Home social patronage"
    assert body["suggestions"][0]["url"] == f"/en{PATRONAGE_URL}"
    assert body["suggestions"][0]["kind_label"] == kind_label(Kind.SERVICE, "en")
    assert body["status"] == "1 suggestion"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "x" * 10_240,
        '" * : - NEAR OR AND ( )',
        "😀👵🏽",
        "\x00\x01\x1b[31m",
        "%ff%fe%C0%80",
        quote("\ud800", errors="surrogatepass"),
    ],
)
def test_the_json_answer_never_fails(client: Client, query: str) -> None:
    response = client.get(f"/search/suggest?q={quote(query, safe='%')}")
    assert response.status_code == 200
    assert response.json()["suggestions"] == []


def test_only_reading_is_allowed(client: Client) -> None:
    assert client.head("/search/suggest?q=dom").status_code == 200
    assert client.post("/search/suggest", {"q": "dom"}).status_code == 405


def test_the_page_without_javascript_lists_the_suggestions_as_links(client: Client) -> None:
    body = client.get("/search/suggestions/", {"q": "domashen"}).content.decode()
    assert '<html lang="bg">' in body
    assert re.search(r"<h1>[^<]*domashen[^<]*</h1>", body)  # the page says what it is for
    assert f'<a href="{PATRONAGE_URL}">Домашен социален патронаж</a>' in body
    assert 'href="/services/?q=domashen"' in body  # or the results for the words as typed
    assert body.count('name="q"') == 1 and 'value="domashen"' in body  # a box to try other words


def test_the_page_without_javascript_in_english(client: Client) -> None:
    body = client.get("/en/search/suggestions/", {"q": "home soc"}).content.decode()
    assert '<html lang="en">' in body and "<h1>Suggestions for “home soc”</h1>" in body
    assert f'<a href="/en{PATRONAGE_URL}">Home social patronage</a>' in body


def test_the_page_without_javascript_says_when_there_is_nothing_to_suggest(client: Client) -> None:
    for query in ("zzzzqqqq", "", "x" * 10_240):
        response = client.get("/en/search/suggestions/", {"q": query})
        assert response.status_code == 200
        assert "suggestion-links" not in response.content.decode()
    assert (
        "There are no suggestions for these words"
        in client.get("/en/search/suggestions/", {"q": "zzzzqqqq"}).content.decode()
    )


@pytest.mark.parametrize("path", ["/", "/en/", "/search/suggestions/?q=dom"])
def test_the_search_form_is_ready_for_the_combobox_and_works_without_it(client: Client, path: str) -> None:
    body = client.get(path).content.decode()
    form = body[body.index('<form class="search-form"') :]
    form = form[: form.index("</form>")]
    suggest_url = "/en/search/suggest" if path.startswith("/en/") else "/search/suggest"
    assert f'data-suggest-url="{suggest_url}"' in form
    assert 'role="listbox"' in form and 'id="q-suggestions"' in form and " hidden" in form
    assert 'role="status"' in form
    # Without the script: a plain search box, and a second button that opens the page of suggestions.
    assert 'role="combobox"' not in form and 'type="search"' in form
    assert re.search(r'<button[^>]*type="submit"[^>]*formaction="(/en)?/search/suggestions/"', form)
    assert re.search(r'<script src="/static/grizha/suggest\.js" defer></script>', body)
    assert "<script>" not in body  # no inline script: a Content-Security-Policy without unsafe-inline


def test_the_script_is_served(client: Client) -> None:
    response = client.get("/static/grizha/suggest.js")
    assert response.status_code == 200
