"""The audit trail: one function writes every event, one function tells it in words.

Every read or change of personal data by staff, and every step of a referral, goes through
`log_action(...)` (pretix's `log_action`, Zulip's actions). Apps name their actions with
`register_actions` so that a record's history reads as sentences in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise

from grizha.core.models import AuditEvent

_ACTION_TEXTS: dict[str, str | Promise] = {}


def register_actions(texts: Mapping[str, str | Promise]) -> None:
    """Name actions: {"grizha.referral.accepted": _("accepted the referral"), ...}."""
    _ACTION_TEXTS.update(texts)


def action_text(action: str) -> str:
    return str(_ACTION_TEXTS.get(action, action))


def object_label(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def log_action(
    action: str,
    *,
    actor: User | AnonymousUser | None,
    obj: models.Model | None = None,
    person: UUID | str | None = None,
    office: UUID | str | None = None,
    reason: str = "",
    data: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Record that `actor` (None: the system, or someone outside with a signed link) did `action`."""
    if action not in _ACTION_TEXTS:
        raise ValueError(f"unregistered audit action {action!r}")
    who = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor=who,
        actor_name=who.get_username() if who is not None else "",
        action=action,
        object_type=object_label(obj) if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        person_id=person,
        office_id=office,
        reason=reason[:300],
        data=dict(data or {}),
    )


def history(obj: models.Model) -> models.QuerySet[AuditEvent]:
    """What was done to a record, newest first."""
    return AuditEvent.objects.filter(object_type=object_label(obj), object_id=str(obj.pk)).select_related("actor")


def person_history(person_id: UUID | str) -> models.QuerySet[AuditEvent]:
    """Everything done with a person's data, on any record, newest first."""
    return AuditEvent.objects.filter(person_id=person_id).select_related("actor")
