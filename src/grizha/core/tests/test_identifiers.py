"""EGN and LNCh are checked as DOMAIN.md describes them (python-stdnum)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from grizha.core.identifiers import (
    birth_date,
    identifier_kind,
    is_egn,
    unlabelled_identifier_kind,
    validate_personal_identifier,
)


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


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("8506251243", "egn"),
        ("0543145710", "egn"),
        ("8506251244", None),  # the check digit is wrong
        ("8502301238", None),  # 30 February: it passes an LNCh's check, but reads as an EGN
        ("1000000001", "lnch"),  # month 00: no EGN has it
        ("1000000002", None),
        ("12345", None),
    ],
)
def test_a_number_given_without_its_kind_is_judged_as_an_egn_when_it_reads_as_one(value: str, kind: str | None) -> None:
    assert unlabelled_identifier_kind(value) == kind
