"""The feedback form of a service page: was it useful, yes or no, and an optional comment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from grizha.core.forms import GuardedForm
from grizha.usage.models import COMMENT_MAX_CHARS

CHOOSE_ANSWER = _("Choose yes if this page was useful, or no if it was not")


class FeedbackForm(GuardedForm):
    useful = forms.TypedChoiceField(
        label=_("Was this page useful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_ANSWER, "invalid_choice": CHOOSE_ANSWER},
    )
    comment = forms.CharField(
        label=_("What could make this page better? (optional)"),
        required=False,
        max_length=COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("The comment must be 1000 characters or fewer")},
    )
