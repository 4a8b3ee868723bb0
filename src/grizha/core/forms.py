"""What every public form shares: the error summary's links, and protection from robots without a
CAPTCHA.

A guarded form has a trap field that people never see (robots fill in every box) and the signed time
at which it was first shown, so that a form sent sooner than a person could fill it is refused. There
is no upper limit: nobody is hurried (WCAG 2.2.1, Timing adjustable)."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

TRAP_FIELD = "website"
STARTED_FIELD = "started"
_STARTED_SALT = "grizha.core.forms.started"

TOO_FAST = _(
    "This form was sent very quickly, so we could not tell that a person filled it in. "
    "Check your answers and send it again"
)


def error_links(form: forms.Form, *, whole: str | None = None) -> list[dict[str, str]]:
    """The error summary's links, in the order of the page: each message points at the first control of
    its field; a message about the whole form comes first and points at the element `whole` when given
    (the form itself may be gone, e.g. someone else took the step first), else at the first field."""
    links: list[dict[str, str]] = []
    visible = [name for name in form.fields if name not in (TRAP_FIELD, STARTED_FIELD)]
    order = {name: position for position, name in enumerate(form.fields)}
    for name, errors in sorted(form.errors.items(), key=lambda item: order.get(item[0], -1)):
        if name not in form.fields and whole:
            links.extend({"href": f"#{whole}", "message": str(message)} for message in errors)
            continue
        bound = form[name] if name in form.fields else form[visible[0]] if visible else next(iter(form))
        several = isinstance(bound.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))
        anchor = f"{bound.auto_id}_0" if several else bound.auto_id
        links.extend({"href": f"#{anchor}", "message": str(message)} for message in errors)
    return links


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: beside the field it names, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


def form_query(form: forms.Form) -> str:
    """A GET form's answers as a query string (empty ones left out), for the links to a list's other pages."""
    return urlencode([(name, value) for name, value in form.data.items() if name in form.fields and value])


def started_token(at: float | None = None) -> str:
    """The signed time a form was shown (now, unless `at` is given)."""
    return signing.dumps(time.time() if at is None else at, salt=_STARTED_SALT)


def started_at(token: str) -> float | None:
    """The time a form was shown, or None if the token is missing or was not made by us."""
    try:
        value = signing.loads(token, salt=_STARTED_SALT)
    except signing.BadSignature:
        return None
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


class GuardedForm(forms.Form):
    """A public form with the trap and the time it was shown.

    Ask `trapped` before `is_valid()`: a filled trap means a robot, to be answered without saying why.
    `proven=True` skips the time check, for a person who passed it already (for example one who comes
    back from "check your answers" to change an answer)."""

    website = forms.CharField(required=False, max_length=200)
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, proven: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proven = proven
        # The guard's fields go last, so that nothing about them comes first in an error summary.
        for name in (TRAP_FIELD, STARTED_FIELD):
            self.fields[name] = self.fields.pop(name)

    @property
    def trapped(self) -> bool:
        return self.is_bound and bool(str(self.data.get(TRAP_FIELD) or "").strip())

    def started_value(self) -> str:
        """The start time to send with the form: the one it was first shown with, when genuine."""
        token = str(self.data.get(STARTED_FIELD) or "") if self.is_bound else ""
        return token if started_at(token) is not None else started_token()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.proven:
            at = started_at(str(self.data.get(STARTED_FIELD) or ""))
            if at is None or time.time() - at < settings.GRIZHA_FORM_MIN_SECONDS:
                raise ValidationError(TOO_FAST, code="too_fast")
        return cleaned

    def answers(self) -> dict[str, Any]:
        """The data as sent, without the guard's fields: to keep in the session and bind again."""
        kept: dict[str, Any] = {}
        for name, field in self.fields.items():
            if name in (TRAP_FIELD, STARTED_FIELD):
                continue
            multiple = isinstance(field, forms.MultipleChoiceField)
            getlist = getattr(self.data, "getlist", None)
            if multiple:
                kept[name] = list(getlist(name) if getlist else self.data.get(name) or [])
            else:
                kept[name] = self.data.get(name, "")
        return kept
