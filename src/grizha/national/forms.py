"""Forms of the national catalogue's staff pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("What should the service page say?"),
        choices=[("take", _("Take the new national text")), ("keep", _("Keep our own text"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to take the new national text or keep your own.")},
    )
