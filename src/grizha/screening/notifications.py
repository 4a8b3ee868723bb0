"""E-mail of a screening's results to the person who asked, as a plain-text list with the services'
addresses. The address is used to send and is not kept."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from grizha.screening.results import ResultPage
from grizha.screening.selectors import screening_catalog

logger = logging.getLogger(__name__)


def results_email_send(*, address: str, page: ResultPage, lang: str) -> bool:
    """Send the list; False when the mail server would not take it (the person is told, nothing kept)."""
    municipality_name = screening_catalog().municipality(settings.GRIZHA_MUNICIPALITY, lang)
    body = render_to_string("screening/email.txt", {"page": page, "municipality_name": municipality_name})
    subject = _("Services that may help you – Municipality of %(name)s") % {"name": municipality_name}
    try:
        send_mail(subject, body, None, [address])
    except (smtplib.SMTPException, OSError):
        logger.exception("screening results e-mail not sent")
        return False
    return True
