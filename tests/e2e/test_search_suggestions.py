"""A citizen types a few letters of a service's name and picks it from the suggestions, by keyboard only;
without JavaScript the same suggestions are a page of links."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e

PATRONAGE = "Домашен социален патронаж"


def test_typing_then_arrow_down_then_enter_opens_the_service(page: Any, demo_server: str) -> None:
    page.goto(demo_server + "/")
    box = page.get_by_role("combobox")  # the search box, as assistive technology sees it
    assert box.get_attribute("id") == "q"
    assert box.get_attribute("aria-autocomplete") == "list"
    assert box.get_attribute("aria-expanded") == "false"
    listbox_id = box.get_attribute("aria-controls")
    assert page.locator(f"#{listbox_id}").get_attribute("role") == "listbox"
    assert page.locator("[data-suggest-button]").is_hidden()  # the list does what the button's page does

    box.focus()
    page.keyboard.type("domashen", delay=30)
    page.wait_for_function("document.querySelector('#q').getAttribute('aria-expanded') === 'true'")
    options = page.get_by_role("option")
    assert options.first.inner_text().startswith(PATRONAGE)
    status = page.locator("#q-suggest-status").inner_text()
    assert str(options.count()) in status  # the live region says how many
    assert box.get_attribute("aria-activedescendant") is None

    page.keyboard.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active == options.first.get_attribute("id")
    assert options.first.get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.id") == "q"  # focus stays in the box

    page.keyboard.press("Enter")
    page.wait_for_url("**/services/*/")
    assert page.locator("h1").inner_text() == PATRONAGE


def test_escape_closes_the_list_and_tab_leaves_it(page: Any, demo_server: str) -> None:
    page.goto(demo_server + "/en/")
    box = page.locator("#q")
    box.focus()
    page.keyboard.type("day cen", delay=30)
    page.wait_for_function("document.querySelector('#q').getAttribute('aria-expanded') === 'true'")
    count = page.get_by_role("option").count()
    assert count >= 2
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.get_by_role("option").nth(1).get_attribute("id")
    assert box.get_attribute("aria-activedescendant") == second
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")  # from the first option up to the last
    last = page.get_by_role("option").nth(count - 1).get_attribute("id")
    assert box.get_attribute("aria-activedescendant") == last

    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    assert box.input_value() == "day cen"  # the first Escape only closes the list
    page.keyboard.press("ArrowDown")  # opens it again on the first option
    assert box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") != "q"


def test_enter_without_a_chosen_suggestion_searches(page: Any, demo_server: str) -> None:
    page.goto(demo_server + "/")
    page.locator("#q").focus()
    page.keyboard.type("patronaj", delay=30)
    page.wait_for_function("document.querySelector('#q').getAttribute('aria-expanded') === 'true'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/services/?q=patronaj")


def test_the_list_fits_a_320px_screen_with_large_targets(browser: Any, demo_server: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640}, has_touch=True)
    page = context.new_page()
    page.goto(demo_server + "/")
    page.locator("#q").focus()
    page.keyboard.type("за", delay=30)
    page.wait_for_function("document.querySelector('#q').getAttribute('aria-expanded') === 'true'")
    for box in page.evaluate(
        "[...document.querySelectorAll('[role=option]')].map(o => o.getBoundingClientRect().toJSON())"
    ):
        assert box["height"] >= 44 and box["left"] >= 0 and box["right"] <= 320, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_role("option").first.tap()
    page.wait_for_url("**/services/**")
    context.close()


def test_without_javascript_the_button_lists_the_suggestions(browser: Any, demo_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_server + "/")
    assert page.locator("#q").get_attribute("role") is None  # a plain search box
    page.locator("#q").fill("domashen")
    page.locator("[data-suggest-button]").click()
    page.wait_for_url("**/search/suggestions/?q=domashen")
    page.get_by_role("link", name=PATRONAGE).click()
    page.wait_for_url("**/services/*/")
    assert page.locator("h1").inner_text() == PATRONAGE
    context.close()
