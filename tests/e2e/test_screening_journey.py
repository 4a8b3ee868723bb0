"""A citizen finds out which services may help, by keyboard alone (Tab, Space, Enter and typing): from
the home page through the questionnaire to the results, in English. The focus is visible at every stop."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.keyboard import focused, tab_to

pytestmark = pytest.mark.e2e


def continue_(page: Any) -> None:
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Continue'")
    # The focus is plain to see: the button turns yellow inside a dark ring.
    assert focused(page, "getComputedStyle(el).backgroundColor") == "rgb(255, 221, 0)"
    page.keyboard.press("Enter")


def test_keyboard_only_from_the_home_page_to_the_results(page: Any, demo_server: str) -> None:
    page.goto(demo_server + "/en/")
    tab_to(page, "el.getAttribute('href') === '/en/screening/'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/screening/")
    assert page.locator("h1").inner_text() == "Find out which services may help"

    tab_to(page, "el.textContent.trim() === 'Start now'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/screening/who/")
    assert page.locator("h1").inner_text() == "Who needs help?"
    tab_to(page, "el.id === 'id_who_0'")
    page.keyboard.press("Space")
    assert page.locator("#id_who_0").is_checked()
    continue_(page)

    page.wait_for_url("**/en/screening/age/")
    tab_to(page, "el.id === 'id_age'")
    page.keyboard.press("Enter")  # nothing typed: the error summary takes the focus
    page.locator(".error-summary").wait_for()
    assert page.title().startswith("Error: How old are you?")
    assert focused(page, "el.classList.contains('error-summary')")
    tab_to(page, "el.id === 'id_age'")
    page.keyboard.type("78")
    page.keyboard.press("Enter")

    page.wait_for_url("**/en/screening/settlement/")
    tab_to(page, "el.id === 'id_settlement'")
    page.keyboard.type("Sliven")
    assert page.locator("#id_settlement").input_value() == "67338"
    continue_(page)

    page.wait_for_url("**/en/screening/situation/")
    # Older people is offered for the age given; the person confirms it.
    assert page.locator("#id_group_elderly_0").is_checked()
    continue_(page)

    page.wait_for_url("**/en/screening/needs/")
    tab_to(page, "el.type === 'checkbox' && el.value === 'meals'")
    page.keyboard.press("Space")
    continue_(page)

    # The canteen has an income limit, so the income is asked.
    page.wait_for_url("**/en/screening/income/")
    tab_to(page, "el.id === 'id_monthly_income_per_member'")
    page.keyboard.type("310")
    page.keyboard.press("Enter")

    page.wait_for_url("**/en/screening/check/")
    assert page.locator("h1").inner_text() == "Check your answers"
    assert "Meals and food" in page.locator(".summary-list").inner_text()
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'See the services'")
    page.keyboard.press("Enter")

    page.wait_for_url("**/en/screening/results/")
    assert page.locator("h1").inner_text() == "Services that may help"
    assert "services that may help" in page.get_by_role("status").inner_text()
    assert page.get_by_role("link", name="Home social patronage").is_visible()
    assert page.get_by_role("link", name="Public canteen").is_visible()
    assert page.locator("h1").count() == 1
    tab_to(page, "el.textContent.trim() === 'Send this list to my e-mail'", limit=200)
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/screening/results/email/")
    assert page.locator("h1").inner_text() == "What is your e-mail address?"
