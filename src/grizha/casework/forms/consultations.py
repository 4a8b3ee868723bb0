"""The front office's forms about consultations: the consultation itself, the list's filters, and the
choice of services to refer to from the consultation's screening."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from django import forms
from django.forms.boundfield import BoundWidget
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grizha.casework.forms.people import office_choices
from grizha.casework.models import CallbackRequest, Consultation, Person
from grizha.casework.selectors import request_settlements
from grizha.casework.selectors.consultations import ConsultationFilters, listed_services
from grizha.casework.services.consultations import ConsultationDetails
from grizha.catalog import reference
from grizha.catalog.selectors import term_names
from grizha.core.identifiers import age_on
from grizha.screening.forms import YES
from grizha.screening.selectors import ScreeningResult
from grizha.territory.models import Office

DATETIME_INPUT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends and shows


def local_input(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime(DATETIME_INPUT)


def _choices(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


@dataclass(frozen=True)
class ServiceRow:
    """A service of the list, with its two boxes: explained, and leaflet given."""

    name: str
    explained: BoundWidget
    leaflet: BoundWidget


class ConsultationForm(forms.Form):
    office = forms.ChoiceField(
        label=_("Office"),
        error_messages={"required": _("Choose the office"), "invalid_choice": _("Choose one of your offices")},
    )
    occurred_at = forms.DateTimeField(
        label=_("When"),
        error_messages={
            "required": _("Enter the date and time of the consultation"),
            "invalid": _("Enter the date and time of the consultation like 2026-03-31 10:30"),
        },
    )
    channel = forms.ChoiceField(
        label=_("How did it take place?"),
        choices=Consultation.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how the consultation took place"),
            "invalid_choice": _("Choose how the consultation took place"),
        },
    )
    settlement = forms.ChoiceField(
        label=_("Where the person lives (optional)"),
        required=False,
        error_messages={"invalid_choice": _("Choose the settlement from the list")},
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose the needs from the list")},
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose the target groups from the list")},
    )
    services_explained = forms.MultipleChoiceField(
        label=_("Services explained"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose services listed by the municipality")},
    )
    leaflets_given = forms.MultipleChoiceField(
        label=_("Leaflets given"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose services listed by the municipality")},
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Consultation.Outcome.choices,
        initial=Consultation.Outcome.INFORMED,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome"), "invalid_choice": _("Choose the outcome")},
    )
    follow_up_on = forms.DateField(
        label=_("Follow up on (optional)"),
        required=False,
        error_messages={"invalid": _("Enter the date to follow up on like 2026-03-31")},
    )
    notes = forms.CharField(
        label=_("Notes (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea,
        error_messages={"max_length": _("The notes must be 4000 characters or fewer")},
    )

    def __init__(self, *args: Any, offices: Sequence[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offices = {str(office.pk): office for office in offices}
        _choices(self, "office").choices = office_choices(offices)
        self.places = {place.ekatte: place for place in request_settlements()}
        _choices(self, "settlement").choices = [
            ("", _("Not stated")),
            *((code, place.display_name) for code, place in self.places.items()),
        ]
        _choices(self, "needs").choices = list(term_names(reference.NEED).items())
        _choices(self, "target_groups").choices = list(term_names(reference.TARGET_GROUP).items())
        self.services = {str(service.pk): service for service in listed_services()}
        for name in ("services_explained", "leaflets_given"):
            _choices(self, name).choices = [(key, service.name) for key, service in self.services.items()]

    @classmethod
    def initial_from(cls, consultation: Consultation) -> dict[str, Any]:
        return {
            "office": str(consultation.office_id),
            "occurred_at": local_input(consultation.occurred_at),
            "channel": consultation.channel,
            "settlement": consultation.settlement_id or "",
            "needs": consultation.needs,
            "target_groups": consultation.target_groups,
            "services_explained": [str(s.pk) for s in consultation.services_explained.all()],
            "leaflets_given": [str(s.pk) for s in consultation.leaflets_given.all()],
            "outcome": consultation.outcome,
            "follow_up_on": consultation.follow_up_on.isoformat() if consultation.follow_up_on else "",
            "notes": consultation.notes,
        }

    @classmethod
    def initial_for(
        cls, *, offices: Sequence[Office], person: Person | None, request: CallbackRequest | None
    ) -> dict[str, Any]:
        """A new consultation: now, in the member's first office; from a request, what it said."""
        initial: dict[str, Any] = {"occurred_at": local_input(timezone.now())}
        if offices:
            initial["office"] = str(offices[0].pk)
        if person is not None and person.settlement_id:
            initial["settlement"] = person.settlement_id
        if request is not None:
            home = request.kind == CallbackRequest.Kind.HOME_VISIT
            initial |= {
                "channel": Consultation.Channel.HOME_VISIT if home else Consultation.Channel.PHONE,
                "needs": list(request.needs),
                "notes": request.note,
            }
            if request.settlement_id:
                initial["settlement"] = request.settlement_id
            if request.office_id and any(office.pk == request.office_id for office in offices):
                initial["office"] = str(request.office_id)
            if request.service_id:
                initial["services_explained"] = [str(request.service_id)]
        return initial

    @property
    def service_rows(self) -> list[ServiceRow]:
        explained, leaflets = list(self["services_explained"]), list(self["leaflets_given"])
        names = [service.name for service in self.services.values()]
        return [ServiceRow(name, box, leaflet) for name, box, leaflet in zip(names, explained, leaflets, strict=True)]

    def details(self, person: Person | None) -> ConsultationDetails:
        data = self.cleaned_data
        return ConsultationDetails(
            office=self.offices[data["office"]],
            channel=data["channel"],
            occurred_at=data["occurred_at"],
            person=person,
            settlement=self.places.get(data["settlement"] or ""),
            needs=data["needs"],
            target_groups=data["target_groups"],
            services_explained=[self.services[key] for key in data["services_explained"]],
            leaflets_given=[self.services[key] for key in data["leaflets_given"]],
            outcome=data["outcome"],
            notes=data["notes"],
            follow_up_on=data["follow_up_on"],
        )


