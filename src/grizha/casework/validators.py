"""Bulgarian phone numbers: what a person may type, and the one form in which we keep them."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Typed separators people use between groups of digits: "088 123 4567", "(044) 61-11-00", "044/611 100".
SEPARATORS = re.compile(r"[\s().\-/]")
# A national significant number: 8 or 9 digits, never starting with 0 (mobiles 87/88/89/98 + 7 digits,
# Sofia 2 + 7, other areas 2 to 4 digits of code + the subscriber number, 700 and 800 numbers).
NATIONAL = re.compile(r"[1-9][0-9]{7,8}")


def normalise_phone(value: str) -> str:
    """'088 123 4567', '+359 88 123 4567' and '00359881234567' all become '+359881234567'.

    Anything that is not a Bulgarian number is returned with its separators removed, for the validator
    to reject."""
    digits = SEPARATORS.sub("", value or "")
    for prefix in ("+359", "00359", "0"):
        if digits.startswith(prefix):
            national = digits[len(prefix) :]
            if NATIONAL.fullmatch(national):
                return "+359" + national
            break
    return digits


def validate_bulgarian_phone(value: str) -> None:
    """Accept a Bulgarian phone number in any usual spelling (see normalise_phone)."""
    normalised = normalise_phone(value)
    if not (normalised.startswith("+359") and NATIONAL.fullmatch(normalised[4:])):
        raise ValidationError(
            _("Enter a Bulgarian phone number, like 0881 234 567 or +359 44 611 100"), code="invalid_phone"
        )
