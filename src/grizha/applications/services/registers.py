"""Asking the registers for an application, in the background: each check that has no answer yet is
asked once it is due; a register that does not answer never loses the application: its check is asked
again after RETRY_AFTER, and the application shows that it waits. At the office, before an application
is sent, the form's registers may be asked at once (registry_preview) so the person sees their answers."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grizha.applications.models import Application, ApplicationType, RegistryCheck, RegistryResult
from grizha.core.audit import log_action, register_actions
from grizha.core.identifiers import clean_digits
from grizha.registers.client import RegixClient
from grizha.registers.services import call_context, registry_lookup
from grizha.registers.soap import ERROR, Answer

# A register that did not answer is asked again after these waits, the last one repeating.
RETRY_AFTER = (
    datetime.timedelta(minutes=2),
    datetime.timedelta(minutes=10),
    datetime.timedelta(hours=1),
    datetime.timedelta(hours=6),
)
SYSTEM = "grizha (register checks of applications)"

# Answers asked at the office are kept with the application sent within this time; older ones are
# asked again once it is sent.
PREVIEW_VALID = datetime.timedelta(hours=2)

register_actions(
    {
        "grizha.application.registers_checked": _("asked the registers"),
        "grizha.application.registers_previewed": _("asked the registers before sending, with the person"),
    }
)


@dataclass(frozen=True)
class RegisterPreview:
    """What the registers answered before an application was sent: asked at the office, where the member
    of staff has checked who the person is, and shown to them. Kept in the staff's session (as_session)
    until the application is sent, when the answers become its RegistryResults."""

    identifier: str
    asked_at: datetime.datetime
    answers: dict[str, Answer]

    def as_session(self) -> dict[str, Any]:
        return {
            "identifier": self.identifier,
            "asked_at": self.asked_at.isoformat(),
            "answers": {c: {"status": a.status, "data": a.data, "error": a.error} for c, a in self.answers.items()},
        }

    @classmethod
    def from_session(cls, value: Any) -> RegisterPreview | None:
        """The preview kept by as_session, or None for anything else."""
        try:
            answers = {check: Answer(**answer) for check, answer in value["answers"].items()}
            return cls(str(value["identifier"]), datetime.datetime.fromisoformat(value["asked_at"]), answers)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def holds_for(self, identifier: str, now: datetime.datetime | None = None) -> bool:
        """Whether these answers are about this person and recent enough to keep with the application."""
        fresh = (now or timezone.now()) - self.asked_at <= PREVIEW_VALID
        return fresh and self.identifier == clean_digits(identifier)


def registry_preview(
    *,
    application_type: ApplicationType,
    identifier: str,
    submission_key: UUID,
    by: User,
    office_id: UUID | None = None,
    client: RegixClient | None = None,
) -> RegisterPreview:
    """Ask every register of the form now, before the application is sent, for a member of staff who
    has checked the person's identity in person: the person sees what the registers say and chooses
    whether it stands for a document. Each call is in the call log with its legal basis, under the form's
    submission key (the application has no reference yet; its pages find the calls by either)."""
    identifier = clean_digits(identifier)
    by_reason: dict[str, list[str]] = defaultdict(list)
    for check in application_type.registry_checks.all():
        by_reason[check.law_reason].append(check.check_name)
    answers: dict[str, Answer] = {}
    for law_reason, checks in by_reason.items():
        context = call_context(law_reason=law_reason, service_uri=str(submission_key), employee=by)
        found = registry_lookup(identifier=identifier, checks=checks, context=context, employee=by, client=client)
        answers |= {check: timed.answer for check, timed in found.items()}
    log_action(
        "grizha.application.registers_previewed",
        actor=by,
        office=office_id,
        data={"type": str(application_type.pk), "submission_key": str(submission_key), "checks": sorted(answers)},
    )
    return RegisterPreview(identifier=identifier, asked_at=timezone.now(), answers=answers)


def preview_results(
    *, application: Application, checks: list[RegistryCheck], preview: RegisterPreview | None
) -> list[RegistryResult]:
    """The application's RegistryResults for the form's checks: an answer given before sending (found or
    not) is kept as done and not asked again; the others wait to be asked in the background."""
    results = []
    for check in checks:
        answer = preview.answers.get(check.check_name) if preview is not None else None
        result = RegistryResult(application=application, check_name=check.check_name, law_reason=check.law_reason)
        if preview is not None and answer is not None and answer.status != ERROR:
            result.status, result.data, result.error = answer.status, answer.data, answer.error[:500]
            result.attempts, result.checked_at = 1, preview.asked_at
        results.append(result)
    return results


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
