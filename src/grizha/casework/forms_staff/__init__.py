"""The front office's forms, one module per part of the work. They check what a person typed and say
what to fix; the services check it again and decide."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.http import urlencode


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
