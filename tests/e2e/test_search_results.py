"""Search results in the browser: a misspelt search, "did you mean", words marked, and the list sorted by
distance: from the browser's position with JavaScript (by keyboard), from a settlement without it."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def test_a_misspelt_search_then_did_you_mean_then_nearest_first_by_keyboard(browser: Any, demo_server: str) -> None:
    # Kermen's mayoralty, as the browser's position: the visitor allows it when asked.
    context = browser.new_context(geolocation={"latitude": 42.508, "longitude": 26.2572}, permissions=["geolocation"])
    page = context.new_page()
    page.goto(demo_server + "/services/")
    page.locator("#q").fill("патранаж")
    page.keyboard.press("Enter")
    page.wait_for_url("**/services/?q=*")
    suggestion = page.locator(".did-you-mean a")
    assert suggestion.inner_text() == "патронаж"
    suggestion.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/services/?q=%D0%BF%D0%B0%D1%82%D1%80%D0%BE%D0%BD%D0%B0%D0%B6")
    assert "патронаж" in page.locator(".service-card mark").all_inner_texts()

    button = page.locator(".near-me button")
    assert button.is_visible()  # shown only because JavaScript runs
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**sort=distance*")
    assert "lat=42.51" in page.url and "lng=26.26" in page.url  # rounded to about a kilometre
    assert page.locator("#sort").input_value() == "distance"
    assert page.locator(".service-card dd", has_text=re.compile("км")).count() >= 1  # a Bulgarian page
    context.close()


def test_without_javascript_a_settlement_sorts_by_distance(browser: Any, demo_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_server + "/en/services/?q=patronage")
    assert not page.locator(".near-me button").is_visible()
    page.get_by_label("Sort by").select_option("distance")
    page.get_by_label("Distance from").select_option(label="Kermen")
    page.get_by_role("button", name="Sort the list").click()
    page.wait_for_url("**near=36779*")
    assert page.locator(".service-card dd", has_text="km").first.inner_text() == "less than 1 km"
    assert "patronage" in page.locator(".service-card mark").all_inner_texts()
    context.close()
