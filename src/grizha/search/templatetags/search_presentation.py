"""Template filters of search results: `{{ text|highlight:marks }}` marks the words a search matched."""

from __future__ import annotations

from django import template

from grizha.search.presentation import Marks
from grizha.search.presentation import highlight as highlight_text

register = template.Library()


@register.filter
def highlight(text: object, marks: Marks | None) -> object:
    """The text with the matched words in <mark>, escaped; without marks, the text as it is (the template
    escapes it as any other)."""
    if not marks or text is None:
        return text
    return highlight_text(str(text), marks)
