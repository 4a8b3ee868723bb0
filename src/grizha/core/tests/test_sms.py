"""SMS: only to Bulgarian mobile numbers, in whatever spelling; a failing gateway is logged, never raised."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings

from grizha.core import sms
from grizha.core.sms import BaseBackend, Sms, mobile_number, sms_send


class BrokenGateway(BaseBackend):
    def send(self, *, to: str, text: str) -> bool:
        raise ConnectionError("the operator does not answer")


class RefusingGateway(BaseBackend):
    def send(self, *, to: str, text: str) -> bool:
        return False


@pytest.fixture
def outbox() -> Iterator[list[Sms]]:
    sms.outbox.clear()
    with override_settings(GRIZHA_SMS_BACKEND="grizha.core.sms.MemoryBackend"):
        yield sms.outbox
    sms.outbox.clear()


@pytest.mark.parametrize("typed", ["0888 123 456", "+359 888 123 456", "00359888123456", "(0888) 12-34-56"])
def test_a_mobile_number_in_any_usual_spelling_gets_the_message(outbox: list[Sms], typed: str) -> None:
    assert sms_send(to=typed, text="Заявление 2026-000123 е получено.") is True
    assert outbox == [Sms(to="+359888123456", text="Заявление 2026-000123 е получено.")]


@pytest.mark.parametrize("typed", ["0878 123 456", "0898123456", "0988123456", "0999123456"])
def test_every_mobile_range_is_a_mobile(typed: str) -> None:
    assert mobile_number(typed) == "+359" + typed.replace(" ", "")[1:]


@pytest.mark.parametrize(
    "typed",
    ["02 981 2345", "044 611 100", "0700 12 345", "+44 7700 900123", "0888 123 45", "0888 123 4567", "", "обадете се"],
)
def test_a_landline_a_foreign_or_a_wrong_number_gets_no_sms(outbox: list[Sms], typed: str) -> None:
    assert sms_send(to=typed, text="текст") is False
    assert outbox == []


def test_the_logging_backend_logs_the_text_and_hides_all_but_three_digits(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("INFO", logger="grizha.sms"):
        assert sms_send(to="0888 123 456", text="Заявление 2026-000123 е получено.") is True
    (record,) = [r for r in caplog.records if r.name == "grizha.sms"]
    assert record.levelname == "INFO"
    message = record.getMessage()
    assert "Заявление 2026-000123 е получено." in message
    assert "**********456" in message
    assert "888123" not in message and "359" not in message


def test_without_a_gateway_messages_are_only_logged() -> None:
    from django.conf import settings

    assert settings.GRIZHA_SMS_BACKEND == "grizha.core.sms.LoggingBackend"


@pytest.mark.parametrize("backend", [f"{__name__}.BrokenGateway", "grizha.core.sms.NoSuchGateway"])
def test_a_failing_or_missing_gateway_is_logged_not_raised(backend: str, caplog: pytest.LogCaptureFixture) -> None:
    with override_settings(GRIZHA_SMS_BACKEND=backend), caplog.at_level("ERROR", logger="grizha.sms"):
        assert sms_send(to="0888123456", text="текст") is False
    (record,) = caplog.records
    assert "**********456" in record.getMessage() and "0888123456" not in record.getMessage()


def test_a_gateway_that_refuses_the_message_says_so() -> None:
    with override_settings(GRIZHA_SMS_BACKEND=f"{__name__}.RefusingGateway"):
        assert sms_send(to="0888123456", text="текст") is False


def test_the_base_backend_is_to_be_subclassed() -> None:
    with pytest.raises(NotImplementedError):
        BaseBackend().send(to="+359888123456", text="текст")
