"""A citizen books an appointment at the Bikovo mayoralty by keyboard alone (Tab, arrows, Space, Enter and
typing) on a 320-pixel-wide screen, in English: the office, the day and time, the details (a mistake
first), check your answers, the reference; then cancels it with the link from the confirmation. Typing is
paced like a person's, so the server's minimum time to fill in a form is met as it would be by one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import Any

import pytest

from tests.e2e.keyboard import focused, tab_to
from tests.e2e.test_accessibility import Auditor

pytestmark = pytest.mark.e2e

KEY_DELAY_MS = 60
NARROW = {"width": 320, "height": 720}
ENSURE_SLOTS = "from grizha.demo.appointments import ensure_demo_slots; ensure_demo_slots()"


@pytest.fixture(scope="module")
def demo_with_slots(demo_server: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo server, with the demo's appointment times published in its database (idempotent: a demo
    that already has them is left as it is)."""
    # The demo_server fixture's data folder (pytest also links it as "democurrent").
    (data_dir,) = (path for path in tmp_path_factory.getbasetemp().glob("demo*") if not path.is_symlink())
    env = {**os.environ, "GRIZHA_DATA_DIR": str(data_dir), "GRIZHA_BASE_URL": demo_server}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "grizha.cli", "shell", "-c", ENSURE_SLOTS],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return demo_server


def type_slowly(page: Any, text: str) -> None:
    page.keyboard.type(text, delay=KEY_DELAY_MS)


def press_button(page: Any, text: str) -> None:
    tab_to(page, f"el.tagName === 'BUTTON' && el.textContent.trim() === {text!r}", limit=150)
    page.keyboard.press("Enter")


def assert_fits(page: Any) -> None:
    """Nothing pushes the page sideways at 320 pixels."""
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]


def test_keyboard_only_booking_and_cancelling_an_appointment(page: Any, demo_with_slots: str) -> None:
    page.set_viewport_size(NARROW)
    page.goto(demo_with_slots + "/en/appointments/")
    assert page.locator("h1").inner_text() == "Where would you like to go?"
    assert_fits(page)

    # The offices are one group of radios: Tab reaches the first, the arrows move and choose.
    tab_to(page, "el.name === 'office'")
    for _step in range(10):
        if "Bikovo" in focused(page, "el.labels[0].textContent"):
            break
        page.keyboard.press("ArrowDown")
    assert focused(page, "el.checked")
    assert "25 Parva St" in focused(page, "el.labels[0].textContent")
    press_button(page, "Continue")

    page.wait_for_url("**/en/appointments/time/")
    assert page.locator("h1").inner_text() == "Choose a day and time"
    assert_fits(page)
    tab_to(page, "el.name === 'slot'")
    page.keyboard.press("Space")
    assert focused(page, "el.checked")
    chosen = focused(page, "el.labels[0].textContent").strip()
    day = focused(page, "el.closest('fieldset').querySelector('legend').textContent").strip()
    assert re.fullmatch(r"\d\d:\d\d to \d\d:\d\d", chosen)
    press_button(page, "Continue")

    page.wait_for_url("**/en/appointments/details/")
    assert page.locator("h1").inner_text() == "Your details"
    assert f"{day}, {chosen}" in page.locator(".panel").inner_text()
    tab_to(page, "el.id === 'id_name'")
    assert focused(page, "el.autocomplete") == "name"
    type_slowly(page, "Ivanka Petrova")
    page.keyboard.press("Tab")
    assert focused(page, "el.id") == "id_phone"
    type_slowly(page, "0881 234 567")
    tab_to(page, "el.id === 'id_about'")
    type_slowly(page, "Help at home for my mother")
    tab_to(page, "el.type === 'checkbox' && el.value === 'large_print'")
    page.keyboard.press("Space")

    # Continue without consent: the error summary takes the focus and links to the box.
    press_button(page, "Continue")
    page.locator(".error-summary").wait_for()
    assert page.title().startswith("Error: Your details")
    assert focused(page, "el.classList.contains('error-summary')")
    assert page.locator("#id_name").input_value() == "Ivanka Petrova"  # answers kept
    assert page.locator(".error-summary a[href='#id_consent']").is_visible()
    tab_to(page, "el.id === 'id_consent'", limit=150)
    page.keyboard.press("Space")
    assert page.locator("#id_consent").is_checked()
    assert_fits(page)
    press_button(page, "Continue")

    page.wait_for_url("**/en/appointments/check/")
    assert page.locator("h1").inner_text() == "Check your answers before booking"
    answers = page.locator(".summary-list").inner_text()
    for answer in ("Bikovo Mayoralty", chosen, "Ivanka Petrova", "0881 234 567", "large print"):
        assert answer in answers
    assert_fits(page)
    press_button(page, "Book the appointment")

    page.wait_for_url("**/en/appointments/booked/")
    assert "Your appointment is booked" in page.get_by_role("status").inner_text()
    reference = page.locator(".reference").inner_text()
    assert re.fullmatch(r"\d{4}-\d{6}", reference)
    details = page.locator("main").inner_text()
    assert "Bikovo Mayoralty" in details and "25 Parva St" in details and chosen in details
    assert page.locator("h1").count() == 1
    assert_fits(page)

    tab_to(page, "el.tagName === 'A' && el.textContent.trim() === 'Cancel the appointment'", limit=150)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/en/appointments/cancel/[^/]+/$"))
    assert page.locator("h1").inner_text() == "Cancel your appointment"
    assert reference in page.locator("main").inner_text()
    assert_fits(page)
    press_button(page, "Cancel the appointment")

    page.wait_for_url(re.compile(r".*/en/appointments/cancel/[^/]+/done/$"))
    assert "Your appointment is cancelled" in page.get_by_role("status").inner_text()
    assert reference in page.locator("main").inner_text()
    assert_fits(page)


