"""EGN and LNCh are checked as DOMAIN.md describes them (python-stdnum)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from grizha.core.identifiers import birth_date, identifier_kind, is_egn, validate_personal_identifier


@pytest.mark.parametrize("value", ["8506251243", "0543145710", " 8506 251243 "])
def test_valid_egns(value: str) -> None:
    assert is_egn(value) and identifier_kind(value) == "egn"


@pytest.mark.parametrize("value", ["8506251244", "8502301238", "85062512", "850625124a", ""])
def test_invalid_egns(value: str) -> None:
    assert not is_egn(value)


def test_the_date_of_birth_comes_from_the_egn_with_the_century_in_the_month() -> None:
    assert birth_date("0543145710") == datetime.date(2005, 3, 14)
    assert birth_date("8506251244") is None


def test_a_wrong_egn_is_explained() -> None:
    with pytest.raises(ValidationError) as error:
        validate_personal_identifier("egn", "8502301238")
    assert "identifier" in error.value.message_dict
    with pytest.raises(ValidationError):
        validate_personal_identifier("lnch", "12345")
