"""Text messages to people's mobile phones, through the backend named by GRIZHA_SMS_BACKEND, as Django
sends mail through EMAIL_BACKEND: an operator's gateway subclasses BaseBackend; without one, messages
are only logged (LoggingBackend), and tests keep them in a list (MemoryBackend)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from grizha.casework.validators import normalise_phone

logger = logging.getLogger("grizha.sms")

# Bulgarian mobile numbers: +359 87, 88, 89, 98 or 99 and seven digits. Landlines cannot take an SMS.
MOBILE = re.compile(r"\+359(?:8[7-9]|9[89])[0-9]{7}")


def mobile_number(value: str) -> str | None:
    """The number as +359…, when it is a Bulgarian mobile ('0888 123 456', '+359 888 123 456' and
    '00359888123456' are the same); None otherwise."""
    number = normalise_phone(value)
    return number if MOBILE.fullmatch(number) else None


def masked(number: str) -> str:
    """The number with all but its last three digits hidden, for logs."""
    return "*" * max(0, len(number) - 3) + number[-3:]


class BaseBackend:
    """A way of sending SMS. A gateway sends `text` to `to` (always +359…) and returns True once the
    operator has accepted it; it may raise on failure (sms_send logs it and returns False)."""

    def send(self, *, to: str, text: str) -> bool:
        raise NotImplementedError


class LoggingBackend(BaseBackend):
    """No gateway: the message is written to the log, the number masked."""

    def send(self, *, to: str, text: str) -> bool:
        logger.info("SMS to %s: %s", masked(to), text)
        return True


@dataclass(frozen=True)
class Sms:
    to: str
    text: str


# MemoryBackend's messages, oldest first; tests clear it.
outbox: list[Sms] = []


class MemoryBackend(BaseBackend):
    """For tests: messages are kept in `outbox`."""

    def send(self, *, to: str, text: str) -> bool:
        outbox.append(Sms(to=to, text=text))
        return True


def sms_send(*, to: str, text: str) -> bool:
    """Send one SMS to a Bulgarian mobile number; False for any other number or when the backend fails
    (logged, never raised)."""
    number = mobile_number(to)
    if number is None:
        return False
    try:
        backend: BaseBackend = import_string(settings.GRIZHA_SMS_BACKEND)()
        return bool(backend.send(to=number, text=text))
    except Exception:
        logger.exception("SMS not sent to %s", masked(number))
        return False
