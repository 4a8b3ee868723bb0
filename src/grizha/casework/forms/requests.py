"""The public forms of casework: ask for a home visit or a call back, and tell us about an
accessibility problem. Messages follow GOV.UK: say what to do, the same in the summary and beside the
field."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from grizha.casework.models import CallbackRequest
from grizha.casework.selectors import listed_service, request_settlements
from grizha.casework.validators import normalise_phone, validate_bulgarian_phone
from grizha.core.forms import GuardedForm

KIND_CHOICES = (
    (CallbackRequest.Kind.HOME_VISIT, _("A social worker visits me at home")),
    (CallbackRequest.Kind.CALL_BACK, _("A social worker phones me")),
)
PHONE_MESSAGE = _("Enter a Bulgarian phone number, like 0881 234 567 or +359 44 611 100")
CONTACT_MESSAGE = _("Enter an e-mail address like name@example.com or a phone number like 0881 234 567")


class VisitRequestForm(GuardedForm):
    kind = forms.ChoiceField(
        label=_("What would you like?"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether you would like a home visit or a phone call"),
            "invalid_choice": _("Select whether you would like a home visit or a phone call"),
        },
    )
    about = forms.CharField(
        label=_("What would you like to talk about?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Tell us what you would like to talk about"),
            "max_length": _("What you would like to talk about must be 1000 characters or fewer"),
        },
    )
    settlement = forms.ChoiceField(
        label=_("Where do you live?"),
        error_messages={
            "required": _("Select the town or village where you live"),
            "invalid_choice": _("Select the town or village where you live"),
        },
    )
    best_time = forms.ChoiceField(
        label=_("When is the best time to call or visit you?"),
        choices=CallbackRequest.BestTime.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the best time to call or visit you"),
            "invalid_choice": _("Select the best time to call or visit you"),
        },
    )
    visit_needs = forms.MultipleChoiceField(
        label=_("Do you need any of these? (optional)"),
        required=False,
        choices=CallbackRequest.VisitNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select only the options on the list")},
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        error_messages={
            "required": _("Enter your name"),
            "max_length": _("Your name must be 200 characters or fewer"),
        },
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=30,
        validators=[validate_bulgarian_phone],
        error_messages={"max_length": PHONE_MESSAGE},
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Enter an e-mail address in the right format, like name@example.com"),
            "max_length": _("Enter an e-mail address in the right format, like name@example.com"),
        },
    )
    service = forms.CharField(required=False, widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=_("I agree that the municipality uses my details only to deal with this request."),
        error_messages={"required": _("Select the box to agree that we may use your details for this request")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = {s.ekatte: s for s in request_settlements()}
        cast(forms.ChoiceField, self.fields["settlement"]).choices = [
            ("", _("Choose a town or village")),
            *((code, place.display_name) for code, place in self.places.items()),
        ]

    def clean_service(self) -> str:
        # A service that is gone or unknown is dropped: the person still gets their visit.
        service = listed_service(self.cleaned_data.get("service"))
        return str(service.id) if service else ""

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        phone, email = data.get("phone"), data.get("email")
        if "phone" not in self.errors and "email" not in self.errors:
            if data.get("kind") == CallbackRequest.Kind.CALL_BACK and not phone:
                self.add_error("phone", _("Enter your phone number, so that we can call you back"))
            elif not phone and not email:
                self.add_error("phone", _("Enter a phone number or an e-mail address, so that we can contact you"))
        return super().clean()


class FeedbackForm(GuardedForm):
    problem = forms.CharField(
        label=_("What was the problem?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Tell us what the problem was"),
            "max_length": _("The problem must be described in 2000 characters or fewer"),
        },
    )
    page_url = forms.CharField(
        label=_("Which page was it on? (optional)"),
        required=False,
        max_length=500,
        error_messages={"max_length": _("The address of the page must be 500 characters or fewer")},
    )
    contact = forms.CharField(
        label=_("Your e-mail address or phone number (optional)"),
        required=False,
        max_length=254,
        error_messages={"max_length": CONTACT_MESSAGE},
    )

    def clean_contact(self) -> str:
        contact = (self.cleaned_data.get("contact") or "").strip()
        if not contact:
            return ""
        try:
            if "@" in contact:
                validate_email(contact)
                return contact
            validate_bulgarian_phone(contact)
        except ValidationError as error:
            raise ValidationError(CONTACT_MESSAGE, code="invalid_contact") from error
        return normalise_phone(contact)

    def cleaned_feedback(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in ("problem", "page_url", "contact")}
