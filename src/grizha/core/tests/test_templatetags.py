"""Template filters shared by every app's pages."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from grizha.core.templatetags.grizha import lang_marked


def test_bulgarian_passages_on_an_english_page_are_marked_with_their_language() -> None:
    with translation.override("en"):
        marked = lang_marked("The decision of ТЕЛК or НЕЛК calls it “чужда помощ”.")
    assert marked == (
        'The decision of <span lang="bg">ТЕЛК</span> or <span lang="bg">НЕЛК</span> calls it '
        '“<span lang="bg">чужда помощ</span>”.'
    )


def test_a_bulgarian_page_is_left_as_it_is() -> None:
    with translation.override("bg"):
        assert lang_marked("Решение на ТЕЛК") == "Решение на ТЕЛК"


def test_the_text_is_escaped_before_it_is_marked() -> None:
    with translation.override("en"):
        assert lang_marked('<b title="x">ТЕЛК</b> & co') == (
            '&lt;b title=&quot;x&quot;&gt;<span lang="bg">ТЕЛК</span>&lt;/b&gt; &amp; co'
        )


def render(source: str, value: object) -> str:
    return Template("{% load grizha %}" + source).render(Context({"value": value}))


@pytest.mark.parametrize("value", [datetime.date(2026, 3, 1), None])
def test_day_shows_a_date_as_djangos_date_filter_does(value: object) -> None:
    """Staff pages show dates with |day, a cheaper spelling of date:"d.m.Y"."""
    assert render("{{ value|day }}", value) == render('{{ value|date:"d.m.Y" }}', value)


@pytest.mark.parametrize(
    "value",
    [
        # 22:30 in UTC is already the next day in Sofia (UTC+2 in winter, +3 in summer).
        datetime.datetime(2026, 2, 28, 22, 30, tzinfo=datetime.UTC),
        datetime.datetime(2026, 7, 31, 21, 5, tzinfo=datetime.UTC),
        None,
    ],
)
def test_day_and_day_time_show_a_moment_where_the_municipality_is(value: object) -> None:
    assert render("{{ value|day }}", value) == render('{{ value|date:"d.m.Y" }}', value)
    assert render("{{ value|day_time }}", value) == render('{{ value|date:"d.m.Y H:i" }}', value)
    if value is not None:
        assert render("{{ value|day }}", value) in ("01.03.2026", "01.08.2026")


@pytest.mark.parametrize(
    ("language", "source", "expected"),
    [
        ("bg", "{{ value|long_date }}", "14 ноември 2026"),
        ("bg", '{{ value|long_date:"weekday" }}', "събота, 14 ноември 2026"),
        ("bg", '{{ value|long_date:"time" }}', "14 ноември 2026, 11:30"),
        ("en", "{{ value|long_date }}", "14 November 2026"),
        ("en", '{{ value|long_date:"weekday" }}', "Saturday, 14 November 2026"),
    ],
)
def test_long_dates_write_bulgarian_months_and_days_small(language: str, source: str, expected: str) -> None:
    moment = datetime.datetime(2026, 11, 14, 9, 30, tzinfo=datetime.UTC)  # 11:30 in Sofia
    with translation.override(language):
        assert render(source, moment) == expected
