"""Mail to people: through EMAIL_HOST, or kept as files in the data folder's outbox (settings)."""

from __future__ import annotations

import logging
import smtplib

from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def mail_send(*, subject: str, body: str, to: str) -> bool:
    """Send one plain-text message; False when the mail server would not take it (logged, not raised)."""
    try:
        send_mail(subject, body, None, [to])
    except (smtplib.SMTPException, OSError):
        logger.exception("mail not sent: %s", subject)
        return False
    return True
