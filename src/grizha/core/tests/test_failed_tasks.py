"""The staff page of failed background tasks: administrators see what failed, without personal data,
and run a task again; nobody else sees the page."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, staff_member
from grizha.core.failed_tasks import RETRIED, error_line
from grizha.core.models import AuditEvent
from grizha.core.tasks import background, run_queued

pytestmark = pytest.mark.django_db

PAGE = "/staff/tasks/"


@background(retries=1, backoff_seconds=0)
def send_reminder(person_name: str, *, channel: str) -> None:
    raise ConnectionError("the mail server did not answer\nwhile sending to someone@example.bg")


@pytest.fixture
def failed() -> DBTaskResult:
    send_reminder.enqueue("Ivan Petrov", channel="email")
    run_queued()
    return DBTaskResult.objects.failed().order_by("-finished_at").first()  # type: ignore[return-value]


@pytest.fixture
def administrator(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return log_in(client, staff_member(Role.ADMINISTRATOR))


def test_an_administrator_sees_failed_tasks_without_personal_data(administrator: Client, failed: DBTaskResult) -> None:
    page = administrator.get(PAGE).content.decode()

    assert "grizha.core.tests.test_failed_tasks.send_reminder" in page
    assert "ConnectionError" in page
    assert "the mail server did not answer" in page
    assert "2 failed tasks" in page, "each failed attempt is listed"
    assert "Ivan Petrov" not in page
    assert "someone@example.bg" not in page


def test_an_administrator_retries_a_failed_task(administrator: Client, failed: DBTaskResult) -> None:
    response = administrator.post(f"{PAGE}{failed.id}/retry/", follow=True)

    queued = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert queued.task_path == failed.task_path
    assert queued.args_kwargs == {"args": ["Ivan Petrov"], "kwargs": {"channel": "email"}}
    assert "The task is queued again" in response.content.decode()
    assert "Queued again" in response.content.decode()
    event = AuditEvent.objects.get(action=RETRIED)
    assert event.object_id == str(failed.id)
    assert event.data["queued"] == str(queued.id)


def test_a_retry_of_a_task_that_did_not_fail_is_not_found(administrator: Client, failed: DBTaskResult) -> None:
    send_reminder.enqueue("Maria Ivanova", channel="sms")
    waiting = DBTaskResult.objects.get(status=TaskResultStatus.READY)

    assert administrator.post(f"{PAGE}{waiting.id}/retry/").status_code == 404


def test_the_page_asks_a_post_to_retry(administrator: Client, failed: DBTaskResult) -> None:
    assert administrator.get(f"{PAGE}{failed.id}/retry/").status_code == 405
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


@pytest.mark.parametrize("role", [Role.OFFICE_MANAGER, Role.CASE_WORKER, Role.ANALYST, Role.DATA_PROTECTION])
def test_other_roles_are_refused(client: Client, failed: DBTaskResult, role: str) -> None:
    log_in(client, staff_member(role))

    assert client.get(PAGE).status_code == 403
    assert client.post(f"{PAGE}{failed.id}/retry/").status_code == 403
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


def test_the_error_line_is_the_first_line_of_the_message() -> None:
    traceback = 'Traceback (most recent call last):\n  File "x.py", line 1\nValueError: bad value\nmore detail\n'

    assert error_line(exception_class_path="builtins.ValueError", traceback=traceback) == "bad value"
