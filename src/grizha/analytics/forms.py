"""The analytics pages' filters: a period of months, an area the member may see, a target group and a
service type. A wrong answer is said beside its field and the figures of the defaults are shown."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grizha.analytics.models import EVERYONE, SurveyAnswer
from grizha.analytics.selectors.filters import Area, Filters, default_period
from grizha.catalog import reference
from grizha.catalog.selectors import term_names
from grizha.core.forms import GuardedForm

MONTH = re.compile(r"^\s*(\d{4})\s*[-./]\s*(\d{1,2})\s*$")
EARLIEST_YEAR = 2000


class MonthField(forms.CharField):
    """A month written as 2026-01 (or 2026.1, 2026/01); cleaned to the month's first day."""

    default_error_messages = {"invalid": _("Write the month as year and month, for example 2026-01")}

    def clean(self, value: Any) -> date | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        match = MONTH.match(text)
        if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < EARLIEST_YEAR:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return date(int(match[1]), int(match[2]), 1)


class FiltersForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), required=False)
    start = MonthField(label=_("From month"), required=False, help_text=_("For example 2026-01"))
    end = MonthField(label=_("To month, included"), required=False, help_text=_("For example 2026-12"))
    target_group = forms.ChoiceField(label=_("Target group"), required=False)
    service_type = forms.ChoiceField(label=_("Service type"), required=False)

    def __init__(self, data: Any, *, areas: list[Area]) -> None:
        super().__init__(data)
        self.areas = areas
        choose = _("Choose one of the options on the list")
        for name in ("area", "target_group", "service_type"):
            self.fields[name].error_messages["invalid_choice"] = choose
        self.fields["area"].choices = [(a.code, a.name) for a in areas]  # type: ignore[attr-defined]
        groups = term_names(reference.TARGET_GROUP)
        self.fields["target_group"].choices = [(EVERYONE, _("Everyone")), *groups.items()]  # type: ignore[attr-defined]
        types = term_names(reference.SERVICE_TYPE)
        self.fields["service_type"].choices = [("", _("Every type")), *types.items()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last month must be the same as the first or later"))
        return data

    def filters(self) -> Filters:
        """The filters asked for; the defaults (this year, the first area) for any that are missing or wrong."""
        first, last = default_period(timezone.localdate())
        data = self.cleaned_data if self.is_valid() else {}
        area = data.get("area") or (self.areas[0].code if self.areas else "")
        if self.areas and area not in {a.code for a in self.areas}:
            area = self.areas[0].code
        start = data.get("start") or first
        return Filters(
            start=start,
            end=max(data.get("end") or last, start),
            area=area,
            target_group=data.get("target_group") or EVERYONE,
            service_type=data.get("service_type") or "",
        )


CHOOSE_ANSWER = _("Choose yes, partly or no")


def _answer(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=SurveyAnswer.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_ANSWER, "invalid_choice": CHOOSE_ANSWER},
    )


class SurveyForm(GuardedForm):
    """The satisfaction survey: four questions with set answers and a comment, nothing that identifies
    the person. The office or the service it is about comes with the link (hidden fields)."""

    occasion = forms.ChoiceField(
        label=_("When did you use our help?"),
        choices=SurveyAnswer.Occasion.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose when you used our help"),
            "invalid_choice": _("Choose when you used our help"),
        },
    )
    rating = forms.TypedChoiceField(
        label=_("Overall, how satisfied are you?"),
        choices=SurveyAnswer.RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how satisfied you are"),
            "invalid_choice": _("Choose how satisfied you are"),
        },
    )
    respected = _answer(_("Were you treated with respect?"))
    got_help = _answer(_("Did you get what you needed?"))
    easy = _answer(_("Was it easy to reach us and to understand what to do?"))
    comment = forms.CharField(
        label=_("Anything else you would like to tell us? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _("The comment must be 1000 characters or fewer")},
    )
    office = forms.CharField(required=False, widget=forms.HiddenInput)
    service = forms.CharField(required=False, widget=forms.HiddenInput)

    def _link(self, name: str) -> UUID | None:
        """What the link named: an id, or nothing for an altered link (never an error the person cannot fix)."""
        try:
            return UUID(self.cleaned_data.get(name) or "")
        except ValueError:
            return None

    def clean_office(self) -> UUID | None:
        return self._link("office")

    def clean_service(self) -> UUID | None:
        return self._link("service")


class ReportForm(forms.Form):
    """Which annual report: an area the member may see, a past or the current year, and a language."""

    area = forms.ChoiceField(label=_("Area"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    language = forms.ChoiceField(label=_("Language of the report"), choices=[("bg", "български"), ("en", "English")])

    def __init__(self, data: Any, *, areas: list[Area], years: list[int]) -> None:
        super().__init__(data)
        choose = _("Choose one of the options on the list")
        for name in ("area", "year", "language"):
            self.fields[name].error_messages["invalid_choice"] = choose
            self.fields[name].error_messages["required"] = choose
        self.fields["area"].choices = [(a.code, a.name) for a in areas]  # type: ignore[attr-defined]
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        # The report is made early in the year for the year that ended.
        self.fields["year"].initial = years[1] if len(years) > 1 else years[0]
