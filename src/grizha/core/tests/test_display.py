"""Display preferences: chosen on /display/ without JavaScript, kept in a cookie, shown as classes on
<html>, and never mixed up by the cache of public pages."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client

from grizha.core.display import COOKIE_NAME

pytestmark = pytest.mark.django_db


def html_classes(body: bytes) -> str | None:
    match = re.search(rb"<html [^>]*>", body)
    assert match
    found = re.search(rb'class="([^"]*)"', match.group(0))
    return found.group(1).decode() if found else None


@pytest.mark.parametrize(("path", "lang"), [("/display/", "bg"), ("/en/display/", "en")])
def test_the_page_shows_every_choice_unchecked_at_first(client: Client, path: str, lang: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{lang}">' in body
    assert body.count('type="checkbox"') == 4
    assert " checked" not in body
    assert body.count("<h1") == 1
    assert 'name="csrfmiddlewaretoken"' in body


def test_the_page_shows_the_current_choices(client: Client) -> None:
    client.cookies[COOKIE_NAME] = "high-contrast.spacing"
    body = client.get("/en/display/").content.decode()
    assert re.search(r'id="id_high_contrast" name="high_contrast" value="on" checked', body)
    assert re.search(r'id="id_spacing" name="spacing" value="on" checked', body)
    assert not re.search(r'id="id_large_text"[^>]* checked', body)


def test_saving_keeps_the_choices_in_a_cookie_and_goes_back_to_the_page(client: Client) -> None:
    response = client.post(
        "/en/display/", {"large_text": "on", "reduce_motion": "on", "next": "/en/services/?need=meals"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/services/?need=meals"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "large-text.reduce-motion"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 300 * 24 * 3600


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)", ""]
)
def test_saving_never_sends_the_visitor_to_another_site(client: Client, next_url: str) -> None:
    response = client.post("/en/display/", {"high_contrast": "on", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/en/display/?saved=1"
    assert "saved" in client.get(response["Location"]).content.decode()


def test_choosing_nothing_forgets_the_cookie(client: Client) -> None:
    client.cookies[COOKIE_NAME] = "high-contrast"
    response = client.post("/display/", {"next": "/"})
    assert response.cookies[COOKIE_NAME].value == ""
    assert response.cookies[COOKIE_NAME]["max-age"] == 0


def test_saving_needs_the_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/display/", {"large_text": "on", "next": "/"})
    assert response.status_code == 403
    assert COOKIE_NAME not in response.cookies


def test_the_choices_become_classes_on_the_html_element(client: Client) -> None:
    client.cookies[COOKIE_NAME] = "spacing.high-contrast"
    # Always in the order of the form, whatever the order in the cookie.
    assert html_classes(client.get("/en/offices/").content) == "pref-high-contrast pref-spacing"


@pytest.mark.parametrize(
    "garbage", ["", "evil", 'high-contrast"><script>', "large-text;x", "pref-large-text", "." * 5000]
)
def test_an_unknown_cookie_value_changes_nothing(client: Client, garbage: str) -> None:
    client.cookies[COOKIE_NAME] = garbage
    response = client.get("/en/privacy/")
    assert response.status_code == 200
    assert html_classes(response.content) is None


def test_the_header_links_to_the_settings_with_the_way_back(client: Client) -> None:
    body = client.get("/en/services/?need=meals").content.decode()
    assert 'href="/en/display/?next=%2Fen%2Fservices%2F%3Fneed%3Dmeals"' in body


def test_a_cached_page_shows_the_classes_of_each_visitors_cookie(client: Client) -> None:
    cache.clear()
    plain = client.get("/services/")  # fills the cache for visitors without preferences
    assert html_classes(plain.content) is None

    client.cookies[COOKIE_NAME] = "high-contrast"
    assert html_classes(client.get("/services/").content) == "pref-high-contrast"
    assert html_classes(client.get("/services/").content) == "pref-high-contrast"  # now from the cache

    client.cookies[COOKIE_NAME] = "large-text.spacing"
    assert html_classes(client.get("/services/").content) == "pref-large-text pref-spacing"

    del client.cookies[COOKIE_NAME]
    plain_again = client.get("/services/")
    assert html_classes(plain_again.content) is None
    assert "Cookie" in plain_again["Vary"]  # and so must any cache in front of grizha


def test_a_cached_page_is_served_from_the_cache_for_the_same_preferences(
    client: Client, django_assert_max_num_queries: object
) -> None:
    cache.clear()
    client.cookies[COOKIE_NAME] = "reduce-motion"
    first = client.get("/en/offices/")
    with django_assert_max_num_queries(1):  # type: ignore[operator]
        again = client.get("/en/offices/")  # only the catalog version is read
    assert again.content == first.content
