"""A citizen finds a service by keyboard alone (Tab, Space, Enter and typing): by searching from the home
page, or by narrowing the list with filters, then opening the service. The focus is visible at every
stop. (Reflow at 320 px is checked by test_accessibility.py.)"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.keyboard import focused, tab_to

pytestmark = pytest.mark.e2e

FIRST_RESULT = "el.matches('.service-card h3 a')"


def open_first_result(page: Any) -> None:
    tab_to(page, FIRST_RESULT, limit=200)
    name = focused(page, "el.textContent.trim()")
    page.keyboard.press("Enter")
    page.wait_for_url("**/services/*-*/")
    assert page.locator("h1").inner_text() == name
    assert page.title().startswith(name)


def test_keyboard_only_search_from_the_home_page_to_a_service(page: Any, demo_server: str) -> None:
    page.goto(demo_server + "/")
    assert page.locator("html").get_attribute("lang") == "bg"
    tab_to(page, "el.id === 'q'")
    page.keyboard.type("обяд")
    page.keyboard.press("Enter")
    page.wait_for_url("**/services/?q=*")
    assert page.locator(".service-card").count() >= 1
    open_first_result(page)
    assert page.get_by_role("heading", name="Как да я получите").is_visible()


def test_keyboard_only_filters_then_a_service(page: Any, demo_server: str) -> None:
    page.goto(demo_server + "/services/")
    total = page.locator(".service-card").count()
    assert total >= 35

    tab_to(page, "el.type === 'checkbox' && el.value === 'meals'", limit=200)
    page.keyboard.press("Space")
    tab_to(page, "el.type === 'checkbox' && el.value === 'elderly'", limit=200)
    page.keyboard.press("Space")
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Покажи услугите'", limit=200)
    page.keyboard.press("Enter")
    page.wait_for_url("**/services/?*need=meals*")
    narrowed = page.locator(".service-card").count()
    assert 0 < narrowed < total
    assert page.locator("input[type=checkbox][value=meals]").first.is_checked()
    open_first_result(page)


def test_keyboard_only_reaches_the_skip_link_and_the_english_page(page: Any, demo_server: str) -> None:
    page.goto(demo_server + "/")
    page.keyboard.press("Tab")
    assert "Към основното съдържание" in focused(page, "el.textContent")
    page.keyboard.press("Enter")  # the skip link moves the focus to the main content
    assert focused(page, "el.id") == "main"
    page.keyboard.press("Tab")  # past the header, into the page: the search box comes first
    assert focused(page, "!!el.closest('main')")

    page.goto(demo_server + "/")
    tab_to(page, "el.getAttribute('hreflang') === 'en'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Find social services and support"
