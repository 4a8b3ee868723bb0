"""Asking the national registers: every lookup names its legal basis and who asks, and every call is
written to the register call log (RegisterCall), answered or not."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import User
from django.db import DatabaseError

from grizha.registers.client import RegixClient, Timed, default_client
from grizha.registers.contract import OPERATIONS
from grizha.registers.models import RegisterCall
from grizha.registers.soap import CallContext
from grizha.territory.models import Municipality
from grizha.territory.sites import home_municipality


def administration_name() -> str:
    """The administration named in every call: GRIZHA_ADMINISTRATION_NAME, else the municipality's."""
    if settings.GRIZHA_ADMINISTRATION_NAME:
        return str(settings.GRIZHA_ADMINISTRATION_NAME)
    try:
        name = Municipality.objects.filter(code=home_municipality()).values_list("name", flat=True).first()
    except DatabaseError:  # a database not set up yet (registry-lookup still asks)
        name = None
    return f"Община {name}" if name else "Общинска администрация"


def call_context(
    *, law_reason: str, service_uri: str = "", employee: User | None = None, responsible_person: str = ""
) -> CallContext:
    """The context of calls made for `employee`, or, for calls the system makes itself, naming the
    person responsible for them."""
    if employee is None and not responsible_person:
        raise ValueError("a register call names the employee who asks or the person responsible")
    if not law_reason.strip():
        raise ValueError("a register call needs its legal basis")
    return CallContext(
        law_reason=law_reason.strip(),
        administration_name=administration_name(),
        administration_oid=settings.GRIZHA_ADMINISTRATION_OID,
        service_uri=service_uri,
        employee_identifier=employee.get_username() if employee else "",
        employee_names=employee.get_full_name() if employee else "",
        responsible_person_identifier=responsible_person if employee is None else "",
    )


def registry_lookup(
    *,
    identifier: str,
    checks: Iterable[str],
    context: CallContext,
    employee: User | None = None,
    client: RegixClient | None = None,
) -> dict[str, Timed]:
    """Ask the registers `checks` about `identifier` at once, and log each call."""
    answers = (client or default_client()).lookup(identifier, checks, context)
    RegisterCall.objects.bulk_create(
        RegisterCall(
            check_name=check,
            operation=OPERATIONS[check].name,
            law_reason=context.law_reason[:500],
            service_uri=context.service_uri,
            employee=employee,
            responsible_person=context.responsible_person_identifier[:100],
            duration_ms=timed.milliseconds,
            outcome=timed.answer.status,
            error=timed.answer.error[:500],
        )
        for check, timed in answers.items()
    )
    return answers
