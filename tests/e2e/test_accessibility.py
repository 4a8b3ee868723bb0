"""WCAG 2.2 AA, proven in Chromium: axe-core (tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa) on every
URL of the public sitemap in Bulgarian and English, on the pages around it (the questionnaire step by
step, forms showing their errors, the 404 page, display settings, pages linked from the home and service
pages), and on one staff page of each kind in both languages. Any violation fails, listed with its rule,
impact, elements and URL.

Bulgarian pages are checked on a 1280 px wide screen, English ones on a 320 px phone, so both layouts
are audited; staff pages take the two widths in turn. Our own checks run beside axe on public pages:
the page's language, one h1, a skip link to <main> first, no Bulgarian passage on an English page
without lang="bg", and, at 320 px, no sideways scrolling (WCAG 1.4.10: 320 CSS px is what a 1280 px
screen shows at 400% zoom).

Nothing is switched off: AXE_EXCLUDED would hold elements left out, each with its reason, and is empty."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import CHROMIUM, ROOT, missing

pytestmark = pytest.mark.e2e

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Elements axe leaves out, as {CSS selector: why}. Django's admin markup is fixed by our templates and
# CSS (grizha.core: admin/base_site.html, admin/edit_inline/tabular.html, admin.css, admin.js).
AXE_EXCLUDED: dict[str, str] = {}

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 320, "height": 640}  # also a 1280 px screen at 400% zoom
LANGUAGE_OF_PATH = re.compile(r"^/en(/|$)")

# Defined in every page before its own scripts; `audit` runs axe and our checks, and answers problems.
AUDIT_SCRIPT = r"""
window.grizhaAudit = async function (options) {
  const problems = [];
  const result = await axe.run(
    {exclude: options.exclude.map((selector) => [selector])},
    {runOnly: {type: "tag", values: options.tags}, resultTypes: ["violations"]},
  );
  for (const v of result.violations) {
    problems.push(`axe ${v.id} (${v.impact}): ${v.help}; ` +
      v.nodes.slice(0, 8).map((n) => n.target.join(" ")).join(" | ") +
      (v.nodes.length > 8 ? ` and ${v.nodes.length - 8} more` : ""));
  }
  if (options.public) {
    const lang = document.documentElement.lang;
    if (lang !== options.lang) problems.push(`<html lang="${lang}">, expected "${options.lang}"`);
    const h1 = document.querySelectorAll("h1").length;
    if (h1 !== 1) problems.push(`${h1} h1 elements, expected one`);
    const first = document.querySelector(
      "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])");
    if (!first || !first.matches("a.skip-link[href='#main']") || !document.querySelector("main#main")) {
      problems.push("the first thing to tab to is not a skip link to <main id=main>");
    }
    if (options.lang === "en") {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (!/[\u0400-\u04FF]/.test(node.nodeValue) || element.closest("script, style, [hidden]")) continue;
        if ((element.closest("[lang]") || document.documentElement).lang.startsWith("en")) {
          problems.push(`Bulgarian text without lang="bg": ${element.tagName.toLowerCase()}` +
            `${element.className ? "." + element.className.trim().split(/\s+/).join(".") : ""}` +
            ` "${node.nodeValue.trim().slice(0, 40)}"`);
          break;
        }
      }
    }
  }
  if (options.reflow) {
    const root = document.scrollingElement;
    if (root.scrollWidth > root.clientWidth) {
      problems.push(`scrolls sideways: ${root.scrollWidth}px wide in a ${root.clientWidth}px window`);
    }
  }
  return problems;
};
"""

SCROLLS_SIDEWAYS = """(() => {
  const root = document.scrollingElement;
  return root.scrollWidth > root.clientWidth ? `${root.scrollWidth}px wide in a ${root.clientWidth}px window` : "";
})()"""
SERVICE_PAGE = re.compile(r"/services/[0-9a-f-]{36}/$")


class Auditor:
    """Audits pages, and keeps every problem found to report them all at the end.

    Pages in a list are audited two at a time, in two tabs (two renderer processes): while one runs
    axe, the other loads, which nearly halves the time on a machine with two cores."""

    def __init__(self, browser: Any, axe_source: str, *, locale: str = "en-GB") -> None:
        self.contexts = []
        self.pages = []
        for viewport in (DESKTOP, PHONE):
            context = browser.new_context(viewport=viewport, locale=locale)
            context.add_init_script(script=axe_source + AUDIT_SCRIPT)
            self.contexts.append(context)
            self.pages.append(context.new_page())
        self.problems: dict[str, list[str]] = {}
        self.audited = 0

    @property
    def desktop(self) -> Any:
        return self.pages[0]

    @property
    def phone(self) -> Any:
        return self.pages[1]

    def close(self) -> None:
        for context in self.contexts:
            context.close()

    def _options(self, page: Any, public: bool) -> dict[str, Any]:
        path = urllib.parse.urlsplit(page.url).path
        return {
            "tags": AXE_TAGS,
            "exclude": list(AXE_EXCLUDED),
            "public": public,
            "lang": "en" if LANGUAGE_OF_PATH.match(path) else "bg",
            "reflow": public and page is self.phone,
        }

    def _record(self, url: str, problems: list[str]) -> None:
        self.audited += 1
        if problems:
            self.problems.setdefault(url, []).extend(problems)

    def here(self, page: Any, *, public: bool = True, label: str = "") -> None:
        """Audit what `page` shows now (after a form was sent, for example)."""
        problems = page.evaluate("(options) => window.grizhaAudit(options)", self._options(page, public))
        self._record(f"{page.url}{f' ({label})' if label else ''}", problems)

    def urls(self, urls: Iterable[str], *, public: bool = True) -> None:
        """Audit each URL (a GET that must answer 200), two at a time: public pages in Bulgarian wide and
        in English narrow; staff pages (in the language of the browser) wide and narrow in turn."""
        pending: dict[int, str] = {}

        def collect(index: int) -> None:
            page = self.pages[index]
            self._record(pending.pop(index), page.evaluate("window.grizhaAuditRun"))

        for position, url in enumerate(urls):
            english = LANGUAGE_OF_PATH.match(urllib.parse.urlsplit(url).path)
            index = (1 if english else 0) if public else position % 2
            if index in pending:
                collect(index)
            page = self.pages[index]
            response = page.goto(url)
            if response is None or response.status != 200:
                self._record(url, [f"answered {response.status if response else 'nothing'}, not 200"])
                continue
            page.evaluate(
                "(options) => { window.grizhaAuditRun = window.grizhaAudit(options); }",
                self._options(page, public),
            )
            pending[index] = url
        for index in list(pending):
            collect(index)

    def report(self) -> str:
        lines = [f"{len(self.problems)} of {self.audited} pages have problems:"]
        for url, problems in self.problems.items():
            lines.append(url)
            lines.extend(f"    {problem}" for problem in problems)
        return "\n".join(lines)


@pytest.fixture
def auditor(browser: Any, axe_source: str) -> Iterator[Auditor]:
    auditor = Auditor(browser, axe_source)
    yield auditor
    auditor.close()


def sitemap_urls(base_url: str) -> list[str]:
    """Every <loc> of /sitemap.xml, both languages (the sitemap lists each page in each)."""
    with urllib.request.urlopen(f"{base_url}/sitemap.xml", timeout=30) as response:
        xml = response.read().decode()
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def links_on(page: Any, base_url: str) -> list[str]:
    """The pages of this site that `page` links to (not files, feeds, staff pages or the API), one of
    each kind: /services/?need=meals stands for every list filtered by need."""
    hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map((a) => a.href)")
    kinds = {}
    for href in hrefs:
        if not href.startswith(base_url) or re.search(
            r"\.(pdf|svg|png|xml|atom|mp3|wav|json)(\?|$)|/(admin|staff|api|static)/", href
        ):
            continue
        url = urllib.parse.urlsplit(href.split("#")[0])
        kind = (re.sub(r"[0-9a-f-]{36}", "{id}", url.path), tuple(sorted(urllib.parse.parse_qs(url.query))))
        kinds.setdefault(kind, url.geturl())
    return list(kinds.values())


def test_every_page_of_the_sitemap_and_the_pages_it_links_to(auditor: Auditor, demo_server: str) -> None:
    started = time.monotonic()
    urls = sitemap_urls(demo_server)
    assert len(urls) >= 150, f"the sitemap lists only {len(urls)} pages"
    assert any("/en/services/" in url for url in urls) and any("/places/" in url for url in urls)
    # Pages outside the sitemap but one link away from its main pages: search, news, leaflets, a
    # service page's other views (easy-read, listening), requests, display settings.
    services = [url for url in urls if SERVICE_PAGE.search(url)]
    for url in [f"{demo_server}/", f"{demo_server}/en/", *services[:2], urls[-1]]:
        auditor.desktop.goto(url)
        urls += [link for link in links_on(auditor.desktop, demo_server) if link not in urls]
    urls += [
        f"{demo_server}{prefix}{path}"
        for prefix in ("", "/en")
        for path in ("/services/?q=%D0%B1%D0%B0%D0%B1%D0%B0", "/services/?q=hot+lunch", "/display/", "/leaflets/")
    ]
    auditor.urls(dict.fromkeys(urls))
    assert not auditor.problems, auditor.report()
    print(f"axe: {auditor.audited} public pages in {time.monotonic() - started:.0f} s")


def test_error_pages_forms_showing_their_errors_and_a_progress_page(auditor: Auditor, demo_server: str) -> None:
    for prefix in ("", "/en"):
        page = auditor.phone if prefix else auditor.desktop
        response = page.goto(f"{demo_server}{prefix}/no-such-page/")
        assert response.status == 404
        auditor.here(page, label="404")
        # The display settings, saved (a status message).
        page.goto(f"{demo_server}{prefix}/display/?next=/")
        page.check("#id_large_text")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{demo_server}/")
        page.goto(f"{demo_server}{prefix}/display/?saved=1")
        auditor.here(page, label="saved")
        page.context.clear_cookies()
        # A document made in the background: its page while it waits.
        page.goto(f"{demo_server}{prefix}/leaflets/")
        page.locator("form:has(input[name=kind][value=posters]) button[type=submit]").click()
        page.wait_for_url("**/leaflets/jobs/*/")
        auditor.here(page, label="waiting for a document")
        # Every public form on the pages linked from the home page, sent empty: the error summary.
        page.goto(f"{demo_server}{prefix}/")
        for url in links_on(page, demo_server):
            page.goto(url)
            form = page.locator("main form[method=post]")
            if form.count() != 1 or "/display/" in url:
                continue
            form.locator("button[type=submit]").first.click()
            page.wait_for_load_state()
            auditor.here(page, label="sent empty")
    assert not auditor.problems, auditor.report()


NUMBERS = {"age": "78", "disability": "90", "income": "300"}


def answer(page: Any, step: str) -> None:
    """Answer one question of the screening so that as many later questions as possible are asked."""
    if step == "who":
        page.check("#id_who_0")
    elif step == "settlement":
        page.select_option("#id_settlement", "67338")  # Sliven
    elif step == "situation":
        page.check("#id_group_adults-with-disabilities_0")
    elif step == "needs":
        for need in ("care-at-home", "meals", "personal-assistance", "day-activities"):
            page.check(f"main input[type=checkbox][value='{need}']")
    elif page.locator("main input[type=radio]").count():
        page.locator("main input[type=radio]").first.check()
    else:
        page.locator("main input[type=text], main input[type=number]").first.fill(NUMBERS[step])
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_questionnaire_step_by_step_with_its_errors_and_results(
    auditor: Auditor, demo_server: str, prefix: str
) -> None:
    page = auditor.phone if prefix else auditor.desktop
    page.goto(f"{demo_server}{prefix}/screening/")
    auditor.here(page, label="start")
    page.goto(f"{demo_server}{prefix}/screening/who/")
    asked = []
    while "/screening/check/" not in page.url:
        step = page.url.rstrip("/").rsplit("/", 1)[-1]
        assert step not in asked, f"the questionnaire asked {step} twice: {asked}"
        asked.append(step)
        auditor.here(page, label=step)
        if step == "age":  # nothing typed: the error summary
            page.locator("main form button[type=submit]").first.click()
            page.locator(".error-summary").wait_for()
            auditor.here(page, label="age, sent empty")
        answer(page, step)
    assert {"who", "age", "settlement", "situation", "needs"} < set(asked), asked  # and facts asked
    auditor.here(page, label="check your answers")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/screening/results/")
    auditor.here(page, label="results")
    results = page.url
    for path in ("print/", "email/", "call-back/"):
        response = page.goto(results + path)
        assert response.status == 200, path
        auditor.here(page, label=path)
        if path != "print/":
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_load_state()
            auditor.here(page, label=f"{path}, sent empty")
    assert not auditor.problems, auditor.report()


@pytest.mark.parametrize("locale", ["bg-BG", "en-GB"])
def test_one_staff_page_of_each_kind(browser: Any, axe_source: str, demo_server: str, locale: str) -> None:
    from grizha.demo.accounts import DEMO_ACCOUNTS, demo_account

    admin = next(account for account in DEMO_ACCOUNTS if account.superuser)
    auditor = Auditor(browser, axe_source, locale=locale)
    page = auditor.desktop
    try:
        page.goto(f"{demo_server}/admin/login/")
        auditor.here(page, public=False, label="login")
        page.fill("#id_username", admin.username)
        page.fill("#id_password", "not the password")
        page.fill("#id_otp_token", admin.token)
        page.locator("main button[type=submit]").first.click()
        page.wait_for_load_state()
        auditor.here(page, public=False, label="login refused")
        page.fill("#id_username", admin.username)
        page.fill("#id_password", admin.password)
        page.fill("#id_otp_token", admin.token)
        page.locator("main button[type=submit]").first.click()
        page.wait_for_url(f"{demo_server}/admin/")
        auditor.contexts[1].add_cookies(auditor.contexts[0].cookies())  # the narrow tab logged in too

        page.goto(f"{demo_server}/admin/catalog/service/?status__exact=active")
        service = page.locator("#result_list tbody tr a").first.get_attribute("href").split("change/")[0]
        page.goto(f"{demo_server}/admin/catalog/location/")
        location = page.locator("#result_list tbody tr a").first.get_attribute("href").split("?")[0]
        auditor.urls(
            [
                f"{demo_server}/admin/",  # index
                f"{demo_server}/admin/catalog/",  # an application's index
                f"{demo_server}/admin/catalog/service/?status__exact=active",  # a list with filters
                f"{demo_server}/admin/catalog/service/?q=%D0%B4%D0%BE%D0%BC",  # a search
                f"{demo_server}{service}change/",  # a change form with tabular and stacked inlines
                f"{demo_server}{service}try/",  # a service's screening conditions, tried out
                f"{demo_server}{location}",
                f"{demo_server}/admin/catalog/service/add/",  # an add form (autocompletes empty)
                f"{demo_server}{service}history/",
                f"{demo_server}{service}delete/",  # a confirmation
                f"{demo_server}/admin/password_change/",
                f"{demo_server}/admin/casework/callbackrequest/",  # the front office's requests
                # The administrator sees the anonymous figures: charts, map, tables, and a wrong month.
                f"{demo_server}/staff/analytics/",
                f"{demo_server}/staff/analytics/effectiveness/",
                f"{demo_server}/staff/analytics/?start=March",
                f"{demo_server}/staff/analytics/report/",
            ],
            public=False,
        )
        # Trainings, supervision and indicators, which the administrator keeps.
        page.goto(f"{demo_server}/staff/training/")
        # The oldest training, done, with its participants (the list shows the latest first).
        training = page.locator("main table a[href^='/staff/training/']").last.get_attribute("href")
        page.goto(f"{demo_server}{training}")
        participant = page.locator("main table a[href*='/people/']").first.get_attribute("href")
        number = re.compile(r"^[2-9A-Z]{10}$")
        certificate = page.locator("main table tbody td").filter(has_text=number).first.inner_text().strip()
        page.goto(f"{demo_server}/staff/training/supervision/")
        session = page.locator("main table a[href^='/staff/training/supervision/']").first.get_attribute("href")
        auditor.urls(
            [
                f"{demo_server}/staff/training/",
                f"{demo_server}{training}",
                f"{demo_server}{training}edit/",
                f"{demo_server}{participant}",
                f"{demo_server}/staff/training/new/",
                f"{demo_server}/staff/training/supervision/",
                f"{demo_server}{session}",
                f"{demo_server}/staff/training/indicators/",
                f"{demo_server}/staff/training/me/",
                f"{demo_server}/staff/training/people/",
            ],
            public=False,
        )
        # A certificate's public check, in both languages.
        auditor.urls(
            [
                f"{demo_server}/certificates/{certificate}/",
                f"{demo_server}/en/certificates/{certificate}/",
            ]
        )
        page.goto(f"{demo_server}/admin/catalog/service/add/")
        page.locator("input[name=_save]").click()
        page.wait_for_load_state()
        auditor.here(page, public=False, label="add form sent empty")

        # The front office's pages, as a front-office specialist.
        specialist = demo_account("frontoffice")
        page.goto(f"{demo_server}/staff/login/")
        page.fill("#id_username", specialist.username)
        page.fill("#id_password", specialist.password)
        page.fill("#id_otp_token", specialist.token)
        page.locator("main button[type=submit]").first.click()
        page.wait_for_url(f"{demo_server}/staff/")
        auditor.contexts[1].add_cookies(auditor.contexts[0].cookies())
        details = []
        for listing, prefix in (
            ("/staff/referrals/", "/staff/referrals/"),
            ("/staff/people/?q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0", "/staff/people/"),
            ("/staff/consultations/", "/staff/consultations/"),
            ("/staff/requests/", "/staff/requests/"),
        ):
            page.goto(f"{demo_server}{listing}")
            link = page.locator(f"main table a[href^='{prefix}']").first.get_attribute("href")
            details.append(f"{demo_server}{link}")
        auditor.urls(
            [
                f"{demo_server}/staff/",  # the work queue
                f"{demo_server}/staff/screening/",  # the staff one-page screening
                f"{demo_server}/staff/login-codes/",
                f"{demo_server}/staff/consultations/",
                f"{demo_server}/staff/consultations/new/",
                f"{demo_server}/staff/people/",
                f"{demo_server}/staff/people/new/",
                f"{demo_server}/staff/referrals/",
                f"{demo_server}/staff/requests/",
                *details,  # a referral, a person's record, a consultation, a request
                f"{details[2]}screening/",  # the screening inside a consultation
            ],
            public=False,
        )
        page.goto(f"{demo_server}/staff/screening/")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        auditor.here(page, public=False, label="sent empty")
        page.fill("#id_age", "78")
        page.select_option("#id_settlement", "67338")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        auditor.here(page, public=False, label="with results")
    finally:
        auditor.close()
    assert not auditor.problems, auditor.report()


def test_no_page_scrolls_sideways_at_320px(browser: Any, demo_server: str) -> None:
    """At 320 CSS px, the width of a small phone and of a 1280 px screen zoomed to 400% (WCAG 1.4.10
    Reflow), nothing scrolls sideways: every English page of the sitemap is checked so by the axe test
    above (English pages are audited at 320 px); here the main Bulgarian pages, then the main pages of
    both languages with larger text and more spacing (WCAG 1.4.12 Text spacing)."""
    urls = sitemap_urls(demo_server)
    service = next(url for url in urls if SERVICE_PAGE.search(url)).replace(demo_server, "")
    key_paths = ["/", "/services/", "/services/?q=%D0%B1%D0%B0%D0%B1%D0%B0", service, "/offices/"]
    key_paths += ["/accessibility/", "/screening/", "/screening/who/", "/display/", "/no-such-page/"]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    too_wide = {}
    try:
        for label, prefixes in (("", [""]), (" (larger text, more spacing)", ["", "/en"])):
            if label:
                context.add_cookies([{"name": "grizha_display", "value": "large-text.spacing", "url": demo_server}])
            for url in [f"{demo_server}{prefix}{path}" for prefix in prefixes for path in key_paths]:
                page.goto(url)
                if wide := page.evaluate(SCROLLS_SIDEWAYS):
                    too_wide[url + label] = wide
    finally:
        context.close()
    assert not too_wide, "\n".join(f"{url}: {wide}" for url, wide in too_wide.items())


def test_high_contrast_gives_every_text_at_least_7_to_1(browser: Any, axe_source: str, demo_server: str) -> None:
    """The high-contrast preference meets WCAG's enhanced contrast (1.4.6, AAA: 7:1), checked by axe's
    color-contrast-enhanced rule on the main pages."""
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(script=axe_source)
    context.add_cookies([{"name": "grizha_display", "value": "high-contrast", "url": demo_server}])
    page = context.new_page()
    page.goto(f"{demo_server}/services/")
    service = page.locator(".service-card h3 a").first.get_attribute("href")
    failures = {}
    try:
        for path in ["/", "/services/", service, "/offices/", "/screening/", "/en/display/", "/en/screening/who/"]:
            page.goto(demo_server + path)
            assert "pref-high-contrast" in page.evaluate("document.documentElement.className")
            violations = page.evaluate(
                """async () => (await axe.run(document, {runOnly: {type: 'rule',
                   values: ['color-contrast-enhanced', 'color-contrast', 'link-in-text-block']}})).violations
                   .map((v) => `${v.id}: ${v.nodes.slice(0, 6).map((n) => n.target.join(' ')).join(' | ')}`)"""
            )
            if violations:
                failures[path] = violations
    finally:
        context.close()
    assert not failures, json.dumps(failures, indent=2, ensure_ascii=False)


def test_display_preferences_change_the_page_without_javascript(browser: Any, demo_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{demo_server}/en/offices/")
        page.get_by_role("link", name="Display settings").click()
        page.wait_for_url("**/en/display/?next=*")
        page.get_by_label("Larger text").check()
        page.get_by_label("High contrast", exact=False).check()
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(f"{demo_server}/en/offices/")
        assert page.evaluate("document.documentElement.className") == "pref-large-text pref-high-contrast"
        body = page.evaluate("[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]")
        assert body == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]
        size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert size >= 1.25 * 16
        # Back on the settings page, the choices are shown; clearing them all restores the normal look.
        page.goto(f"{demo_server}/en/display/?next=/en/offices/")
        assert page.get_by_label("Larger text").is_checked()
        assert not page.get_by_label("Reduce motion").is_checked()
        page.get_by_label("Larger text").uncheck()
        page.get_by_label("High contrast", exact=False).uncheck()
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(f"{demo_server}/en/offices/")
        assert page.evaluate("document.documentElement.className") == ""
    finally:
        context.close()


LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


def test_lighthouse_scores_100_for_accessibility(demo_server: str) -> None:
    """Lighthouse (npm) in Debian's Chromium on the home, search, service and screening pages."""
    if not LIGHTHOUSE.exists():
        missing(f"Lighthouse not found at {LIGHTHOUSE} (run scripts/test --install, or npm ci)")
    if not Path(CHROMIUM).exists():
        missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with urllib.request.urlopen(f"{demo_server}/services/", timeout=30) as response:
        service = re.search(r'href="(/services/[0-9a-f-]{36}/)"', response.read().decode())
    assert service
    paths = ["/", "/services/?q=%D0%B1%D0%B0%D0%B1%D0%B0", service.group(1), "/screening/"]
    out = subprocess.run(
        ["node", str(ROOT / "tests" / "e2e" / "lighthouse_scores.mjs"), *(demo_server + p for p in paths)],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    scores = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert len(scores) == len(paths), out.stdout + out.stderr[-3000:]
    below = [score for score in scores if score["score"] != 1 or score["error"]]
    assert not below, json.dumps(below, indent=2)