def book_with_the_mouse(page: Any, base_url: str, prefix: str, auditor: Auditor) -> None:
    """Through the booking as quickly as a person may, auditing each page and each page of errors."""
    page.goto(f"{base_url}{prefix}/appointments/")
    auditor.here(page, label="office")
    page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    auditor.here(page, label="office, sent empty")
    page.locator("main input[name=office]").last.check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/appointments/time/")
    auditor.here(page, label="time")
    page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    auditor.here(page, label="time, sent empty")
    page.locator("main input[name=slot]").first.check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/appointments/details/")
    auditor.here(page, label="details")
    page.fill("#id_name", "Ivanka Petrova")
    page.fill("#id_phone", "12345")
    page.wait_for_timeout(3500)  # the least time a person takes to fill in a form
    page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    auditor.here(page, label="details with mistakes")
    page.fill("#id_phone", "0881 234 567")
    page.fill("#id_about", "Help at home")
    page.check("#id_consent")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/appointments/check/")
    auditor.here(page, label="check your answers")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/appointments/booked/")
    auditor.here(page, label="booked")
    page.locator("main a.appointment-link").click()
    page.wait_for_url(re.compile(r".*/appointments/cancel/[^/]+/$"))
    auditor.here(page, label="cancel")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/done/$"))
    auditor.here(page, label="cancelled")
    page.go_back()
    page.reload()
    auditor.here(page, label="cancel, once cancelled")


def test_the_pages_of_appointments_pass_the_accessibility_audit(
    browser: Any, axe_source: str, demo_with_slots: str
) -> None:
    from grizha.demo.accounts import demo_account

    auditor = Auditor(browser, axe_source)
    try:
        # Bulgarian wide, English narrow (320 px, also a wide screen at 400% zoom).
        book_with_the_mouse(auditor.desktop, demo_with_slots, "", auditor)
        book_with_the_mouse(auditor.phone, demo_with_slots, "/en", auditor)

        # The staff's pages, as the office manager (the central office: every office in scope).
        manager, page = demo_account("manager"), auditor.desktop
        page.goto(f"{demo_with_slots}/staff/login/")
        page.fill("#id_username", manager.username)
        page.fill("#id_password", manager.password)
        page.fill("#id_otp_token", manager.token)
        page.locator("main button[type=submit]").first.click()
        page.wait_for_url(f"{demo_with_slots}/staff/")
        auditor.contexts[1].add_cookies(auditor.contexts[0].cookies())
        auditor.urls(
            [f"{demo_with_slots}/staff/appointments/", f"{demo_with_slots}/staff/appointments/slots/"], public=False
        )
        page.goto(f"{demo_with_slots}/staff/appointments/?day=not-a-day")
        auditor.here(page, public=False, label="a date that cannot be read")
        page.goto(f"{demo_with_slots}/staff/appointments/slots/")
        page.fill("#id_times", "nine till ten")
        page.locator("main form[method=post] button[type=submit]").first.click()
        page.wait_for_load_state()
        auditor.here(page, public=False, label="publishing, with a mistake")
    finally:
        auditor.close()
    assert not auditor.problems, auditor.report()
