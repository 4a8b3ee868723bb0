"""A citizen applies online for home social patronage in a real browser: the service's page, the start
page, the task list, "your details" (a wrong EGN first), one question a page, the documents (the pension
register answers for the one asked), check your answers, the declaration, the reference and code, and the
status page with the registers consulted. Every page is
audited with axe as it is shown, wide in Bulgarian and narrow (320 px) in English; the English run is
done with the keyboard alone."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from PIL import Image

from tests.e2e.keyboard import focused, tab_to
from tests.e2e.test_accessibility import Auditor
from tests.e2e.test_home_visit_journey import type_slowly

pytestmark = pytest.mark.e2e

EGN = "7501020018"


def log_in(page: Any, demo_server: str, username: str) -> None:
    from grizha.demo.accounts import demo_account

    account = demo_account(username)
    page.goto(f"{demo_server}/staff/login/")
    page.fill("#id_username", account.username)
    page.fill("#id_password", account.password)
    page.fill("#id_otp_token", account.token)
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url(f"{demo_server}/staff/")


def png() -> dict[str, Any]:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return {"name": "plan.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def staff_asks_the_person_answers_and_staff_approves(
    auditor: Auditor, demo_server: str, reference: str, person: Any
) -> None:
    """A case worker finds the application in the queue, sees the registers' answers beside the
    declared ones, asks for a plan of the home; the person answers with a photo; the case worker
    approves, and the person's status page says so."""
    staff = auditor.desktop
    log_in(staff, demo_server, "caseworker")
    staff.goto(f"{demo_server}/staff/applications/")
    auditor.here(staff, public=False, label="the queue")
    staff.get_by_role("link", name=reference).click()
    staff.wait_for_url(re.compile(r".*/staff/applications/[0-9a-f-]{36}/$"))
    detail = staff.url
    # The registers are asked in the background once the application is in: their answers (the names
    # as the population register has them) come beside what the person declared.
    comparison = staff.locator("[aria-labelledby=comparison-title]")
    for _ in range(30):
        if "МАРИЯ" in comparison.inner_text():
            break
        staff.wait_for_timeout(1000)
        staff.reload()
    assert "МАРИЯ" in comparison.inner_text()
    auditor.here(staff, public=False, label="an application")
    staff.locator("form[action$='/steps/ask/'] textarea").fill("Моля, изпратете снимка на етажния план.")
    staff.locator("form[action$='/steps/ask/'] button[type=submit]").click()
    staff.wait_for_url(detail)

    person.reload()
    assert "етажния план" in person.locator("main").inner_text()
    auditor.here(person, label="asked for information")
    person.fill("#id_message", "Изпращам снимка на плана.")
    person.set_input_files("#id_upload", png())
    person.locator("[aria-labelledby=answer-title] button[type=submit]").click()
    person.wait_for_load_state()
    assert "Изпращам снимка на плана." in person.locator("main").inner_text()

    staff.reload()
    assert "plan.png" in staff.locator("main").inner_text()
    auditor.here(staff, public=False, label="an application with the person's answer")
    staff.locator("form[action$='/steps/approve/'] button[type=submit]").click()
    staff.wait_for_url(detail)
    person.reload()
    auditor.here(person, label="approved")
    assert person.locator("#status").inner_text().strip().lower() in ("approved", "одобрено")


def press_button(page: Any, label: str) -> None:
    tab_to(page, f"el.tagName === 'BUTTON' && el.textContent.trim() === {label!r}", limit=150)
    page.keyboard.press("Enter")