class ConsultationFilterForm(forms.Form):
    """The list's filters, from the query string; a wrong value is named and left out."""

    office = forms.ChoiceField(label=_("Office"), required=False)
    mine = forms.BooleanField(label=_("Only mine"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, error_messages={"invalid": _("Enter the first day like 2026-03-01")}
    )
    date_to = forms.DateField(
        label=_("To"), required=False, error_messages={"invalid": _("Enter the last day like 2026-03-31")}
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any")), *Consultation.Channel.choices]
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("Any")), *Consultation.Outcome.choices]
    )

    def __init__(self, *args: Any, offices: Sequence[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "office").choices = [("", _("All my offices")), *office_choices(offices)]
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = _("Choose from the list")

    def filters(self) -> ConsultationFilters:
        """The filters that are right (all of them, unless the form has errors)."""
        self.is_valid()
        data = self.cleaned_data
        office = data.get("office")
        return ConsultationFilters(
            office=UUID(office) if office else None,
            mine=bool(data.get("mine")),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            channel=data.get("channel") or "",
            outcome=data.get("outcome") or "",
        )


class ReferChoiceForm(forms.Form):
    """Which of the screening's results to refer to."""

    refer = forms.MultipleChoiceField(
        label=_("Refer to the chosen services"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one service to refer to"),
            "invalid_choice": _("Choose services from the results: the results may have changed, so check them"),
        },
    )

    def __init__(self, *args: Any, results: Sequence[ScreeningResult], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.results = {result.service_id: result for result in results}
        _choices(self, "refer").choices = [(key, result.name) for key, result in self.results.items()]

    def chosen(self) -> list[ScreeningResult]:
        return [self.results[key] for key in self.cleaned_data["refer"]]


def screening_initial(consultation: Consultation) -> dict[str, Any]:
    """The staff screening's answers that a consultation already gives: its needs, target groups and
    settlement, and the person's age when their record has a date of birth."""
    initial: dict[str, Any] = {"needs": list(consultation.needs), "settlement": consultation.settlement_id or ""}
    initial |= {f"group_{code}": YES for code in consultation.target_groups}
    person = consultation.person
    if person is not None and person.birth_date is not None:
        initial["age"] = str(age_on(person.birth_date, timezone.localdate()))
    return initial
