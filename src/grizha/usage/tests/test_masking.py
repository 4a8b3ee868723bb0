from __future__ import annotations

import pytest

from grizha.usage.masking import MASK, mask_personal_data


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ("Моето ЕГН е 7501020018, помогнете", "помогнете", "7501020018"),
        ("ЛНЧ 1001234564", "ЛНЧ", "1001234564"),
        ("ЕГН 750102 0018", "ЕГН", "0018"),
        ("Обадете се на 0888 123 456 след 17 ч.", "след 17 ч.", "123 456"),
        ("тел. +359 (44) 61-11-00", "тел.", "61-11-00"),
        ("телефон 044/611100", "телефон", "611100"),
        ("пишете на ivan.petrov@example.bg за отговор", "за отговор", "example.bg"),
        ("my mail: maria+help@mail.example.com.", "my mail", "maria"),
    ],
)
def test_personal_data_in_a_comment_is_masked(text: str, kept: str, gone: str) -> None:
    masked = mask_personal_data(text)
    assert MASK in masked and kept in masked and gone not in masked


@pytest.mark.parametrize(
    "text",
    [
        "Бях там на 01.03.2026 и на 12.03.2026.",
        "Таксата е 120 евро за 2 месеца, 1 000 000 благодарности.",
        "Телефон 112 при спешност",
        "Страницата е полезна",
    ],
)
def test_dates_amounts_and_short_numbers_are_kept(text: str) -> None:
    assert mask_personal_data(text) == text