@pytest.mark.parametrize("lang", ["en", "bg"])
def test_applying_online_to_a_reference_and_the_status_page(
    browser: Any, axe_source: str, demo_server: str, lang: str
) -> None:
    auditor = Auditor(browser, axe_source)
    try:
        page = auditor.phone if lang == "en" else auditor.desktop
        prefix = "/en" if lang == "en" else ""
        english = lang == "en"
        page.goto(f"{demo_server}{prefix}/applications/")
        auditor.here(page, label="forms")
        title = "Application for home social patronage" if english else "Заявление за домашен социален патронаж"
        page.get_by_role("link", name=title).click()
        page.wait_for_url(re.compile(r".*/applications/[0-9a-f-]{36}/$"))
        auditor.here(page, label="start")
        press_button(page, "Start now" if english else "Започнете")
        page.wait_for_url("**/tasks/")
        auditor.here(page, label="task list")
        # Your details, the questions, the documents, check and send.
        assert page.locator(".task-list__item").count() == 4
        page.locator(".task-list a").first.click()
        page.wait_for_url("**/details/")

        # A wrong check digit: the error summary takes the focus and names the box.
        tab_to(page, "el.id === 'id_identifier'")
        type_slowly(page, EGN[:-1] + "9")
        page.keyboard.press("Tab")
        type_slowly(page, "Maria")
        page.keyboard.press("Tab")
        type_slowly(page, "Ruseva")
        tab_to(page, "el.id === 'id_consent'")
        page.keyboard.press("Space")
        page.wait_for_timeout(3000)  # reading the consent: a form sent sooner is taken for a robot's
        press_button(page, "Continue" if english else "Продължете")
        page.locator(".error-summary").wait_for()
        assert focused(page, "el.classList.contains('error-summary')")
        assert page.locator(".error-summary a[href='#id_identifier']").is_visible()
        auditor.here(page, label="wrong EGN")
        page.fill("#id_identifier", EGN)
        press_button(page, "Continue" if english else "Продължете")

        # One question a page: the question is the page's heading.
        page.wait_for_url("**/questions/settlement/")
        auditor.here(page, label="a text question")
        assert page.locator("h1 label[for=id_answer]").count() == 1
        tab_to(page, "el.id === 'id_answer'")
        type_slowly(page, "Sliven")
        page.keyboard.press("Enter")
        page.wait_for_url("**/questions/meals/")
        auditor.here(page, label="a yes-or-no question")
        tab_to(page, "el.name === 'answer'")
        page.keyboard.press("Space")
        press_button(page, "Continue" if english else "Продължете")
        page.wait_for_url("**/questions/pension/")
        tab_to(page, "el.id === 'id_answer'")
        type_slowly(page, "five hundred")
        page.keyboard.press("Enter")
        page.locator(".error-summary").wait_for()
        auditor.here(page, label="a number question with its error")
        page.fill("#id_answer", "560")
        page.keyboard.press("Enter")

        page.wait_for_url("**/tasks/")
        # With the consent given, the pension register answers for the proof of the pension.
        page.get_by_role("link", name="Documents" if english else "Документи").click()
        page.wait_for_url("**/documents/")
        auditor.here(page, label="a document a register answers for")
        pension = "National Social Security Institute: pension" if english else "Национален осигурителен институт"
        assert pension in page.locator("main").inner_text()
        assert page.locator("main button[name=send_myself]").count() == 1
        assert page.locator("main input[type=file]").count() == 0
        page.go_back()
        page.wait_for_url("**/tasks/")
        page.locator(".task-list a").last.click()
        page.wait_for_url("**/check/")
        auditor.here(page, label="check your answers")
        answers = page.locator(".summary-list").inner_text()
        for answer in (EGN, "Maria Ruseva", "Sliven", "560"):
            assert answer in answers
        tab_to(page, "el.name === 'declaration'")
        page.keyboard.press("Space")
        press_button(page, "Send the application" if english else "Изпратете заявлението")
        page.wait_for_url("**/applications/sent/")
        auditor.here(page, label="sent")
        reference = page.locator("#reference").inner_text()
        code = page.locator("#code").inner_text()
        assert re.fullmatch(r"\d{4}-\d{6}", reference) and re.fullmatch(r"[A-Z2-9]{8}", code)

        # Another browser follows the application with the reference and the code alone.
        other = auditor.desktop if english else auditor.phone
        other.context.clear_cookies()
        other.goto(f"{demo_server}{prefix}/applications/status/")
        auditor.here(other, label="follow")
        other.fill("#id_reference", reference)
        other.fill("#id_code", code.lower())
        other.locator("main form button[type=submit]").click()
        other.wait_for_url(f"**/applications/status/{reference}/")
        auditor.here(other, label="status")
        assert other.locator("#status").is_visible()
        assert EGN not in other.content()
        if not english:
            staff_asks_the_person_answers_and_staff_approves(auditor, demo_server, reference, other)
    finally:
        auditor.close()
    assert not auditor.problems, auditor.report()
