from __future__ import annotations

import pytest

from grizha.usage.searches import search_text


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("  Търся ДОМАШЕН   Патронаж!!! ", "домашен патронаж"),
        ("Моля, помощ за баба", "помощ баба"),
        ("за", "за"),  # only stop words: kept, so that the search is still seen
        ("ЕГН 7501020018 помощ", "егн помощ"),
        ("ivan@example.bg", ""),
        ("ударе\u0301ние", "ударение"),  # a stress mark
    ],
)
def test_a_search_is_kept_as_the_analyzer_reads_it_without_personal_data(query: str, text: str) -> None:
    assert search_text(query) == text


def test_a_long_search_is_cut_at_a_word() -> None:
    text = search_text("помощ " * 100)
    assert len(text) <= 200 and text.endswith("помощ")
