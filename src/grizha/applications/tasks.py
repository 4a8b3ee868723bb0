"""Background tasks of applications (run by `grizha worker`): the register checks of a new application,
and, every few minutes, those that wait for a register that did not answer; every hour, the documents
of forms that were never sent."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from grizha.applications.models import Application, RegistryResult
from grizha.applications.services import draft_documents_delete, registry_checks_run
from grizha.core.tasks import periodic

RETRY_EVERY = timedelta(minutes=2)
# Documents uploaded with a form that was never sent are kept this long, then deleted, files and all.
DRAFT_DOCUMENTS_KEPT = timedelta(hours=24)


@task()
def check_registers(application_id: str) -> str:
    application = Application.objects.get(pk=application_id)
    return registry_checks_run(application=application).registers


@periodic(every=RETRY_EVERY)
def check_waiting_registers() -> int:
    """Ask again the registers that did not answer, once their wait is over."""
    now = timezone.now()
    due = RegistryResult.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        status=RegistryResult.Status.ERROR,
    ).values_list("application_id", flat=True)
    applications = Application.objects.filter(pk__in=due.distinct())
    for application in applications:
        registry_checks_run(application=application, now=now)
    return len(applications)


@periodic(every=timedelta(hours=1))
def delete_draft_documents() -> int:
    """Delete the documents of forms left unsent for DRAFT_DOCUMENTS_KEPT."""
    return draft_documents_delete(older_than=timezone.now() - DRAFT_DOCUMENTS_KEPT)
