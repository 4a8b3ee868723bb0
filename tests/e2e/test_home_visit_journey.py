"""A citizen asks for a home visit by keyboard alone (Tab, Space, arrows, Enter and typing): from the
home page through the form and "check your answers" to the reference number, in English. Typing is
paced like a person's, so the server's minimum time to fill in a form is met as it would be by one."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.test_screening_journey import focused, tab_to

pytestmark = pytest.mark.e2e

KEY_DELAY_MS = 60


def type_slowly(page: Any, text: str) -> None:
    page.keyboard.type(text, delay=KEY_DELAY_MS)


def test_keyboard_only_from_the_home_page_to_a_reference(page: Any, demo_server: str) -> None:
    page.goto(demo_server + "/en/")
    tab_to(page, "el.getAttribute('href') === '/en/visit-or-call/'", limit=200)
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/visit-or-call/")
    assert page.locator("h1").inner_text() == "Ask for a home visit or a call back"

    # What would you like? The first radio takes the focus; Space chooses the home visit.
    tab_to(page, "el.id === 'id_kind_0'")
    page.keyboard.press("Space")
    assert page.locator("#id_kind_0").is_checked()

    tab_to(page, "el.id === 'id_about'")
    type_slowly(page, "Help at home for my mother")

    tab_to(page, "el.id === 'id_settlement'")
    page.keyboard.type("Bikovo")
    assert page.locator("#id_settlement").input_value() == "04039"

    # The best time: arrows move within the group and choose.
    tab_to(page, "el.name === 'best_time'")
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_best_time_1").is_checked()

    tab_to(page, "el.type === 'checkbox' && el.value === 'sign_language'")
    page.keyboard.press("Space")
    assert page.locator("#id_visit_needs_0").is_checked()

    tab_to(page, "el.id === 'id_name'")
    assert focused(page, "el.autocomplete") == "name"
    type_slowly(page, "Ivanka Petrova")
    page.keyboard.press("Tab")
    assert focused(page, "el.id") == "id_phone"
    assert focused(page, "el.autocomplete") == "tel"
    type_slowly(page, "0881 234 567")

    # Continue without consent: the error summary takes the focus and links to the box.
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Continue'")
    page.keyboard.press("Enter")
    page.locator(".error-summary").wait_for()
    assert page.title().startswith("Error: Ask for a home visit or a call back")
    assert focused(page, "el.classList.contains('error-summary')")
    assert page.locator("#id_name").input_value() == "Ivanka Petrova"  # answers kept
    assert page.locator(".error-summary a[href='#id_consent']").is_visible()
    tab_to(page, "el.id === 'id_consent'", limit=120)
    page.keyboard.press("Space")
    assert page.locator("#id_consent").is_checked()
    # The trap for robots is never reached by Tab.
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Continue'")
    assert page.locator("#id_website").evaluate("el => el.offsetParent") is None
    page.keyboard.press("Enter")

    page.wait_for_url("**/en/visit-or-call/check/")
    assert page.locator("h1").inner_text() == "Check your answers before sending your request"
    answers = page.locator(".summary-list").inner_text()
    for answer in ("A social worker visits me at home", "Bikovo", "Ivanka Petrova", "0881 234 567"):
        assert answer in answers
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Send the request'")
    page.keyboard.press("Enter")

    page.wait_for_url("**/en/visit-or-call/sent/")
    status = page.get_by_role("status")
    assert "We have your request" in status.inner_text()
    assert re.fullmatch(r"\d{4}-\d{6}", page.locator(".reference").inner_text())
    assert "Bikovo Mayoralty" in page.locator("main").inner_text()
    assert page.locator("h1").count() == 1
