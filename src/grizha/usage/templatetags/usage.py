"""The feedback form at the end of every service page, which the page cache keeps as it is for everyone."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from grizha.usage.forms import FeedbackForm
from grizha.usage.middleware import FORM_GUARD_MARK

register = template.Library()


@register.simple_tag
def feedback_form() -> FeedbackForm:
    """An empty feedback form, to draw its fields."""
    return FeedbackForm()


@register.simple_tag
def feedback_guard() -> SafeString:
    """Where grizha.usage.middleware puts each visitor's CSRF token and the time the form was shown."""
    return mark_safe(FORM_GUARD_MARK.decode())  # noqa: S308 (our own constant)
