"""Whether a request comes from a person's browser: robots (search engines, link previews, monitors,
scripts) and a browser's guesses ahead of a click (prefetching) are not counted as reading a page."""

from __future__ import annotations

import re

from django.http import HttpRequest

# Every browser in use names itself "Mozilla/5.0 ..." (old Opera "Opera/..."); robots that do so too give
# themselves away in the rest of the string.
BROWSER_START = ("mozilla/", "opera/")
ROBOT = re.compile(
    r"bot[/\-;_]|\bbot\b|robot|crawl|spider|slurp|archiver|scanner|monitor|uptime|pingdom|preview|headless|lighthouse|"
    r"facebookexternalhit|embedly|whatsapp|telegram|viber|skype|bingpreview|python|curl|wget|httpx|okhttp|"
    r"java/|go-http|node-fetch|axios|scrapy|phantomjs|selenium|playwright|puppeteer|feed|validator|check",
    re.IGNORECASE,
)


def is_robot(user_agent: str) -> bool:
    agent = (user_agent or "").strip()
    return not agent.lower().startswith(BROWSER_START) or bool(ROBOT.search(agent))


def is_person(request: HttpRequest) -> bool:
    """A GET by a browser that says it is one, and not a prefetch."""
    if request.method != "GET":
        return False
    purpose = request.headers.get("Sec-Purpose") or request.headers.get("Purpose") or ""
    if "prefetch" in purpose.lower():
        return False
    return not is_robot(request.headers.get("User-Agent", ""))
