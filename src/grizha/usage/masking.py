"""Personal data taken out of free text people send without being asked for it: personal numbers (EGN,
LNCh: ten digits), phone numbers and e-mail addresses are replaced by a mark before anything is saved.
Every run of ten digits is masked, not only valid ones (grizha.core.identifiers would tell an EGN with a
wrong check digit from a valid one; both are someone's number). Names cannot be told from other words;
the form asks people not to write them."""

from __future__ import annotations

import re

MASK = "***"
EMAIL = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+\.[^\s@<>()\[\],;:\"'.]+")
# A number as people write it: digits in groups, with at most two separators between groups
# ("0888 123 456", "+359 (44) 61-11-00", "850101 1234"); a longer gap (" - ") ends the number.
NUMBER = re.compile(r"\+?\d(?:[\s.\-/()]{0,2}\d)*")
PERSONAL_NUMBER_DIGITS = 10  # an EGN or LNCh; any longer run of digits is masked as well
PHONE_DIGITS = 9  # a Bulgarian landline without its 0 is 8 digits: 0 + 8 is the shortest phone number
INTERNATIONAL_DIGITS = 8


def _is_personal(number: str) -> bool:
    digits = "".join(char for char in number if char.isdigit())
    if len(digits) >= PERSONAL_NUMBER_DIGITS:
        return True
    if number.startswith("+"):
        return len(digits) >= INTERNATIONAL_DIGITS
    # A national phone number starts with 0 (044 611 100); a date (01.03.2026) has too few digits.
    return digits.startswith("0") and len(digits) >= PHONE_DIGITS


def mask_personal_data(text: str) -> str:
    """The text with e-mail addresses, personal numbers and phone numbers replaced by `MASK`."""
    text = EMAIL.sub(MASK, text or "")
    return NUMBER.sub(lambda match: MASK if _is_personal(match[0]) else match[0], text)
