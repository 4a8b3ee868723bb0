"""Counting in the process, writing in batches: views and searches gather in memory, and reach the
database when a batch is due or the process ends; robots and prefetches are not counted."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from grizha.usage import counting
from grizha.usage.models import MissedSearch, PageView
from grizha.usage.robots import is_robot
from grizha.usage.tests.conftest import BROWSER, GOOGLEBOT, NOWHERE, a_service, two_services

pytestmark = pytest.mark.django_db


def test_views_gather_in_the_process_until_they_are_flushed() -> None:
    first, second = two_services()
    for service in (first, first, second, first):
        counting.page_viewed(service.id)
    assert PageView.objects.count() == 0
    assert counting.flush_all() == 4
    today = timezone.localdate()
    assert dict(PageView.objects.filter(day=today).values_list("service_id", "count")) == {first.id: 3, second.id: 1}
    counting.page_viewed(first.id)
    counting.flush_all()
    assert PageView.objects.get(service=first, day=today).count == 4
    assert counting.flush_all() == 0  # nothing left to write


def test_a_batch_is_written_once_enough_counts_have_gathered() -> None:
    service = a_service()
    tally = counting.Tally(counting._write_views, seconds=3600, most=3)
    tally.add((service.id, timezone.localdate()))
    tally.add((service.id, timezone.localdate()))
    assert PageView.objects.count() == 0
    tally.add((service.id, timezone.localdate()))
    assert PageView.objects.get(service=service).count == 3
    assert tally.pending() == {}


def test_a_batch_is_written_when_its_time_has_come() -> None:
    service = a_service()
    tally = counting.Tally(counting._write_views, seconds=0, most=1000)
    tally.add((service.id, timezone.localdate()))
    assert PageView.objects.get(service=service).count == 1


def test_counts_made_against_another_database_are_dropped_not_written_here() -> None:
    """At the end of a test run the process writes what is left, by then to the project's own database:
    what was counted against the test database must not go there."""
    service = a_service()
    tally = counting.Tally(counting._write_views, seconds=3600, most=1000)
    tally.add((service.id, timezone.localdate()))
    real_name = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = "another-database"
    try:
        assert tally.flush() == 0
    finally:
        connection.settings_dict["NAME"] = real_name
    assert PageView.objects.count() == 0 and tally.pending() == {}


@pytest.mark.parametrize(
    ("agent", "robot"),
    [
        (BROWSER["HTTP_USER_AGENT"], False),
        ("Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36", False),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Safari", False),
        (GOOGLEBOT["HTTP_USER_AGENT"], True),
        ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", True),
        ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2)", True),
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0 Safari/537.36", True),
        ("facebookexternalhit/1.1", True),
        ("curl/8.5.0", True),
        ("python-httpx/0.27", True),
        ("", True),
    ],
)
def test_robots_are_told_by_their_user_agent(agent: str, robot: bool) -> None:
    assert is_robot(agent) is robot


def test_a_persons_view_of_a_service_page_is_counted_and_a_robots_is_not(client: Client) -> None:
    service = a_service()
    url = f"/services/{service.id}/"
    assert client.get(url, **BROWSER).status_code == 200
    assert client.get(f"/en{url}", **BROWSER).status_code == 200  # from the page cache, in English
    assert client.get(url, **GOOGLEBOT).status_code == 200
    assert client.get(url).status_code == 200  # no user agent at all
    assert client.get(url, HTTP_SEC_PURPOSE="prefetch", **BROWSER).status_code == 200
    assert client.head(url, **BROWSER).status_code == 200
    counting.flush_all()
    assert PageView.objects.get(service=service, day=timezone.localdate()).count == 2


def test_views_from_the_page_cache_are_counted_too(client: Client) -> None:
    service = a_service()
    for _ in range(3):
        client.get(f"/services/{service.id}/", **BROWSER)
    counting.flush_all()
    assert PageView.objects.get(service=service).count == 3


def test_other_pages_are_not_counted(client: Client) -> None:
    service = a_service()
    client.get("/services/", **BROWSER)
    client.get("/services/00000000-0000-0000-0000-000000000000/", **BROWSER)  # not found
    client.get(f"/services/{service.id}/feedback/", **BROWSER)
    assert counting.flush_all() == 0


def test_a_search_that_found_nothing_is_recorded_once_a_day_with_its_count(client: Client) -> None:
    for query in (NOWHERE, f"  {NOWHERE.upper()}!", NOWHERE):  # the last from the page cache
        assert client.get("/services/", {"q": query}, **BROWSER).status_code == 200
    client.get("/en/services/", {"q": NOWHERE}, **BROWSER)
    client.get("/services/", {"q": NOWHERE}, **GOOGLEBOT)
    counting.flush_all()
    client.get("/services/", {"q": NOWHERE}, **BROWSER)
    counting.flush_all()
    row = MissedSearch.objects.get()
    assert (row.query, row.municipality, row.day, row.count) == ("жирафи луната", "SLV20", timezone.localdate(), 5)


def test_a_search_that_found_services_or_a_blank_one_is_not_recorded(client: Client) -> None:
    for query in ("патронаж", "патронаж", "   ", ""):
        assert client.get("/services/", {"q": query}, **BROWSER).status_code == 200
    assert counting.flush_all() == 0 and MissedSearch.objects.count() == 0


def test_a_search_that_holds_only_personal_data_is_not_recorded(client: Client) -> None:
    client.get("/services/", {"q": "7501020018"}, **BROWSER)
    assert counting.flush_all() == 0
