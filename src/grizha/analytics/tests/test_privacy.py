from __future__ import annotations

from grizha.analytics.privacy import rate, share, suppress_count, suppress_parts
from grizha.analytics.tables import SUPPRESSED


def test_a_count_of_fewer_than_five_is_hidden_but_zero_is_shown() -> None:
    assert [suppress_count(n) for n in (0, 1, 4, 5, 120)] == [0, SUPPRESSED, SUPPRESSED, 5, 120]


def test_one_hidden_part_of_a_total_hides_the_next_smallest_too() -> None:
    assert suppress_parts([40, 3, 9, 12]) == [40, SUPPRESSED, SUPPRESSED, 12]


def test_two_hidden_parts_need_no_more_hiding() -> None:
    assert suppress_parts([40, 3, 2, 12]) == [40, SUPPRESSED, SUPPRESSED, 12]


def test_parts_without_a_shown_total_hide_only_the_small_ones() -> None:
    assert suppress_parts([40, 3, 9], total_shown=False) == [40, SUPPRESSED, 9]


def test_a_rate_of_a_small_group_is_hidden_and_a_rate_without_a_base_is_missing() -> None:
    assert rate(3, 1000) is SUPPRESSED
    assert rate(50, 10000) == 5.0
    assert rate(50, 0) is None


def test_a_share_of_a_small_whole_is_hidden() -> None:
    assert share(2, 4) is SUPPRESSED
    assert share(10, 40) == 25.0
