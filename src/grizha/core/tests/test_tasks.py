"""The task queue glue: a failing task comes back after a back-off, until its retries are spent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from grizha.core.tasks import background, run_queued, task_status

pytestmark = pytest.mark.django_db

CALLS: list[int] = []


@background(retries=2, backoff_seconds=0)
def flaky(value: int) -> int:
    CALLS.append(value)
    if len(CALLS) < 3:
        raise RuntimeError("not yet")
    return value * 2


@background(retries=1, backoff_seconds=60)
def broken() -> None:
    raise RuntimeError("never")


@pytest.fixture(autouse=True)
def _no_calls() -> None:
    CALLS.clear()


def test_a_failing_task_is_tried_again_until_it_succeeds() -> None:
    first = flaky.enqueue(21)
    assert run_queued() == 3
    assert CALLS == [21, 21, 21]
    assert task_status(first.id) == TaskResultStatus.FAILED
    last = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert last is not None and last.status == TaskResultStatus.SUCCESSFUL
    assert last.return_value == 42


def test_a_retry_waits_for_its_back_off() -> None:
    broken.enqueue()
    before = timezone.now()
    assert run_queued() == 1, "the retry is not due yet"
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.run_after >= before + timedelta(seconds=59)
    assert retry.args_kwargs["kwargs"] == {"_attempt": 1}


def test_an_unknown_task_has_no_status() -> None:
    assert task_status("00000000-0000-0000-0000-000000000000") is None
