"""Background tasks that failed, for administrators: what failed and when, told without personal data
(the task's path and the first line of its error, never its arguments), and running one again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_tasks.base import Task, TaskResult
from django_tasks_db.models import DBTaskResult

from grizha.core.audit import log_action, object_label, register_actions
from grizha.core.models import AuditEvent
from grizha.core.tasks import ATTEMPT_KWARG

PAGE_SIZE = 25
ERROR_LINE_MAX = 200
RETRIED = "grizha.core.task.retried"

register_actions({RETRIED: _("ran a failed background task again")})


@dataclass(frozen=True)
class FailedTask:
    id: UUID
    task_path: str
    failed_at: datetime | None
    attempt: int
    error_class: str
    error_line: str
    retried: bool


def error_line(*, exception_class_path: str, traceback: str) -> str:
    """The first line of the exception's message, from the traceback's last section (`Class: message`)."""
    names = {exception_class_path, exception_class_path.removeprefix("builtins."), exception_class_path.rsplit(".")[-1]}
    lines = traceback.splitlines()
    for index in range(len(lines) - 1, -1, -1):
        head, _colon, message = lines[index].partition(": ")
        if head in names or lines[index] in names:
            return message.strip()[:ERROR_LINE_MAX]
    return ""


def _failed_task(result: DBTaskResult, retried: set[str]) -> FailedTask:
    kwargs = result.args_kwargs.get("kwargs") or {}
    return FailedTask(
        id=result.id,
        task_path=result.task_path,
        failed_at=result.finished_at,
        attempt=int(kwargs.get(ATTEMPT_KWARG, 0)) + 1,
        error_class=result.exception_class_path,
        error_line=error_line(exception_class_path=result.exception_class_path, traceback=result.traceback),
        retried=str(result.id) in retried,
    )


def failed_tasks_page(*, page: str | int | None) -> Page[Any]:
    """A page of the failed tasks, the newest failure first, each marked when it was run again."""
    found = DBTaskResult.objects.failed().order_by("-finished_at", "-enqueued_at", "id")
    shown: Page[Any] = Paginator(found, PAGE_SIZE).get_page(page)
    results: list[DBTaskResult] = list(shown.object_list)
    retried = set(
        AuditEvent.objects.filter(
            action=RETRIED,
            object_type=object_label(DBTaskResult()),
            object_id__in=[str(result.id) for result in results],
        ).values_list("object_id", flat=True)
    )
    shown.object_list = [_failed_task(result, retried) for result in results]
    return shown


def failed_task_retry(*, by: User, task_id: UUID) -> TaskResult[Any]:
    """Enqueue the failed task again with the same arguments, from its first attempt, and audit it.
    Raises DBTaskResult.DoesNotExist for an unknown or not failed task."""
    result = DBTaskResult.objects.failed().get(id=task_id)
    try:
        task = import_string(result.task_path)
    except ImportError:
        task = None
    if not isinstance(task, Task):
        raise ValidationError(_("This task no longer exists in this version of grizha, so it cannot be run again."))
    kwargs = {name: value for name, value in result.args_kwargs["kwargs"].items() if name != ATTEMPT_KWARG}
    queued = task.using(priority=result.priority, queue_name=result.queue_name).enqueue(
        *result.args_kwargs["args"], **kwargs
    )
    log_action(RETRIED, actor=by, obj=result, data={"task": result.task_path, "queued": str(queued.id)})
    return queued
