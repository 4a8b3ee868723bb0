"""A citizen finds a service: home page, narrow the list by filters, open the service."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def test_home_then_filters_then_service(page: Any, demo_server: str) -> None:
    page.goto(demo_server + "/")
    assert page.locator("html").get_attribute("lang") == "bg"
    page.get_by_role("link", name="Вижте всички услуги").click()
    page.wait_for_url("**/services/")
    total = page.locator(".service-card").count()
    assert total >= 35

    page.get_by_label("Храна").check()
    page.get_by_label("Възрастни хора", exact=True).check()
    page.get_by_role("button", name="Покажи услугите").click()
    page.wait_for_url("**/services/?*need=meals*")
    narrowed = page.locator(".service-card").count()
    assert 0 < narrowed < total
    assert page.get_by_label("Храна").is_checked()

    first = page.locator(".service-card h3 a").first
    name = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == name
    assert page.get_by_role("heading", name="Как да я получите").is_visible()
    assert page.title().startswith(name)


def test_keyboard_only_reaches_the_skip_link_and_the_english_page(page: Any, demo_server: str) -> None:
    page.goto(demo_server + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Към основното съдържание" in focused
    for _ in range(30):  # on to the language link, by keyboard alone
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('hreflang')") == "en":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Find social services and support"


def test_no_page_scrolls_sideways_at_320px(browser: Any, demo_server: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(demo_server + "/services/")
    href = page.locator(".service-card h3 a").first.get_attribute("href")
    for path in ["/", "/services/", href, "/offices/", "/en/services/"]:
        page.goto(demo_server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide at 320px"
    context.close()
