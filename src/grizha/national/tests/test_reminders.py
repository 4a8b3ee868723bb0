"""Reminders to catalog editors: their stale services by e-mail, at most once a week, in their language,
nothing when nothing is stale; run by a periodic task."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, staff_member
from grizha.core.models import AuditEvent
from grizha.core.tasks import run_queued
from grizha.national import tasks
from grizha.national.models import EditorReminder
from grizha.national.services import stale_reminders_send
from grizha.national.tests.test_dashboard_views import office_in
from grizha.national.tests.test_freshness import KOTEL, a_service, small_catalogue

pytestmark = pytest.mark.django_db


def sent_to(address: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if address in message.to]


@pytest.fixture
def kotel_editor() -> object:
    return staff_member(Role.CATALOG_EDITOR, office_in(KOTEL), email="editor@kotel.example.bg")


def test_an_editor_gets_the_stale_services_of_their_municipality(kotel_editor: object) -> None:
    services = small_catalogue()
    assert stale_reminders_send() >= 1
    (message,) = sent_to("editor@kotel.example.bg")
    assert "2" in message.subject
    assert services["never"].name_bg in message.body and services["stale"].name_bg in message.body
    assert message.body.index(services["never"].name_bg) < message.body.index(services["stale"].name_bg)
    assert services["fine"].name_bg not in message.body and services["invalid"].name_bg not in message.body
    assert services["inactive"].name_bg not in message.body
    assert f"http://127.0.0.1:8000/staff/national/freshness/?municipality={KOTEL}" in message.body
    assert AuditEvent.objects.filter(action="grizha.national.reminder_sent", data__to="editor@kotel.example.bg")


def test_the_reminder_is_sent_at_most_once_a_week(kotel_editor: object) -> None:
    small_catalogue()
    now = timezone.now()
    stale_reminders_send(now=now)
    stale_reminders_send(now=now + timedelta(hours=1))
    stale_reminders_send(now=now + timedelta(days=6, hours=23))
    assert len(sent_to("editor@kotel.example.bg")) == 1
    stale_reminders_send(now=now + timedelta(days=7, minutes=1))
    assert len(sent_to("editor@kotel.example.bg")) == 2


def test_nothing_is_sent_when_nothing_is_stale(kotel_editor: object) -> None:
    a_service("Наред")
    a_service("Без превод", name_en="")  # incomplete, but verified
    stale_reminders_send()
    assert sent_to("editor@kotel.example.bg") == []
    assert not EditorReminder.objects.filter(reminded_at__isnull=False)


def test_the_reminder_is_in_the_language_the_editor_reads_the_pages_in(kotel_editor: object) -> None:
    services = small_catalogue()
    client = log_in(Client(), kotel_editor)
    client.cookies["django_language"] = "en"
    assert client.get("/staff/national/freshness/").status_code == 200
    stale_reminders_send()
    (message,) = sent_to("editor@kotel.example.bg")
    assert message.subject == "2 services in the catalogue need checking"
    assert "Municipality of Kotel: 2 services to check" in message.body
    assert f"- {services['never'].name_en} (never verified)" in message.body
    assert f"- {services['never'].name_bg} (" not in message.body


def test_the_reminder_is_in_bulgarian_by_default(kotel_editor: object) -> None:
    services = small_catalogue()
    stale_reminders_send()
    (message,) = sent_to("editor@kotel.example.bg")
    assert f"- {services['never'].name_bg} (" in message.body
    assert services["never"].name_en not in message.body


def test_only_catalog_editors_of_the_municipality_are_reminded(kotel_editor: object) -> None:
    small_catalogue()
    staff_member(Role.FRONT_OFFICE, office_in(KOTEL), email="front@kotel.example.bg")
    staff_member(Role.CATALOG_EDITOR, email="editor@sliven.example.bg")  # Sliven's services are verified
    staff_member(Role.CATALOG_EDITOR, office_in(KOTEL), email="gone@kotel.example.bg", is_active=False)
    stale_reminders_send()
    assert len(sent_to("editor@kotel.example.bg")) == 1
    assert sent_to("front@kotel.example.bg") == sent_to("editor@sliven.example.bg") == []
    assert sent_to("gone@kotel.example.bg") == []


def test_verifying_the_stale_services_stops_the_reminders(kotel_editor: object) -> None:
    services = small_catalogue()
    client = log_in(Client(), kotel_editor)
    for key in ("stale", "never"):
        client.post(f"/staff/national/freshness/{services[key].id}/verify")
    stale_reminders_send()
    assert sent_to("editor@kotel.example.bg") == []


def test_the_periodic_task_sends_the_reminders_and_schedules_its_next_run(kotel_editor: object) -> None:
    from django_tasks_db.models import DBTaskResult

    small_catalogue()
    tasks.send_stale_reminders.enqueue()
    assert run_queued() >= 1
    assert len(sent_to("editor@kotel.example.bg")) == 1
    waiting = DBTaskResult.objects.filter(task_path=tasks.send_stale_reminders.module_path, status="READY")
    assert waiting.count() == 1
