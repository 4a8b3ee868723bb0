"""The staff forms of training: a training, its participants and their results, supervision and its
agreed actions, competence levels and project indicators. Messages say what to fix."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grizha.training.indicators import RULE_CHOICES
from grizha.training.models import LEVELS, Competence, SupervisionSession, Training

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
CHOOSE = _("Choose one of the options on the list")


def date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        error_messages={"required": _("Enter the date"), "invalid": _("Enter the date like 2026-03-31")},
    )


def text_field(label: Any, *, max_length: int, required: bool = True, textarea: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 4}) if textarea else None,
        error_messages={
            "required": _("This cannot be empty"),
            "max_length": _("Write at most %(limit_value)d characters"),
        },
    )


def score_field(label: Any) -> forms.IntegerField:
    message = _("Enter a whole number from 0 to 100, or leave it empty")
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=100,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )


def hours_field(*, max_digits: int, message: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Hours"),
        min_value=0,
        max_digits=max_digits,
        decimal_places=1,
        error_messages={"required": _("Enter the number of hours"), "invalid": message, "min_value": message},
    )


def people_choices(users: Any) -> list[tuple[str, str]]:
    return [(str(u.id), u.get_full_name() or u.get_username()) for u in users]


class TrainingForm(forms.Form):
    title = text_field(_("Topic"), max_length=300)
    description = text_field(_("What it covers (optional)"), max_length=4000, required=False, textarea=True)
    competences = forms.MultipleChoiceField(
        label=_("Competences it builds (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": CHOOSE},
    )
    starts_on = date_field(_("First day"))
    ends_on = date_field(_("Last day"))
    trainer = text_field(_("Trainer"), max_length=200)
    hours = hours_field(max_digits=5, message=_("Enter the hours as a number, like 16 or 7.5"))
    format = forms.ChoiceField(
        label=_("Format"),
        choices=Training.Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE, "invalid_choice": CHOOSE},
    )
    place = text_field(_("Where (optional)"), max_length=300, required=False)
    materials = text_field(_("Materials (optional)"), max_length=4000, required=False, textarea=True)
    project = text_field(_("Project that pays for it (optional)"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competences"].choices = [(str(c.id), c.name) for c in Competence.objects.all()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day cannot be before the first"))
        return data

    def chosen_competences(self) -> list[Competence]:
        return list(Competence.objects.filter(id__in=self.cleaned_data.get("competences") or []))


class ParticipantForm(forms.Form):
    user = forms.ChoiceField(label=_("A member of staff"), required=False, error_messages={"invalid_choice": CHOOSE})
    name = text_field(_("Or the name of someone without an account"), max_length=200, required=False)
    organisation = text_field(_("Their organisation (optional)"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Their e-mail (optional)"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address like name@example.org")},
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {str(u.id): u for u in staff}
        self.fields["user"].choices = [("", _("Someone without an account")), *people_choices(staff)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("user") and not (data.get("name") or "").strip():
            self.add_error("name", _("Choose a member of staff, or write the name of someone without an account"))
        return data

    def chosen_user(self) -> Any:
        return self.staff.get(self.cleaned_data.get("user") or "")


class ResultsForm(forms.Form):
    attended = forms.BooleanField(label=_("Attended"), required=False)
    score_before = score_field(_("Score before, 0 to 100 (optional)"))
    score_after = score_field(_("Score after, 0 to 100 (optional)"))


class SupervisionForm(forms.Form):
    office = forms.ChoiceField(label=_("Office"), error_messages={"required": CHOOSE, "invalid_choice": CHOOSE})
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=SupervisionSession.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE, "invalid_choice": CHOOSE},
    )
    held_on = date_field(_("Held on"))
    hours = hours_field(max_digits=4, message=_("Enter the hours as a number, like 2 or 1.5"))
    supervisor = text_field(_("Supervisor"), max_length=200)
    participants = forms.MultipleChoiceField(
        label=_("Who took part"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose who took part"), "invalid_choice": CHOOSE},
    )
    topics = text_field(_("Topics, without names of the people served"), max_length=4000, textarea=True)

    def __init__(self, *args: Any, offices: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offices = {str(o.id): o for o in offices}
        self.staff = {str(u.id): u for u in staff}
        self.fields["office"].choices = [(key, o.name) for key, o in self.offices.items()]  # type: ignore[attr-defined]
        self.fields["participants"].choices = people_choices(staff)  # type: ignore[attr-defined]

    def chosen(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "office": self.offices[data["office"]],
            "kind": data["kind"],
            "held_on": data["held_on"],
            "hours": data["hours"],
            "supervisor": data["supervisor"],
            "topics": data["topics"],
            "participants": [self.staff[key] for key in data["participants"]],
        }


class ActionForm(forms.Form):
    what = text_field(_("What was agreed"), max_length=500)
    who = forms.ChoiceField(
        label=_("Who does it (optional)"), required=False, error_messages={"invalid_choice": CHOOSE}
    )
    due_on = date_field(_("By"))

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {str(u.id): u for u in staff}
        self.fields["who"].choices = [("", _("Nobody in particular")), *people_choices(staff)]  # type: ignore[attr-defined]

    def chosen_who(self) -> Any:
        return self.staff.get(self.cleaned_data.get("who") or "")


class DoneForm(forms.Form):
    done_on = date_field(_("Done on (empty: not done yet)"), required=False)


class CompetenceForm(forms.Form):
    """A level for each competence of the framework; an empty answer leaves a competence unassessed."""

    def __init__(self, *args: Any, levels: dict[Any, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.competences = list(Competence.objects.all())
        for competence in self.competences:
            self.fields[f"c_{competence.id.hex}"] = forms.TypedChoiceField(
                label=competence.name,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("not assessed")), *LEVELS],
                initial=levels.get(competence.id),
                error_messages={"invalid_choice": CHOOSE},
            )

    def chosen(self) -> list[tuple[Competence, int]]:
        return [
            (c, self.cleaned_data[f"c_{c.id.hex}"])
            for c in self.competences
            if self.cleaned_data.get(f"c_{c.id.hex}") is not None
        ]


class IndicatorForm(forms.Form):
    name = text_field(_("Indicator"), max_length=300)
    project = text_field(_("Project (optional)"), max_length=200, required=False)
    rule = forms.ChoiceField(
        label=_("How it is counted"),
        choices=RULE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE, "invalid_choice": CHOOSE},
    )
    margin = forms.IntegerField(
        label=_("For improved competences: the score after must be at least this many points above the score before"),
        initial=10,
        min_value=0,
        max_value=100,
        error_messages={
            "required": _("Enter a whole number from 0 to 100"),
            "invalid": _("Enter a whole number from 0 to 100"),
            "min_value": _("Enter a whole number from 0 to 100"),
            "max_value": _("Enter a whole number from 0 to 100"),
        },
    )
    target = forms.IntegerField(
        label=_("Target"),
        min_value=0,
        error_messages={
            "required": _("Enter the target as a whole number"),
            "invalid": _("Enter the target as a whole number"),
            "min_value": _("Enter the target as a whole number"),
        },
    )
    starts_on = date_field(_("From"))
    ends_on = date_field(_("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end of the period cannot be before its start"))
        return data
