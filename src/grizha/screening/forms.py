"""The forms of screening: one per question of the citizen questionnaire, the staff one-page form, and
the forms of the result page (e-mail the list, ask to be called back).

Messages follow GOV.UK: say what to do, in plain words, the same in the error summary and beside the
field. Each questionnaire form turns the session's answers into its initial data (`initial_from`) and
its cleaned data back into answers (`answers`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from grizha.casework.models import CallbackRequest
from grizha.casework.validators import validate_bulgarian_phone
from grizha.catalog import reference
from grizha.catalog.selectors import term_names, terms
from grizha.screening.rules import BOUNDS
from grizha.territory.models import Settlement
from grizha.territory.sites import home_municipality

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

YES, NO, UNKNOWN = "yes", "no", "unknown"
ANSWER_CHOICES = ((YES, _("Yes")), (NO, _("No")), (UNKNOWN, _("I do not know")))
FACT_NAMES = ("disability_percent", "needs_assistance_of_another", "monthly_income_per_member")
OTHER_MUNICIPALITY = "other"

WHOLE = re.compile(r"[0-9]{1,4}")
DECIMAL = re.compile(r"[0-9]{1,9}(\.[0-9]{1,2})?")
# What people type around a number: spaces (also between thousands), a percent or euro sign.
NUMBER_NOISE = re.compile(r"[\s\u00a0%€]|eur|евро", re.IGNORECASE)


def parse_number(
    text: str, *, whole: bool, maximum: float, invalid: StrOrPromise, out_of_range: StrOrPromise
) -> float | int:
    """A number typed by a person: "1 250,50 €" is 1250.5; whole numbers only when asked."""
    cleaned = NUMBER_NOISE.sub("", text).replace(",", ".")
    if not (WHOLE if whole else DECIMAL).fullmatch(cleaned):
        raise ValidationError(invalid, code="invalid")
    number = int(cleaned) if whole else float(cleaned)
    if not 0 <= number <= maximum:
        raise ValidationError(out_of_range, code="out_of_range")
    return number


def plain_number(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def groups_summary(groups: Mapping[str, str]) -> list[str]:
    """The situation as two lines: the groups answered yes, and those answered no."""
    names = term_names(reference.TARGET_GROUP)
    lines = []
    for answer, words in ((YES, gettext("Yes: %(groups)s")), (NO, gettext("No: %(groups)s"))):
        chosen = [name for code, name in names.items() if groups.get(code) == answer]
        if chosen:
            lines.append(words % {"groups": ", ".join(chosen)})
    return lines or [gettext("Nothing stated")]


def settlements() -> list[Settlement]:
    return list(Settlement.objects.filter(municipality_id=home_municipality()).order_by("name", "ekatte"))


def settlement_label(code: str) -> StrOrPromise:
    if code == OTHER_MUNICIPALITY:
        return _("Another municipality")
    found = Settlement.objects.filter(ekatte=code).first() if code else None
    return found.display_name if found else _("Not stated")


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def answer_choice(value: bool | None) -> str:
    return YES if value is True else NO if value is False else UNKNOWN


# --- the citizen questionnaire -------------------------------------------------------------------


class QuestionForm(forms.Form):
    """A page of the questionnaire: initial data from the answers, answers from the cleaned data."""

    @classmethod
    def initial_from(cls, answers: Mapping[str, Any]) -> dict[str, Any]:
        return {name: answers[name] for name in cls.base_fields if name in answers}

    def answers(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

    @property
    def main_field(self) -> forms.BoundField:
        """The field the page's question is the label or legend of."""
        return self[next(iter(self.fields))]


class WhoForm(QuestionForm):
    who = forms.ChoiceField(
        choices=(("me", _("Me")), ("child", _("My child")), ("relative", _("A relative"))),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select who needs help"), "invalid_choice": _("Select who needs help")},
    )


