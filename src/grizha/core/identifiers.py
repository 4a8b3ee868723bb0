"""Bulgarian personal numbers: EGN (ЕГН) of citizens and LNCh (ЛНЧ) of foreigners, by python-stdnum."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.bg import egn, pnf
from stdnum.exceptions import ValidationError as StdnumError


def clean_digits(value: str) -> str:
    return "".join((value or "").split())


def is_egn(value: str) -> bool:
    """A valid EGN: ten digits, a date that exists, the right check digit."""
    try:
        egn.validate(clean_digits(value))
    except StdnumError:
        return False
    return True


def is_lnch(value: str) -> bool:
    try:
        pnf.validate(clean_digits(value))
    except StdnumError:
        return False
    return True


def birth_date(value: str) -> datetime.date | None:
    """The date of birth an EGN holds, or None for anything else."""
    return egn.get_birth_date(clean_digits(value)) if is_egn(value) else None


def identifier_kind(value: str) -> str | None:
    """ "egn", "lnch" or None (neither). A number valid as both is taken for an EGN."""
    if is_egn(value):
        return "egn"
    if is_lnch(value):
        return "lnch"
    return None


def validate_personal_identifier(kind: str, value: str) -> None:
    """Raise a ValidationError that says what to fix when `value` is not a valid EGN or LNCh."""
    digits = clean_digits(value)
    if not digits.isdigit() or len(digits) != 10:
        raise ValidationError({"identifier": _("Enter the 10 digits of the personal number")}, code="invalid_length")
    if kind == "egn" and not is_egn(digits):
        raise ValidationError(
            {"identifier": _("This EGN is not valid: check the digits against the identity card")},
            code="invalid_egn",
        )
    if kind == "lnch" and not is_lnch(digits):
        raise ValidationError(
            {"identifier": _("This LNCh is not valid: check the digits against the residence document")},
            code="invalid_lnch",
        )
