"""Telling the person what happened to their application: by e-mail when they gave an address, and by
SMS (grizha.core.sms) when they gave a mobile number. Being written: see the module's final version."""

from __future__ import annotations

from grizha.applications.models import Application

EVENTS = ("submitted", "information_requested", "decided")


def applicant_notify(*, application: Application, event: str, follow_code: str = "") -> None:
    """Tell the person of `event` (one of EVENTS) in their language; never raises for a mail or SMS
    that could not be sent (it is logged)."""
    if event not in EVENTS:
        raise ValueError(event)
