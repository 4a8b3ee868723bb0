"""What public forms share: the error summary's links and the robot check."""

from __future__ import annotations

import time
from typing import Any

from django import forms

from grizha.core.forms import TOO_FAST, GuardedForm, error_links, started_at, started_token


class AskForm(GuardedForm):
    name = forms.CharField(error_messages={"required": "Enter your name"})
    colour = forms.ChoiceField(choices=[("red", "Red")], widget=forms.RadioSelect)


def data(**changes: Any) -> dict[str, Any]:
    return {"name": "Ivanka", "colour": "red", "started": started_token(time.time() - 60), "website": "", **changes}


def test_a_start_time_signed_by_us_is_read_back() -> None:
    assert started_at(started_token(1234.5)) == 1234.5


def test_a_forged_start_time_is_not_read() -> None:
    token = started_token(1234.5)
    for forged in ("", "1234.5", token.replace(token[-4:], "AAAA"), "x:y:z"):
        assert started_at(forged) is None


def test_a_form_filled_in_a_person_s_time_is_valid() -> None:
    form = AskForm(data())
    assert not form.trapped
    assert form.is_valid(), form.errors


def test_a_form_sent_at_once_is_refused_with_a_message_on_the_first_field() -> None:
    form = AskForm(data(started=started_token()))
    assert not form.is_valid()
    assert error_links(form) == [{"href": "#id_name", "message": str(TOO_FAST)}]


def test_a_person_already_checked_is_not_timed_again() -> None:
    assert AskForm(data(started=""), proven=True).is_valid()


def test_a_filled_trap_is_seen() -> None:
    assert AskForm(data(website="http://spam.example")).trapped


def test_the_guard_s_fields_come_last() -> None:
    assert list(AskForm().fields)[-2:] == ["website", "started"]


def test_the_start_time_is_kept_when_genuine_and_renewed_when_not() -> None:
    token = started_token(time.time() - 5)
    assert AskForm(data(started=token)).started_value() == token
    assert started_at(AskForm(data(started="forged")).started_value()) is not None


def test_error_links_follow_the_page_and_point_at_the_first_radio() -> None:
    form = AskForm(data(name="", colour=""))
    form.is_valid()
    assert [link["href"] for link in error_links(form)] == ["#id_name", "#id_colour_0"]


def test_answers_leave_out_the_guard() -> None:
    form = AskForm(data())
    assert form.answers() == {"name": "Ivanka", "colour": "red"}
