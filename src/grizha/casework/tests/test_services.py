"""Call-back requests: Bulgarian phone numbers, and the service that keeps a request."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from grizha.casework.models import CallbackRequest
from grizha.casework.services import callback_request_create
from grizha.casework.validators import normalise_phone, validate_bulgarian_phone


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
