"""Small-cell suppression: no figure shows a group of fewer than `MIN_GROUP` people, nor lets one be
worked out from a total and the other shown parts (secondary suppression)."""

from __future__ import annotations

from collections.abc import Sequence

from grizha.analytics.tables import MIN_GROUP, SUPPRESSED, Cell


def suppress_count(count: int) -> Cell:
    """A count as it may be shown: zero and MIN_GROUP or more as they are, 1 to MIN_GROUP - 1 hidden."""
    return count if count == 0 or count >= MIN_GROUP else SUPPRESSED


def suppress_parts(parts: Sequence[int], *, total_shown: bool = True) -> list[Cell]:
    """The parts of a shown total, each hidden if small; when exactly one part would be hidden, the
    total minus the others would reveal it, so the next smallest non-zero part is hidden as well."""
    shown: list[Cell] = [suppress_count(part) for part in parts]
    hidden = [i for i, cell in enumerate(shown) if cell is SUPPRESSED]
    if total_shown and len(hidden) == 1:
        others = sorted((part, i) for i, part in enumerate(parts) if i not in hidden and part > 0)
        if others:
            shown[others[0][1]] = SUPPRESSED
    return shown


def rate(count: int, base: int | None, *, per: int = 1000) -> Cell:
    """`count` per `per` of `base` (per 1,000 inhabitants), hidden with its count; None without a base."""
    if not base:
        return None
    if suppress_count(count) is SUPPRESSED:
        return SUPPRESSED
    return round(count * per / base, 1)


def share(part: int, whole: int) -> Cell:
    """`part` as a percentage of `whole`, hidden when the part or the whole is a small group."""
    if not whole:
        return None
    if suppress_count(part) is SUPPRESSED or suppress_count(whole) is SUPPRESSED:
        return SUPPRESSED
    return round(part * 100 / whole, 1)
