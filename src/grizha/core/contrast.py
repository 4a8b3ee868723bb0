"""Contrast of colours by WCAG 2.2 (relative luminance), for colours a municipality chooses."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Normal text on a coloured background needs at least this much (WCAG 1.4.3, AA); STYLE.md.
MINIMUM_RATIO = 4.5
WHITE = "#ffffff"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """The relative luminance of a #rrggbb colour, from 0 (black) to 1 (white)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darker(colour: str, factor: float) -> str:
    """The colour with each channel scaled by `factor` (below 1): a darker shade for hover and edges."""
    return "#" + "".join(f"{round(int(colour[i : i + 2], 16) * factor):02x}" for i in (1, 3, 5))


def passes(colour: str) -> bool:
    """Whether white text on the #rrggbb colour has the contrast normal text needs."""
    return bool(HEX_COLOUR.match(colour)) and contrast_ratio(colour, WHITE) >= MINIMUM_RATIO


def validate_accent(colour: str) -> None:
    """Refuse a colour that is not #rrggbb, or on which white text has less than 4.5:1."""
    if not HEX_COLOUR.match(colour):
        raise ValidationError(_("Enter the colour as # and six hexadecimal digits, like #00616b."), code="format")
    ratio = contrast_ratio(colour, WHITE)
    if ratio < MINIMUM_RATIO:
        raise ValidationError(
            _(
                "White text on this colour has a contrast of %(ratio).2f:1; it must be at least 4.5:1. "
                "Choose a darker colour."
            ),
            code="contrast",
            params={"ratio": ratio},
        )