class NumberOrUnknownForm(QuestionForm):
    """A number, or a box to say it is not known (or not given): exactly one of the two."""

    key: ClassVar[str]
    whole: ClassVar[bool] = False
    maximum: ClassVar[float]
    hint: ClassVar[StrOrPromise]
    # Shown before and after the box (not read out: the hint says the unit). Not "prefix": forms have one.
    unit_before: ClassVar[StrOrPromise] = ""
    unit_after: ClassVar[StrOrPromise] = ""
    width: ClassVar[str] = "input--width-5"
    unknown_label: ClassVar[StrOrPromise] = _("I do not know")
    messages: ClassVar[dict[str, StrOrPromise]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.key] = forms.CharField(required=False, max_length=30)
        self.fields[f"{self.key}_unknown"] = forms.BooleanField(required=False, label=self.unknown_label)

    @classmethod
    def initial_from(cls, answers: Mapping[str, Any]) -> dict[str, Any]:
        if cls.key not in answers:
            return {}
        value = answers[cls.key]
        return {cls.key: plain_number(value)} if value is not None else {f"{cls.key}_unknown": True}

    @property
    def value_field(self) -> forms.BoundField:
        return self[self.key]

    @property
    def unknown_field(self) -> forms.BoundField:
        return self[f"{self.key}_unknown"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get(self.key) or "").strip()
        unknown = data.get(f"{self.key}_unknown")
        if text and unknown:
            self.add_error(self.key, self.messages["not_both"])
        elif not text and not unknown:
            self.add_error(self.key, self.messages["empty"])
        elif text:
            try:
                data[self.key] = parse_number(
                    text,
                    whole=self.whole,
                    maximum=self.maximum,
                    invalid=self.messages["invalid"],
                    out_of_range=self.messages["range"],
                )
            except ValidationError as error:
                self.add_error(self.key, error)
        return data

    def answers(self) -> dict[str, Any]:
        value = self.cleaned_data.get(self.key)
        return {self.key: value if value not in ("", None) else None}

    @classmethod
    def describe(cls, value: float | None) -> StrOrPromise:
        return _("I do not know") if value is None else plain_number(value)


class AgeForm(NumberOrUnknownForm):
    key = "age"
    whole = True
    maximum = BOUNDS["age"][1]
    hint = _("In whole years, for example 67.")
    unit_after = _("years")
    width = "input--width-3"
    unknown_label = _("I do not want to say")
    messages = {
        "empty": _("Enter the age, or select “I do not want to say”"),
        "not_both": _("Enter the age, or select “I do not want to say”, not both"),
        "invalid": _("Enter the age as a whole number of years, like 67"),
        "range": _("Enter an age from 0 to 130"),
    }


class DisabilityForm(NumberOrUnknownForm):
    key = "disability_percent"
    maximum = BOUNDS["disability_percent"][1]
    hint = _(
        "It is written in the decision of the medical expert commission (ТЕЛК or НЕЛК) as a percentage, for "
        "example 71%. If there is no decision, select “I do not know”."
    )
    unit_after = "%"
    width = "input--width-3"
    messages = {
        "empty": _("Enter the degree of disability, or select “I do not know”"),
        "not_both": _("Enter the degree of disability, or select “I do not know”, not both"),
        "invalid": _("Enter the degree of disability as a number, like 71"),
        "range": _("Enter a degree of disability from 0 to 100"),
    }

    @classmethod
    def describe(cls, value: float | None) -> StrOrPromise:
        return _("I do not know") if value is None else f"{plain_number(value)}%"


class IncomeForm(NumberOrUnknownForm):
    key = "monthly_income_per_member"
    maximum = BOUNDS["monthly_income_per_member"][1]
    hint = _(
        "Add up the monthly income after tax of everyone who lives in the household, then divide it by the "
        "number of people. In euro, for example 310."
    )
    unit_before = "€"
    messages = {
        "empty": _("Enter the income per person, or select “I do not know”"),
        "not_both": _("Enter the income per person, or select “I do not know”, not both"),
        "invalid": _("Enter the income as an amount in euro, like 310 or 310.50"),
        "range": _("Enter an amount from 0 to 1000000 euro"),
    }

    @classmethod
    def describe(cls, value: float | None) -> StrOrPromise:
        return _("I do not know") if value is None else f"€{plain_number(value)}"


