"""A person answers the satisfaction survey by keyboard alone, in Bulgarian, from the link of the footer:
sent half answered, the error summary takes the focus and the answers given are kept; then sent whole."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_screening_journey import focused, tab_to

pytestmark = pytest.mark.e2e


def test_keyboard_only_through_the_survey(page: Any, demo_server: str) -> None:
    page.goto(demo_server + "/")
    tab_to(page, "el.getAttribute('href') === '/survey/'", limit=300)
    page.keyboard.press("Enter")
    page.wait_for_url("**/survey/")
    assert page.locator("h1").inner_text() == "Как се справихме?"

    # The occasion is chosen already; the rating: the first radio takes the focus, Space chooses it.
    tab_to(page, "el.name === 'rating'")
    page.keyboard.press("Space")
    assert page.locator("input[name=rating][value='5']").is_checked()
    tab_to(page, "el.name === 'respected'")
    page.keyboard.press("Space")
    page.wait_for_timeout(3000)  # a person takes longer than the robot check's shortest time

    # Sent with two questions left: the summary takes the focus and names them; the answers stay.
    tab_to(page, "el.tagName === 'BUTTON' && el.type === 'submit'")
    page.keyboard.press("Enter")
    page.locator(".error-summary").wait_for()
    assert page.title().startswith("Грешка:")
    assert focused(page, "el.classList.contains('error-summary')")
    assert page.locator(".error-summary li").count() == 2
    assert page.locator("input[name=rating][value='5']").is_checked()

    for name in ("got_help", "easy"):
        tab_to(page, f"el.name === '{name}'", limit=120)
        page.keyboard.press("Space")
    tab_to(page, "el.id === 'id_comment'")
    page.keyboard.type("Много мили хора.", delay=40)
    tab_to(page, "el.tagName === 'BUTTON' && el.type === 'submit'")
    page.keyboard.press("Enter")

    page.wait_for_url("**/survey/thank-you/")
    assert "Благодарим ви за отговорите" in page.get_by_role("status").inner_text()
