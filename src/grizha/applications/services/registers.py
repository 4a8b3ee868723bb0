"""Asking the registers for an application, in the background: each check that has no answer yet is
asked once it is due; a register that does not answer never loses the application: its check is asked
again after RETRY_AFTER, and the application shows that it waits."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grizha.applications.models import Application, RegistryResult
from grizha.core.audit import log_action, register_actions
from grizha.registers.client import RegixClient
from grizha.registers.services import call_context, registry_lookup
from grizha.registers.soap import ERROR

# A register that did not answer is asked again after these waits, the last one repeating.
RETRY_AFTER = (
    datetime.timedelta(minutes=2),
    datetime.timedelta(minutes=10),
    datetime.timedelta(hours=1),
    datetime.timedelta(hours=6),
)
SYSTEM = "grizha (register checks of applications)"

register_actions({"grizha.application.registers_checked": _("asked the registers")})


def registry_checks_run(
    *, application: Application, client: RegixClient | None = None, now: datetime.datetime | None = None
) -> Application:
    """Ask the registers every check of `application` that has no answer yet and is due; one that fails
    is asked again after RETRY_AFTER. The application says whether it still waits for a register."""
    now = now or timezone.now()
    due = [
        result
        for result in application.registry_results.filter(
            status__in=(RegistryResult.Status.PENDING, RegistryResult.Status.ERROR)
        )
        if result.next_attempt_at is None or result.next_attempt_at <= now
    ]
    by_reason: dict[str, list[RegistryResult]] = defaultdict(list)
    for result in due:
        by_reason[result.law_reason].append(result)
    for law_reason, results in by_reason.items():
        context = call_context(
            law_reason=law_reason,
            service_uri=application.reference,
            employee=application.submitted_by,
            responsible_person="" if application.submitted_by else SYSTEM,
        )
        answers = registry_lookup(
            identifier=application.identifier,
            checks=[r.check_name for r in results],
            context=context,
            employee=application.submitted_by,
            client=client,
        )
        for result in results:
            answer = answers[result.check_name].answer
            result.status, result.data, result.error = answer.status, answer.data, answer.error[:500]
            result.attempts += 1
            result.checked_at = now
            wait = RETRY_AFTER[min(result.attempts, len(RETRY_AFTER)) - 1]
            result.next_attempt_at = now + wait if answer.status == ERROR else None
            result.save(update_fields=["status", "data", "error", "attempts", "checked_at", "next_attempt_at"])
    waiting = application.registry_results.filter(
        status__in=(RegistryResult.Status.PENDING, RegistryResult.Status.ERROR)
    ).exists()
    registers = Application.Registers.WAITING if waiting else Application.Registers.DONE
    if due or registers != application.registers:
        Application.objects.filter(pk=application.pk).update(registers=registers, updated_at=now)
        application.registers = registers
        log_action(
            "grizha.application.registers_checked",
            actor=None,
            obj=application,
            office=application.office_id,
            data={"checks": sorted(r.check_name for r in due), "waiting": waiting},
        )
    return application
