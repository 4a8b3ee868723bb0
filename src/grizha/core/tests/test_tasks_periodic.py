"""Periodic tasks: one run always waits in the queue; each run, failed or not, enqueues the next one."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from grizha.core.tasks import ensure_periodic, ensure_scheduled, periodic, run_queued

pytestmark = pytest.mark.django_db

RUNS: list[str] = []


@periodic(every=timedelta(minutes=10))
def tick() -> str:
    RUNS.append("tick")
    return "ticked"


@periodic(every=timedelta(minutes=5))
def stumble() -> None:
    RUNS.append("stumble")
    raise RuntimeError("always")


@pytest.fixture(autouse=True)
def _no_runs() -> None:
    RUNS.clear()


def waiting(task_path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=task_path, status=TaskResultStatus.READY))


def test_a_run_is_enqueued_when_none_waits() -> None:
    assert ensure_scheduled(tick) is True
    assert ensure_scheduled(tick) is False
    assert len(waiting(tick.module_path)) == 1


def test_each_run_enqueues_the_next_one_after_the_interval() -> None:
    ensure_scheduled(tick)
    before = timezone.now()
    assert run_queued() == 1, "the next run is not due yet"
    assert RUNS == ["tick"]
    [following] = waiting(tick.module_path)
    assert before + timedelta(minutes=10) <= following.run_after <= timezone.now() + timedelta(minutes=10)


def test_a_failed_run_still_enqueues_the_next_one() -> None:
    ensure_scheduled(stumble)
    run_queued()
    assert RUNS == ["stumble"]
    assert len(waiting(stumble.module_path)) == 1


def test_of_two_runs_waiting_by_accident_the_first_does_not_add_a_third() -> None:
    tick.enqueue()
    tick.enqueue()
    run_queued()
    assert RUNS == ["tick", "tick"]
    assert len(waiting(tick.module_path)) == 1


def test_where_workers_start_every_periodic_task_of_every_app_gets_a_run() -> None:
    enqueued = ensure_periodic()
    assert "grizha.casework.tasks.send_referral_reminders" in enqueued
    assert tick.module_path in enqueued
    assert ensure_periodic() == []


def test_grizha_worker_gives_the_periodic_tasks_their_first_run() -> None:
    from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

    with mock.patch.object(DatabaseWorkerCommand, "handle") as run_worker:
        call_command("worker", "--batch")
    run_worker.assert_called_once()
    assert waiting("grizha.casework.tasks.send_referral_reminders")
