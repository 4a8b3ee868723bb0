"""The front office's forms about people: the search of records, a person's record, a consent."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from grizha.casework.models import Consent, Language, Person
from grizha.casework.selectors import request_settlements
from grizha.casework.selectors.people import DEFAULT_REASON, VIEW_REASONS, is_identifier_query
from grizha.casework.services.people import CONSENT_REQUIRED, PersonDetails
from grizha.casework.validators import validate_bulgarian_phone
from grizha.core import identifiers
from grizha.territory.models import Office

PHONE_MESSAGE = _("Enter a Bulgarian phone number, like 0881 234 567 or +359 44 611 100")
EMAIL_MESSAGE = _("Enter an e-mail address in the right format, like name@example.com")


def office_choices(offices: Sequence[Office]) -> list[tuple[str, str]]:
    return [(str(office.pk), office.name) for office in offices]


class PeopleSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, EGN or LNCh"),
        max_length=100,
        error_messages={
            "required": _("Enter a name, or the EGN or LNCh, to search for"),
            "max_length": _("Enter 100 characters or fewer"),
        },
    )
    why = forms.ChoiceField(
        label=_("Why are you looking?"),
        choices=list(VIEW_REASONS.items()),
        initial=DEFAULT_REASON,
        required=False,
        error_messages={"invalid_choice": _("Choose why you are looking from the list")},
    )

    def clean_q(self) -> str:
        query = " ".join(self.cleaned_data["q"].split())
        if is_identifier_query(query):
            digits = identifiers.clean_digits(query)
            if not (digits.isdigit() and len(digits) == 10):
                raise forms.ValidationError(
                    _("Enter all 10 digits of the EGN or LNCh, or search by name"), code="partial_identifier"
                )
        elif len(query) < 2:
            raise forms.ValidationError(_("Enter at least 2 letters of the name"), code="too_short")
        return query

    def clean_why(self) -> str:
        return self.cleaned_data.get("why") or DEFAULT_REASON


class PersonForm(forms.Form):
    """A person's record; when it is new, also the consents the person gives."""

    office = forms.ChoiceField(
        label=_("Office that keeps the record"),
        error_messages={
            "required": _("Choose the office that keeps the record"),
            "invalid_choice": _("Choose one of your offices"),
        },
    )
    given_name = forms.CharField(
        label=_("Given name"),
        max_length=100,
        error_messages={"required": _("Enter the given name"), "max_length": _("Enter 100 characters or fewer")},
    )
    middle_name = forms.CharField(
        label=_("Middle name (optional)"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Enter 100 characters or fewer")},
    )
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=100,
        error_messages={"required": _("Enter the family name"), "max_length": _("Enter 100 characters or fewer")},
    )
    identifier_kind = forms.ChoiceField(
        label=_("Personal number"),
        choices=Person.IdentifierKind.choices,
        initial=Person.IdentifierKind.EGN,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose EGN, LNCh or “none given”"),
            "invalid_choice": _("Choose EGN, LNCh or “none given”"),
        },
    )
    identifier = forms.CharField(
        label=_("EGN or LNCh"),
        required=False,
        max_length=20,
        error_messages={"max_length": _("Enter the 10 digits of the personal number")},
    )
    birth_date = forms.DateField(
        label=_("Date of birth (optional)"),
        required=False,
        error_messages={"invalid": _("Enter the date of birth like 1950-03-31")},
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=30,
        validators=[validate_bulgarian_phone],
        error_messages={"max_length": PHONE_MESSAGE},
    )
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        max_length=254,
        error_messages={"invalid": EMAIL_MESSAGE, "max_length": EMAIL_MESSAGE},
    )
    settlement = forms.ChoiceField(
        label=_("Settlement (optional)"),
        required=False,
        error_messages={"invalid_choice": _("Choose the settlement from the list")},
    )
    address = forms.CharField(
        label=_("Address (optional)"),
        required=False,
        max_length=300,
        error_messages={"max_length": _("Enter 300 characters or fewer")},
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=Language.choices,
        initial=Language.BULGARIAN,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the preferred language"),
            "invalid_choice": _("Choose the preferred language"),
        },
    )
    other_language = forms.CharField(
        label=_("Other language spoken (optional)"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Enter 100 characters or fewer")},
    )
    accessible_channel = forms.ChoiceField(
        label=_("How to reach them"),
        choices=Person.Channel.choices,
        initial=Person.Channel.PHONE,
        error_messages={
            "required": _("Choose how to reach the person"),
            "invalid_choice": _("Choose how to reach the person"),
        },
    )
    consents = forms.MultipleChoiceField(
        label=_("The person agrees that the municipality keeps and uses their data for"),
        choices=Consent.Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Record the person’s consent to consultations and referrals"),
            "invalid_choice": _("Choose the purposes from the list"),
        },
    )
    consent_how = forms.CharField(
        label=_("How the consent was given (optional)"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Enter 200 characters or fewer")},
    )

    def __init__(self, *args: Any, offices: Sequence[Office], new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offices = {str(office.pk): office for office in offices}
        cast(forms.ChoiceField, self.fields["office"]).choices = office_choices(offices)
        self.places = {place.ekatte: place for place in request_settlements()}
        cast(forms.ChoiceField, self.fields["settlement"]).choices = [
            ("", _("Not stated")),
            *((code, place.display_name) for code, place in self.places.items()),
        ]
        if not new:
            del self.fields["consents"]
            del self.fields["consent_how"]

    @classmethod
    def initial_from(cls, person: Person) -> dict[str, Any]:
        names = ["given_name", "middle_name", "family_name", "identifier_kind", "identifier", "phone", "email"]
        names += ["address", "preferred_language", "other_language", "accessible_channel"]
        initial = {name: getattr(person, name) for name in names}
        # Dates as <input type="date"> reads them, whatever the page's language.
        birth = person.birth_date.isoformat() if person.birth_date else ""
        return initial | {
            "office": str(person.office_id),
            "settlement": person.settlement_id or "",
            "birth_date": birth,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        consents = data.get("consents")
        if consents is not None and Consent.Purpose.CASEWORK not in consents:
            self.add_error("consents", CONSENT_REQUIRED)
        return data

    def details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            office=self.offices[data["office"]],
            given_name=data["given_name"],
            middle_name=data["middle_name"],
            family_name=data["family_name"],
            identifier_kind=data["identifier_kind"],
            identifier=data["identifier"],
            birth_date=data["birth_date"],
            phone=data["phone"],
            email=data["email"],
            settlement=self.places.get(data["settlement"] or ""),
            address=data["address"],
            preferred_language=data["preferred_language"],
            other_language=data["other_language"],
            accessible_channel=data["accessible_channel"],
        )


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("What does the person agree to?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what the person agrees to"),
            "invalid_choice": _("Choose what the person agrees to"),
        },
    )
    how = forms.CharField(
        label=_("How the consent was given (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example: signed form, by phone."),
        error_messages={"max_length": _("Enter 200 characters or fewer")},
    )

    def __init__(self, *args: Any, standing: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["purpose"]).choices = [
            (code, label) for code, label in Consent.Purpose.choices if code not in standing
        ]
