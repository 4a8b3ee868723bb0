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


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Full years of someone born on `born`, on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def identifier_kind(value: str) -> str | None:
    """ "egn", "lnch" or None (neither). A number valid as both is taken for an EGN."""
    if is_egn(value):
        return "egn"
    if is_lnch(value):
        return "lnch"
    return None


def looks_like_egn(value: str) -> bool:
    """Ten digits whose first six read as an EGN's date: a month of 1-12 (21-32 for the 1800s, 41-52 for
    the 2000s) and a day of 1-31, whether or not that day exists."""
    digits = clean_digits(value)
    if len(digits) != 10 or not digits.isdigit():
        return False
    month, day = int(digits[2:4]), int(digits[4:6])
    return any(1 <= month - shift <= 12 for shift in (0, 20, 40)) and 1 <= day <= 31


def unlabelled_identifier_kind(value: str) -> str | None:
    """The kind of a personal number given without saying which ("egn", "lnch" or None): one shaped like
    an EGN is judged as an EGN, so that an EGN with an impossible date or a wrong check digit is refused
    rather than taken for an LNCh that happens to pass its own check (one in ten would). Where people
    choose the kind (the person's record) this guess is not needed."""
    if looks_like_egn(value):
        return "egn" if is_egn(value) else None
    return "lnch" if is_lnch(value) else None


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