class SettlementForm(QuestionForm):
    settlement = forms.ChoiceField(
        error_messages={
            "required": _("Select the settlement, or select “Another municipality”"),
            "invalid_choice": _("Select the settlement, or select “Another municipality”"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = {s.ekatte: s for s in settlements()}
        choice_field(self, "settlement").choices = [
            ("", _("Choose a settlement")),
            *((code, s.display_name) for code, s in self.places.items()),
            (OTHER_MUNICIPALITY, _("Another municipality")),
        ]

    def answers(self) -> dict[str, Any]:
        code = self.cleaned_data["settlement"]
        place = self.places.get(code)
        return {"settlement": code, "municipality": place.municipality_id if place else None}


class GroupFieldsMixin:
    """One yes / no / don't know question per target group, as fields named group_<code>."""

    fields: dict[str, forms.Field]

    def add_group_fields(self) -> None:
        for term in terms(reference.TARGET_GROUP):
            self.fields[f"group_{term.code}"] = forms.ChoiceField(
                label=term.name,
                choices=ANSWER_CHOICES,
                initial=UNKNOWN,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Select yes, no or “I do not know” for: %(group)s") % {"group": term.name},
                    "invalid_choice": _("Select yes, no or “I do not know” for: %(group)s") % {"group": term.name},
                },
            )

    @property
    def group_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("group_")]  # type: ignore[index]

    def group_answers(self, cleaned: Mapping[str, Any]) -> dict[str, str]:
        return {name.removeprefix("group_"): cleaned[name] for name in self.fields if name.startswith("group_")}


class SituationForm(GroupFieldsMixin, QuestionForm):
    def __init__(self, *args: Any, age: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_group_fields()
        self.prefilled: set[str] = set()
        # Offered, never assumed: the person sees the pre-filled "yes" and confirms or changes it.
        if not self.initial and age is not None and age >= 65 and "group_elderly" in self.fields:
            self.initial["group_elderly"] = YES
            self.prefilled.add("group_elderly")

    @classmethod
    def initial_from(cls, answers: Mapping[str, Any]) -> dict[str, Any]:
        return {f"group_{code}": value for code, value in (answers.get("groups") or {}).items()}

    def answers(self) -> dict[str, Any]:
        return {"groups": self.group_answers(self.cleaned_data)}


class NeedsForm(QuestionForm):
    needs = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    not_sure = forms.BooleanField(required=False, label=_("I am not sure – show what fits the situation"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        needs = terms(reference.NEED)
        self.need_codes = [t.code for t in needs]
        choice_field(self, "needs").choices = [(t.code, t.name) for t in needs]
        self.fields["needs"].error_messages["invalid_choice"] = _("Select the help needed from the list")

    @classmethod
    def initial_from(cls, answers: Mapping[str, Any]) -> dict[str, Any]:
        if "needs" not in answers:
            return {}
        return {"needs": answers["needs"], "not_sure": not answers["needs"]}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("needs") and data.get("not_sure"):
            self.add_error("needs", _("Select the help needed, or select “I am not sure”, not both"))
        elif not data.get("needs") and not data.get("not_sure") and "needs" not in self.errors:
            self.add_error("needs", _("Select the help needed, or select “I am not sure”"))
        return data

    def answers(self) -> dict[str, Any]:
        chosen = set(self.cleaned_data.get("needs") or ())
        return {"needs": [code for code in self.need_codes if code in chosen]}


class AssistanceForm(QuestionForm):
    needs_assistance_of_another = forms.ChoiceField(
        choices=ANSWER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select yes, no or “I do not know”"),
            "invalid_choice": _("Select yes, no or “I do not know”"),
        },
    )
    hint = _("In a decision of the medical expert commission (ТЕЛК or НЕЛК) this is called “чужда помощ”.")

    @classmethod
    def initial_from(cls, answers: Mapping[str, Any]) -> dict[str, Any]:
        if "needs_assistance_of_another" not in answers:
            return {}
        return {"needs_assistance_of_another": answer_choice(answers["needs_assistance_of_another"])}

    def answers(self) -> dict[str, Any]:
        value = self.cleaned_data["needs_assistance_of_another"]
        return {"needs_assistance_of_another": {YES: True, NO: False}.get(value)}

    @classmethod
    def describe(cls, value: bool | None) -> StrOrPromise:
        return dict(ANSWER_CHOICES)[answer_choice(value)]


# --- the staff one-page form ---------------------------------------------------------------------


class StaffScreeningForm(GroupFieldsMixin, forms.Form):
    """Every question on one page; a blank answer is unknown."""

    age = forms.CharField(label=_("Age in years"), required=False, max_length=10)
    settlement = forms.ChoiceField(label=_("Settlement"), required=False)
    needs = forms.MultipleChoiceField(label=_("Help needed"), required=False, widget=forms.CheckboxSelectMultiple)
    disability_percent = forms.CharField(label=_("Degree of disability (%)"), required=False, max_length=10)
    needs_assistance_of_another = forms.ChoiceField(
        label=_("Assessed need for the help of another person"),
        choices=ANSWER_CHOICES,
        initial=UNKNOWN,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select yes, no or “I do not know”"),
            "invalid_choice": _("Select yes, no or “I do not know”"),
        },
    )
    monthly_income_per_member = forms.CharField(
        label=_("Monthly income per household member (EUR)"), required=False, max_length=20
    )

    NUMBERS: ClassVar[dict[str, type[NumberOrUnknownForm]]] = {
        "age": AgeForm,
        "disability_percent": DisabilityForm,
        "monthly_income_per_member": IncomeForm,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = {s.ekatte: s for s in settlements()}
        choice_field(self, "settlement").choices = [
            ("", _("Not stated")),
            *((code, s.display_name) for code, s in self.places.items()),
            (OTHER_MUNICIPALITY, _("Another municipality")),
        ]
        needs = terms(reference.NEED)
        self.need_codes = [t.code for t in needs]
        choice_field(self, "needs").choices = [(t.code, t.name) for t in needs]
        self.add_group_fields()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, question in self.NUMBERS.items():
            text = (data.get(name) or "").strip()
            try:
                data[name] = (
                    parse_number(
                        text,
                        whole=question.whole,
                        maximum=question.maximum,
                        invalid=question.messages["invalid"],
                        out_of_range=question.messages["range"],
                    )
                    if text
                    else None
                )
            except ValidationError as error:
                self.add_error(name, error)
        return data

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        place = self.places.get(data.get("settlement") or "")
        answers: dict[str, Any] = {
            "settlement": data.get("settlement") or None,
            "municipality": place.municipality_id if place else None,
            "groups": self.group_answers(data),
            "needs": [code for code in self.need_codes if code in set(data.get("needs") or ())],
            "needs_assistance_of_another": {YES: True, NO: False}.get(data["needs_assistance_of_another"]),
        }
        answers.update({name: data.get(name) for name in self.NUMBERS})
        return answers


# --- the result page's forms ---------------------------------------------------------------------


EMAIL_NOT_SENT = _("We could not send the e-mail just now. Try again later, or print the list instead")


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={
            "required": _("Enter your e-mail address"),
            "invalid": _("Enter an e-mail address in the right format, like name@example.com"),
        },
    )


class CallbackForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, error_messages={"required": _("Enter your name")})
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        validators=[validate_bulgarian_phone],
        error_messages={"required": _("Enter your phone number")},
    )
    best_time = forms.ChoiceField(
        label=_("When is the best time to call you?"),
        choices=CallbackRequest.BestTime.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the best time to call you"),
            "invalid_choice": _("Select the best time to call you"),
        },
    )
    note = forms.CharField(
        label=_("Anything we should know before we call (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("The note must be 1000 characters or fewer")},
    )
    consent = forms.BooleanField(
        label=_("I agree that the municipality uses my name and phone number only to call me about this request."),
        error_messages={"required": _("Select the box to agree that we may call you")},
    )
