"""Forms of referrals: the staff list's filters, a new referral, each step of its lifecycle, its
follow-up; and the receiver's answer through the signed link. Validated on the server only; messages say
what to do, the same in the error summary and beside the field."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grizha.casework.lifecycle import Step
from grizha.casework.models import Referral
from grizha.casework.selectors.referrals import ALL_FILTER, OPEN_FILTER, ReferralFilters
from grizha.catalog.models import Organization, Service

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SERVICE, ORGANIZATION = "service", "organization"
SUCCESSFUL, UNSUCCESSFUL = "successful", "unsuccessful"
DATE_MESSAGE = _("Enter a real date, for example 2026-12-31")
NOTE_MESSAGE = _("The note must be 500 characters or fewer")
REASON_CHOICES = [("", _("Choose the reason")), *Referral.Reason.choices]


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": NOTE_MESSAGE},
    )


def _reason_field(label: StrOrPromise, message: StrOrPromise, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=REASON_CHOICES,
        error_messages={"required": message, "invalid_choice": message},
    )


# --- the list's filters ---------------------------------------------------------------------------------

WHO_CHOICES = (("office", _("Everyone's in my offices")), ("mine", _("Only the ones I follow")))


class ReferralFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(OPEN_FILTER, _("Open (not yet closed)")), (ALL_FILTER, _("Any status")), *Referral.Status.choices],
        error_messages={"invalid_choice": _("Choose a status from the list")},
    )
    who = forms.ChoiceField(
        label=_("Whose referrals"),
        required=False,
        choices=WHO_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose whose referrals to show")},
    )
    overdue = forms.BooleanField(label=_("Only those whose follow-up date has passed"), required=False)

    def __init__(self, data: Any, **kwargs: Any) -> None:
        # Always bound, to the query string; what it leaves out shows as the default.
        data = data.copy()
        data.setdefault("status", OPEN_FILTER)
        data.setdefault("who", "office")
        super().__init__(data, **kwargs)

    def filters(self) -> ReferralFilters:
        """The filters asked for; a value that is not one of the choices counts as not given."""
        data = self.cleaned_data if self.is_valid() else {}
        return ReferralFilters(
            status=data.get("status") or OPEN_FILTER, mine=data.get("who") == "mine", overdue=bool(data.get("overdue"))
        )


# --- a new referral -------------------------------------------------------------------------------------


class ReferralForm(forms.Form):
    receiver = forms.ChoiceField(
        label=_("Refer to"),
        error_messages={
            "required": _("Choose the service or the institution to refer to"),
            "invalid_choice": _("Choose the service or the institution to refer to"),
        },
    )
    needs = forms.MultipleChoiceField(
        label=_("What the person needs (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select only needs from the list")},
    )
    why = forms.CharField(
        label=_("Why you refer the person"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Say why you refer the person, so that the receiver knows what to do"),
            "max_length": _("Why you refer the person must be 2000 characters or fewer"),
        },
    )
    follow_up_on = forms.DateField(
        label=_("Follow up on"),
        required=False,
        error_messages={"invalid": DATE_MESSAGE},
    )

    def __init__(
        self,
        *args: Any,
        services: list[Service],
        organizations: list[Organization],
        needs: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.services = {str(s.pk): s for s in services}
        self.organizations = {str(o.pk): o for o in organizations}
        self.receiver_groups = [
            (_("Services"), [(f"{SERVICE}:{key}", s.name) for key, s in self.services.items()]),
            (
                _("Institutions and organisations"),
                [(f"{ORGANIZATION}:{key}", o.name) for key, o in self.organizations.items()],
            ),
        ]
        _choice(self, "receiver").choices = self.receiver_groups
        _choice(self, "needs").choices = needs

    def clean_follow_up_on(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("follow_up_on")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("The follow-up date must be today or later"), code="past")
        return day

    def chosen_receiver(self) -> tuple[Service | None, Organization | None]:
        kind, _sep, key = self.cleaned_data["receiver"].partition(":")
        if kind == SERVICE:
            return self.services[key], None
        return None, self.organizations[key]


# --- the steps of the lifecycle, on the referral's page --------------------------------------------------


@dataclass(frozen=True)
class StepText:
    heading: StrOrPromise
    button: StrOrPromise
    hint: StrOrPromise = ""


STEP_TEXTS: dict[str, StepText] = {
    "send": StepText(
        _("Send the referral"),
        _("Send the referral"),
        _("The receiver is e-mailed a link to accept or decline it, with the person's name only if they agreed."),
    ),
    "accept": StepText(
        _("The receiver accepted"),
        _("Record that it was accepted"),
        _("When the receiver tells you by phone or in person. They can also answer through their link."),
    ),
    "decline": StepText(_("The receiver declined"), _("Record that it was declined")),
    "start": StepText(_("The service started"), _("Record that the service started")),
    "close": StepText(_("Close the referral"), _("Close the referral")),
    "withdraw": StepText(
        _("Withdraw the referral"),
        _("Withdraw the referral"),
        _("For example when the person no longer wants it. Let the receiver know."),
    ),
}


class ReferralStepForm(forms.Form):
    """One step of the lifecycle; its fields are named with the step as prefix, since a referral's page
    has one form per step it may take."""

    outcome = forms.ChoiceField(
        label=_("Did the person get the help they needed?"),
        choices=((SUCCESSFUL, _("Yes: closed as successful")), (UNSUCCESSFUL, _("No: closed as unsuccessful"))),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether the referral was successful"),
            "invalid_choice": _("Select whether the referral was successful"),
        },
    )

    def __init__(self, *args: Any, step: Step, **kwargs: Any) -> None:
        kwargs["prefix"] = step.action
        super().__init__(*args, **kwargs)
        self.step = step
        self.text = STEP_TEXTS[step.action]
        if step.action != "close":
            del self.fields["outcome"]
        if step.action == "decline":
            self.fields["reason"] = _reason_field(_("Why did they decline?"), _("Select why the receiver declined"))
        elif step.action == "close":
            self.fields["reason"] = _reason_field(
                _("If not, why not?"), _("Select why the referral was not successful"), required=False
            )
        if step.action != "send":
            self.fields["note"] = _note_field()

    @property
    def successful(self) -> bool:
        return self.cleaned_data.get("outcome") == SUCCESSFUL

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == UNSUCCESSFUL and not data.get("reason") and "reason" not in self.errors:
            self.add_error("reason", _("Select why the referral was not successful"))
        if data.get("outcome") == SUCCESSFUL:
            data["reason"] = ""
        return data


# --- the follow-up --------------------------------------------------------------------------------------


class FollowUpForm(forms.Form):
    follow_up_on = forms.DateField(
        label=_("Follow up on"),
        error_messages={"required": _("Enter the follow-up date"), "invalid": DATE_MESSAGE},
    )
    assigned_to = forms.ChoiceField(
        label=_("Who follows it"),
        error_messages={
            "required": _("Choose who follows the referral"),
            "invalid_choice": _("Choose who follows the referral"),
        },
    )

    def __init__(self, *args: Any, followers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.followers = {str(u.pk): u for u in followers}
        _choice(self, "assigned_to").choices = [
            ("", _("Choose a member of staff")),
            *((key, u.get_full_name() or u.get_username()) for key, u in self.followers.items()),
        ]

    def clean_follow_up_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["follow_up_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The follow-up date must be today or later"), code="past")
        return day

    def follower(self) -> User:
        return self.followers[self.cleaned_data["assigned_to"]]


# --- the receiver's answer, through the signed link ------------------------------------------------------

ANSWER_LABELS: dict[str, StrOrPromise] = {
    "accept": _("Yes, we accept the referral"),
    "decline": _("No, we cannot take the referral"),
    "start": _("The service has started"),
}


class ReceiverAnswerForm(forms.Form):
    """Every answer a receiver may give is valid here; the page offers those the referral's state allows,
    and the service refuses one that came too late (someone answered first)."""

    answer = forms.ChoiceField(
        label=_("Do you accept the referral?"),
        choices=list(ANSWER_LABELS.items()),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether you accept the referral"),
            "invalid_choice": _("Select whether you accept the referral"),
        },
    )
    reason = _reason_field(
        _("If you cannot take it, why not?"), _("Select why you cannot take the referral"), required=False
    )
    note = _note_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "decline" and not data.get("reason") and "reason" not in self.errors:
            self.add_error("reason", _("Select why you cannot take the referral"))
        return data
