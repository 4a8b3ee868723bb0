"""The background task queue, for every app: Django's task API (django-tasks) on the database backend
(django-tasks-db), plus what it lacks: retries with back-off, running the queue inline (tests,
benchmarks) and a worker thread inside the server process for `grizha demo`.

A task is enqueued in the caller's transaction, since the queue is a table of the same database: the
worker sees the task exactly when it sees the rows the task is about, never before.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, ParamSpec, TypeVar

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks import TaskResultStatus, task
from django_tasks.base import Task

P = ParamSpec("P")
T = TypeVar("T")

logger = logging.getLogger(__name__)

ATTEMPT_KWARG = "_attempt"
WORKER_INTERVAL = 1.0


def background(
    *, retries: int = 0, backoff_seconds: float = 30.0, queue_name: str = "default", priority: int = 0
) -> Callable[[Callable[P, T]], Task[P, T]]:
    """Make a module-level function a background task. When it raises, it is enqueued again after
    backoff_seconds, then twice that, and so on, `retries` times, before the failure stands."""

    def decorate(function: Callable[P, T]) -> Task[P, T]:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> T:
            attempt = int(kwargs.pop(ATTEMPT_KWARG, 0))
            try:
                return function(*args, **kwargs)
            except Exception:
                if attempt >= retries:
                    raise
                delay = timedelta(seconds=backoff_seconds * 2**attempt)
                logger.warning("%s failed (attempt %d); trying again in %s", function.__name__, attempt + 1, delay)
                queued.using(run_after=timezone.now() + delay).enqueue(*args, **{**kwargs, ATTEMPT_KWARG: attempt + 1})
                raise

        queued: Task[P, T] = task(queue_name=queue_name, priority=priority)(run)
        return queued

    return decorate


def _worker(*, batch: bool, worker_id: str) -> Any:
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["*"],
        interval=WORKER_INTERVAL,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def run_queued(*, worker_id: str = "inline") -> int:
    """Run, in this process and thread, every task that is due now; return how many ran.

    For tests and benchmarks: unlike `grizha worker --batch`, it keeps the current database connection
    (and so the test's transaction) open."""
    from django_tasks_db.models import DBTaskResult

    worker = _worker(batch=True, worker_id=worker_id)
    ran = 0
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker_id)
        worker.run_task(result)
        ran += 1
    return ran


def task_status(result_id: str) -> TaskResultStatus | None:
    """The status of an enqueued task, or None when the queue no longer knows it."""
    from django_tasks_db.models import DBTaskResult

    status = DBTaskResult.objects.filter(id=result_id).values_list("status", flat=True).first()
    return TaskResultStatus(status) if status else None


_inprocess_lock = threading.Lock()
_inprocess_thread: threading.Thread | None = None


def start_inprocess_worker() -> None:
    """A worker thread inside this process (`grizha demo`: nothing else to start). Idempotent."""
    global _inprocess_thread
    with _inprocess_lock:
        if _inprocess_thread is not None and _inprocess_thread.is_alive():
            return
        worker = _worker(batch=False, worker_id=f"inprocess-{threading.get_native_id()}")
        _inprocess_thread = threading.Thread(target=worker.run, name="grizha-tasks", daemon=True)
        _inprocess_thread.start()


# --- Periodic tasks ------------------------------------------------------------------------------------
# A periodic task keeps one run waiting in the queue: each run, failed or not, enqueues the next one
# `every` later, and `ensure_periodic()`, called where workers start, enqueues the first. The queue is
# the schedule, so any number of workers share it and a restart loses nothing.

_PERIODIC: dict[str, Task[[], Any]] = {}


def periodic(
    *, every: timedelta, queue_name: str = "default", priority: int = 0
) -> Callable[[Callable[[], T]], Task[[], T]]:
    """Make a module-level function without arguments a task that runs every `every`."""

    def decorate(function: Callable[[], T]) -> Task[[], T]:
        @functools.wraps(function)
        def run() -> T:
            try:
                return function()
            finally:
                ensure_scheduled(queued, at=timezone.now() + every)

        queued: Task[[], T] = task(queue_name=queue_name, priority=priority)(run)
        _PERIODIC[queued.module_path] = queued
        return queued

    return decorate


def ensure_scheduled(queued: Task[Any, Any], *, at: datetime | None = None) -> bool:
    """Enqueue a run of the task without arguments (at `at`, else now) unless a run of it is waiting
    already; True when one was enqueued. Of two runs waiting by accident, the first to run lets the
    other stand instead of adding a third."""
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=queued.module_path, status=TaskResultStatus.READY).exists():
        return False
    (queued.using(run_after=at) if at is not None else queued).enqueue()
    return True


def ensure_periodic() -> list[str]:
    """Give every periodic task of every app (found in the apps' `tasks` modules) a run waiting; return
    the paths of the tasks enqueued now. Called where workers start (`grizha worker`, `grizha demo`)."""
    autodiscover_modules("tasks")
    return [path for path, queued in _PERIODIC.items() if ensure_scheduled(queued)]
