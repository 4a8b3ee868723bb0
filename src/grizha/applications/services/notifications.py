"""Telling the person what happened to their application: by e-mail when they gave an address, and by
SMS (grizha.core.sms) when they gave a mobile number, in the language they applied in. A message never
holds the EGN; an SMS never holds what staff wrote, which may be personal."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from grizha.applications.models import Application, ApplicationEvent
from grizha.core.mail import mail_send
from grizha.core.sms import sms_send
from grizha.territory.sites import current_base_url

logger = logging.getLogger(__name__)

EVENTS = ("submitted", "information_requested", "decided")

SUBJECTS = {
    "submitted": _("We have received your application %(reference)s"),
    "information_requested": _("Your application %(reference)s: we need more information"),
    "decided": _("A decision on your application %(reference)s"),
}


def status_url() -> str:
    """The full address of the page where the person follows an application, in the active language."""
    try:
        path = reverse("applications:status-find")
    except NoReverseMatch:  # the public pages not mounted: the path they will have
        language = translation.get_language() or settings.LANGUAGE_CODE
        prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
        path = f"{prefix}/applications/status/"
    return current_base_url() + path


def _sms_text(event: str, context: dict[str, Any]) -> str:
    """At most 160 characters with the usual base URL; nothing that staff wrote."""
    if event == "submitted" and context["follow_code"]:
        text = gettext("Application %(reference)s received. Your code: %(code)s. Follow it at %(url)s")
    elif event == "submitted":
        text = gettext("Application %(reference)s received. Follow it at %(url)s")
    elif event == "information_requested":
        text = gettext("Application %(reference)s: the office needs more information from you. Answer at %(url)s")
    else:
        text = gettext("Application %(reference)s: %(outcome)s. See the reasons at %(url)s")
    return text % {
        "reference": context["application"].reference,
        "code": context["follow_code"],
        "url": context["status_url"],
        "outcome": context["outcome"],
    }


def _context(application: Application, event: str, follow_code: str) -> dict[str, Any]:
    office = application.office
    context: dict[str, Any] = {
        "application": application,
        "follow_code": follow_code,
        "status_url": status_url(),
        "municipality": office.municipality.name,
        "office": office,
        "outcome": application.get_status_display(),
        "requested": "",
    }
    if event == "information_requested":
        request = (
            application.events.filter(kind=ApplicationEvent.Kind.INFORMATION_REQUESTED).order_by("-created_at").first()
        )
        context["requested"] = request.message if request is not None else ""
    return context


def applicant_notify(*, application: Application, event: str, follow_code: str = "") -> None:
    """Tell the person of `event` (one of EVENTS) in their language; never raises for a mail or SMS
    that could not be sent (it is logged)."""
    if event not in EVENTS:
        raise ValueError(event)
    if not application.email and not application.phone:
        return
    try:
        with translation.override(application.language):
            context = _context(application, event, follow_code)
            subject = str(SUBJECTS[event]) % {"reference": application.reference}
            body = render_to_string(f"applications/email/{event}.txt", context).strip() + "\n"
            sms = _sms_text(event, context)
    except Exception:  # run after the commit: the application stands, whatever happens here
        logger.exception("notice %s of application %s not made", event, application.reference)
        return
    if application.email:
        try:
            mail_send(subject=subject, body=body, to=application.email)  # logs a refusal itself
        except Exception:
            logger.exception("e-mail %s of application %s not sent", event, application.reference)
    if application.phone:
        sms_send(to=application.phone, text=sms)  # never raises; logs a failure itself
