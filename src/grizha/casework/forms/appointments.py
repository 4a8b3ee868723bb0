"""The forms of appointments: the public booking, one question a page (the office, the time, the
person's details), and the staff's agenda filter, publishing of times and marking of appointments.
The person's details ask as the request for a home visit does, with the same fields and messages."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grizha.casework.forms.requests import VisitRequestForm
from grizha.casework.models import AppointmentSlot
from grizha.casework.selectors.appointments import day_label, time_label
from grizha.casework.services.appointments import CAPACITY_MESSAGE, MAX_CAPACITY, parse_time_ranges
from grizha.core.forms import GuardedForm
from grizha.territory.models import Office

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
DATE_MESSAGE = _("Enter a date like 2026-12-07")


class OfficeForm(forms.Form):
    office = forms.ChoiceField(
        label=_("Where would you like to go?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the office where you would like to go"),
            "invalid_choice": _("Select the office where you would like to go"),
        },
    )

    def __init__(self, *args: Any, offices: Sequence[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offices = {str(office.pk): office for office in offices}
        cast(forms.ChoiceField, self.fields["office"]).choices = [(key, o.name) for key, o in self.offices.items()]

    def options(self) -> list[tuple[Any, Office]]:
        """Each radio with its office, to show the address under the name."""
        return [(radio, self.offices[str(radio.data["value"])]) for radio in self["office"]]


class SlotForm(forms.Form):
    slot = forms.ChoiceField(
        label=_("Choose a day and time"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select a day and time"),
            "invalid_choice": _("Select one of the times on the list"),
        },
    )

    def __init__(
        self, *args: Any, days: Sequence[tuple[datetime.date, Sequence[AppointmentSlot]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.days = days
        cast(forms.ChoiceField, self.fields["slot"]).choices = [
            (str(slot.pk), time_label(slot)) for _day, slots in days for slot in slots
        ]

    def groups(self) -> list[dict[str, Any]]:
        """The radios by day: a legend for each day, its times under it."""
        radios = iter(self["slot"])
        return [{"day": day_label(day), "radios": [next(radios) for _slot in slots]} for day, slots in self.days]


def _reused(name: str) -> forms.Field:
    return copy.deepcopy(VisitRequestForm.base_fields[name])


class DetailsForm(GuardedForm):
    name = _reused("name")
    phone = _reused("phone")
    email = _reused("email")
    about = _reused("about")
    visit_needs = _reused("visit_needs")
    consent = forms.BooleanField(
        label=_("I agree that the municipality uses my details only for this appointment."),
        error_messages={"required": _("Select the box to agree that we may use your details for this appointment")},
    )

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        if (
            "phone" not in self.errors
            and "email" not in self.errors
            and not data.get("phone")
            and not data.get("email")
        ):
            self.add_error("phone", _("Enter a phone number or an e-mail address, so that we can contact you"))
        return super().clean()


# --- staff -----------------------------------------------------------------------------------------------


class AgendaForm(forms.Form):
    day = forms.DateField(
        label=_("Day"),
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": DATE_MESSAGE},
    )

    def chosen_day(self) -> datetime.date:
        return (self.cleaned_data.get("day") if self.is_valid() else None) or timezone.localdate()


class SlotsPublishForm(forms.Form):
    office = forms.ChoiceField(
        label=_("Office"),
        error_messages={"required": _("Select the office"), "invalid_choice": _("Select the office")},
    )
    first_day = forms.DateField(
        label=_("First day"),
        input_formats=["%Y-%m-%d"],
        error_messages={"required": _("Enter the first day"), "invalid": DATE_MESSAGE},
    )
    last_day = forms.DateField(
        label=_("Last day"),
        input_formats=["%Y-%m-%d"],
        error_messages={"required": _("Enter the last day"), "invalid": DATE_MESSAGE},
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least one day of the week"),
            "invalid_choice": _("Select only the days on the list"),
        },
    )
    times = forms.CharField(
        label=_("Times"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Enter at least one time, like 09:00-09:30"),
            "max_length": _("Enter the times in 2000 characters or fewer"),
        },
    )
    capacity = forms.IntegerField(
        label=_("People at a time"),
        error_messages={
            "required": _("Enter how many people can book each time"),
            "invalid": _("Enter how many people can book each time as a number, like 1"),
        },
    )
    home_visit = forms.BooleanField(label=_("A specialist visits the person at home at these times"), required=False)

    def __init__(self, *args: Any, offices: Sequence[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offices = {str(office.pk): office for office in offices}
        cast(forms.ChoiceField, self.fields["office"]).choices = [
            ("", _("Choose an office")),
            *((key, office.name) for key, office in self.offices.items()),
        ]

    def clean_capacity(self) -> int:
        capacity: int = self.cleaned_data["capacity"]
        if not 1 <= capacity <= MAX_CAPACITY:
            raise ValidationError(CAPACITY_MESSAGE % {"max": MAX_CAPACITY}, code="capacity")
        return capacity

    def clean_times(self) -> str:
        text: str = self.cleaned_data["times"]
        parse_time_ranges(text)
        return text

    def publish_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {**{key: data[key] for key in data if key != "office"}, "office": self.offices[data["office"]]}

    def add_service_error(self, error: ValidationError) -> None:
        """A refusal of slots_publish, beside the field it is about."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class MarkForm(forms.Form):
    ACTIONS = ("attended", "missed", "cancel")
    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])
