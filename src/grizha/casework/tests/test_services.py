"""Requests for a home visit or a call back: Bulgarian phone numbers, the office a request goes to, its
reference and confirmation; and accessibility feedback."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import F
from django.utils import timezone, translation

from grizha.casework.models import AccessibilityFeedback, CallbackRequest, ReferenceCounter
from grizha.casework.services import (
    accessibility_feedback_create,
    callback_request_confirm_by_email,
    callback_request_create,
)
from grizha.casework.tests.factories import BIKOVO, BINKOS, SLIVEN
from grizha.casework.validators import normalise_phone, validate_bulgarian_phone
from grizha.territory.models import Office, Settlement


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("0881 234 567", "+359881234567"),
        ("+359 88 123 4567", "+359881234567"),
        ("00359881234567", "+359881234567"),
        ("(044) 61-11-00", "+35944611100"),
        ("02/987 65 43", "+35929876543"),
        ("0700 12 345", "+35970012345"),
    ],
)
def test_usual_spellings_of_a_bulgarian_number_are_kept_in_one_form(typed: str, kept: str) -> None:
    validate_bulgarian_phone(typed)
    assert normalise_phone(typed) == kept


@pytest.mark.parametrize("typed", ["", "12345", "+44 20 7946 0958", "0881 234 567 890", "088l234567", "0012345678"])
def test_other_numbers_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError):
        validate_bulgarian_phone(typed)


@pytest.mark.django_db
def test_a_request_is_kept_new_with_its_consent_time_and_a_normalised_number() -> None:
    request = callback_request_create(
        municipality="SLV20",
        name="  Ivanka Petrova ",
        phone="0881 234 567",
        best_time=CallbackRequest.BestTime.AFTERNOON,
        language="bg",
        needs=["meals"],
        service_ids=["a", "b"],
    )
    request.refresh_from_db()
    assert request.name == "Ivanka Petrova"
    assert request.phone == "+359881234567"
    assert request.status == CallbackRequest.Status.NEW
    assert request.consent_given_at is not None
    assert request.needs == ["meals"]
    assert request.service_ids == ["a", "b"]


@pytest.mark.django_db
def test_a_request_with_a_wrong_number_is_not_kept() -> None:
    with pytest.raises(ValidationError) as error:
        callback_request_create(municipality="SLV20", name="Ivanka", phone="12345", best_time="any", language="bg")
    assert "phone" in error.value.message_dict
    assert not CallbackRequest.objects.exists()


@pytest.mark.django_db
def test_a_request_for_an_unknown_municipality_is_not_kept() -> None:
    with pytest.raises(ValidationError):
        callback_request_create(municipality="XXX99", name="Ivanka", phone="0881234567", best_time="any", language="bg")


# --- requests for a home visit or a call back -------------------------------------------------------


def visit(**changes: Any) -> CallbackRequest:
    values: dict[str, Any] = {
        "municipality": "SLV20",
        "kind": CallbackRequest.Kind.HOME_VISIT,
        "name": "Ivanka Petrova",
        "phone": "0881 234 567",
        "best_time": CallbackRequest.BestTime.MORNING,
        "note": "Help at home",
        "settlement": SLIVEN,
        "language": "bg",
    }
    values.update(changes)
    return callback_request_create(**values)


@pytest.mark.django_db
def test_a_request_from_a_village_with_a_mayoralty_office_goes_to_that_office() -> None:
    request = visit(settlement=BIKOVO)
    assert request.office is not None
    assert request.office.kind == Office.Kind.MAYORALTY
    assert request.office.mayoralty_id == "SLV20-01"


@pytest.mark.django_db
@pytest.mark.parametrize("settlement", [SLIVEN, BINKOS, None])
def test_a_request_from_elsewhere_goes_to_the_central_office(settlement: str | None) -> None:
    request = visit(settlement=settlement)
    assert request.office is not None
    assert request.office.kind == Office.Kind.CENTRAL


@pytest.mark.django_db
def test_a_settlement_of_another_municipality_is_refused() -> None:
    sofia = Settlement.objects.exclude(municipality_id="SLV20").first()
    assert sofia is not None
    with pytest.raises(ValidationError) as error:
        visit(settlement=sofia.ekatte)
    assert "settlement" in error.value.message_dict
    assert not CallbackRequest.objects.exists()


@pytest.mark.django_db
def test_references_are_short_sequential_and_unique() -> None:
    first, second, third = visit(), visit(), visit(kind=CallbackRequest.Kind.CALL_BACK)
    year = timezone.localdate().year
    assert re.fullmatch(rf"{year}-\d{{6}}", first.reference)
    numbers = [int(r.reference.split("-")[1]) for r in (first, second, third)]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]
    assert CallbackRequest.objects.values("reference").distinct().count() == 3


@pytest.mark.django_db
def test_a_reference_is_never_given_twice_even_if_the_counter_is_set_back() -> None:
    request = visit()
    ReferenceCounter.objects.filter(year=timezone.localdate().year).update(last=F("last") - 1)
    with pytest.raises(IntegrityError):
        visit()
    assert CallbackRequest.objects.get().reference == request.reference


@pytest.mark.django_db
def test_a_refused_request_takes_no_reference_number() -> None:
    visit()
    with pytest.raises(ValidationError):
        visit(phone="12345")
    after = visit()
    assert after.reference.endswith(f"{ReferenceCounter.objects.get().last:06d}")
    assert ReferenceCounter.objects.get().last == 2


@pytest.mark.django_db
def test_a_home_visit_may_be_arranged_by_e_mail_alone() -> None:
    request = visit(phone="", email=" person@example.org ")
    assert request.phone == ""
    assert request.email == "person@example.org"


@pytest.mark.django_db
def test_a_call_back_needs_a_phone_number() -> None:
    with pytest.raises(ValidationError):
        visit(kind=CallbackRequest.Kind.CALL_BACK, phone="", email="person@example.org")
    assert not CallbackRequest.objects.exists()


@pytest.mark.django_db
def test_a_request_needs_a_phone_number_or_an_e_mail_address() -> None:
    with pytest.raises(ValidationError):
        visit(phone="", email="")
    assert not CallbackRequest.objects.exists()


@pytest.mark.django_db
def test_what_the_visit_needs_is_kept_once_each() -> None:
    request = visit(visit_needs=["sign_language", "same_gender", "sign_language"])
    assert request.visit_needs == ["sign_language", "same_gender"]
    with translation.override("en"):
        assert request.visit_need_labels[0] == "A Bulgarian sign language interpreter"


@pytest.mark.django_db
def test_an_unknown_visit_need_is_refused() -> None:
    with pytest.raises(ValidationError):
        visit(visit_needs=["a-helicopter"])


@pytest.mark.django_db
def test_the_confirmation_e_mail_gives_the_reference_in_the_language_of_the_request(
    mailoutbox: list[Any],
) -> None:
    request = visit(settlement=BIKOVO, email="person@example.org", language="en")
    assert callback_request_confirm_by_email(request=request)
    (message,) = mailoutbox
    assert message.to == ["person@example.org"]
    assert request.reference in message.subject
    assert "Municipality of Sliven" in message.subject
    assert f"Your reference number is {request.reference}." in message.body
    assert "Bikovo Mayoralty" in message.body


@pytest.mark.django_db
def test_without_an_e_mail_address_nothing_is_sent(mailoutbox: list[Any]) -> None:
    assert not callback_request_confirm_by_email(request=visit())
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_mail_server_that_refuses_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError

    monkeypatch.setattr("grizha.core.mail.send_mail", refuse)
    assert not callback_request_confirm_by_email(request=visit(email="person@example.org"))


# --- accessibility feedback -------------------------------------------------------------------------


@pytest.mark.django_db
def test_feedback_is_kept_new() -> None:
    feedback = accessibility_feedback_create(problem="  The button is too small ", page_url="/offices/", language="en")
    feedback.refresh_from_db()
    assert feedback.problem == "The button is too small"
    assert feedback.status == AccessibilityFeedback.Status.NEW


@pytest.mark.django_db
def test_feedback_without_a_problem_is_not_kept() -> None:
    with pytest.raises(ValidationError):
        accessibility_feedback_create(problem=" ", language="bg")
    assert not AccessibilityFeedback.objects.exists()
