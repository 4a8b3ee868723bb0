"""The writes of usage: an anonymous answer with its comment masked, and counts that add up, batch after
batch and when two processes write the same day at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from typing import TypeVar
from uuid import uuid4

import pytest
from django.db import connection, connections, transaction

from grizha.usage.models import Feedback, MissedSearch, PageView
from grizha.usage.services import feedback_record, missed_searches_add, page_views_add
from grizha.usage.tests.conftest import a_service, two_services

pytestmark = pytest.mark.django_db

T = TypeVar("T")
MAY_1 = date(2026, 5, 1)
MAY_2 = date(2026, 5, 2)


def test_an_answer_is_kept_with_personal_data_masked() -> None:
    service = a_service()
    feedback_record(
        service=service,
        useful=False,
        comment="  Не намерих телефона. Моят е 0888 123 456, ЕГН 7501020018, mail ivan@example.bg  ",
        language="en",
    )
    kept = Feedback.objects.get()
    assert (kept.service_id, kept.useful, kept.language) == (service.id, False, "en")
    assert kept.comment == "Не намерих телефона. Моят е ***, ЕГН ***, mail ***"


def test_an_answer_keeps_nothing_about_the_sender() -> None:
    fields = {field.name for field in Feedback._meta.get_fields()}
    assert fields == {"id", "created_at", "updated_at", "service", "useful", "comment", "language"}


def test_views_add_up_batch_after_batch_by_service_and_day() -> None:
    first, second = two_services()
    assert page_views_add(counts={(first.id, MAY_1): 3, (second.id, MAY_1): 1}) == 4
    assert page_views_add(counts={(first.id, MAY_1): 2, (first.id, MAY_2): 7}) == 9
    rows = {(v.service_id, v.day): v.count for v in PageView.objects.all()}
    assert rows == {(first.id, MAY_1): 5, (second.id, MAY_1): 1, (first.id, MAY_2): 7}


def test_views_of_a_service_that_no_longer_exists_are_dropped() -> None:
    service = a_service()
    written = page_views_add(counts={(uuid4(), MAY_1): 5, (service.id, MAY_1): 2})
    assert written == 2
    assert list(PageView.objects.values_list("service_id", "count")) == [(service.id, 2)]


def test_searches_that_found_nothing_add_up_by_query_municipality_and_day() -> None:
    missed_searches_add(counts={("жирафи", "SLV20", MAY_1): 2, ("жирафи", "BGS01", MAY_1): 1})
    missed_searches_add(counts={("жирафи", "SLV20", MAY_1): 3, ("", "SLV20", MAY_1): 4})
    rows = {(m.query, m.municipality, m.day): m.count for m in MissedSearch.objects.all()}
    assert rows == {("жирафи", "SLV20", MAY_1): 5, ("жирафи", "BGS01", MAY_1): 1}


def _in_thread(work: Callable[[], T], results: list[T]) -> threading.Thread:
    """`work` on a connection of its own, committed as it goes."""

    def run() -> None:
        try:
            results.append(work())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_two_processes_adding_to_the_same_new_day_at_once_both_count() -> None:
    """On PostgreSQL, on connections of their own: the first writer inserts the day's row and holds its
    transaction open while the second finds no row to update and tries to insert one too; the second is
    refused by the unique constraint once the first commits, and adds to its row instead. SQLite takes one
    writer at a time, so there they write one after the other."""
    service, day = a_service(), date(2001, 1, 1)

    def add() -> int:
        return page_views_add(counts={(service.id, day): 5})

    if connection.vendor != "postgresql":
        assert [add(), add()] == [5, 5]
        assert PageView.objects.get(service=service, day=day).count == 10
        return
    inserted = threading.Event()

    def first() -> int:
        with transaction.atomic():
            written = add()
            inserted.set()
            time.sleep(1)  # the second writer is now waiting on the row this one inserted
        return written

    def second() -> int:
        assert inserted.wait(timeout=30)
        return add()

    results: list[int] = []
    try:
        threads = [_in_thread(first, results), _in_thread(second, results)]
        for thread in threads:
            thread.join(timeout=60)
        assert results == [5, 5]
        counts: list[list[int]] = []
        _in_thread(lambda: list(PageView.objects.filter(day=day).values_list("count", flat=True)), counts).join()
        assert counts == [[10]]
    finally:
        _in_thread(lambda: PageView.objects.filter(day=day).delete(), []).join()
