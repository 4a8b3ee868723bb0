"""The public forms of an application: who the person is, one question a page, the declaration, a
document, following an application by its reference and code, answering a request for information, and
a document sent instead of a register's answer. Messages say what to do, the same in the error summary
and beside the field."""

from __future__ import annotations

import re
import uuid
from typing import Any
from uuid import UUID

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from grizha.applications.models import ApplicationType, DocumentRequirement, Question
from grizha.applications.services import (
    CODE_ALPHABET,
    CODE_LENGTH,
    DOCUMENT,
    REGISTER,
    RegisterPreview,
    Submission,
    answer_errors,
    answer_value,
    register_backed,
)
from grizha.casework.validators import normalise_phone, validate_bulgarian_phone
from grizha.core.forms import GuardedForm
from grizha.core.identifiers import clean_digits, looks_like_egn, validate_personal_identifier
from grizha.territory.models import Office

REFERENCE = re.compile(r"\d{4}-\d{6}")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
CHOOSE = _("Choose one of the answers in the list")
CHOOSE_LANGUAGE = _("Select one of the options on the list")
INCOMPLETE = _("The form arrived incomplete. Reload the page, check the answers and send it again")
TOO_LONG = _("Write %(limit_value)s characters or fewer")


class PersonChecks(forms.Form):
    """Who the person is, checked the same on the person's page and on the staff's form: an EGN or LNCh
    (what is wrong with it said plainly), and a Bulgarian phone number written the usual ways."""

    cleaned_data: dict[str, Any]

    def clean_identifier(self) -> str:
        value = clean_digits(self.cleaned_data["identifier"])
        try:
            validate_personal_identifier("egn" if looks_like_egn(value) else "lnch", value)
        except ValidationError as error:
            raise ValidationError(error.message_dict["identifier"]) from error
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        if value:
            validate_bulgarian_phone(value)
            return normalise_phone(value)
        return value


class IdentityForm(PersonChecks, GuardedForm):
    identifier = forms.CharField(
        label=_("Your EGN or LNCh"),
        max_length=20,
        error_messages={"required": _("Enter your EGN or LNCh")},
    )
    given_name = forms.CharField(
        label=_("Given name"), max_length=100, error_messages={"required": _("Enter your given name")}
    )
    family_name = forms.CharField(
        label=_("Family name"), max_length=100, error_messages={"required": _("Enter your family name")}
    )
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address like name@example.com")},
    )
    phone = forms.CharField(label=_("Mobile phone number (optional)"), max_length=40, required=False)
    consent = forms.BooleanField(
        error_messages={
            "required": _("Agree that the registers are asked, or apply at an office with the papers"),
        },
    )

    def identity(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in ("identifier", "given_name", "family_name", "email", "phone", "consent")}


def answer_field(question: Question) -> forms.Field:
    """The field of a question, the same on the person's page and on the staff's one-page form; what an
    answer must be is checked by the submission service (answer_errors), for everyone."""
    K = Question.Kind
    field: forms.Field
    if question.kind in (K.YES_NO, K.CHOICE):
        choices = YES_NO if question.kind == K.YES_NO else [(o, o) for o in question.option_list]
        field = forms.ChoiceField(required=False, choices=choices, widget=forms.RadioSelect)
    elif question.kind == K.LONG_TEXT:
        field = forms.CharField(required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 6}))
    else:
        field = forms.CharField(required=False, max_length=300)
    field.label = question.label
    field.help_text = question.hint
    field.error_messages |= {"invalid_choice": CHOOSE, "max_length": TOO_LONG}
    return field


class AnswerForm(forms.Form):
    """One question a page: its answer, checked as the submission will check it."""

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields["answer"] = answer_field(question)

    def clean_answer(self) -> str:
        value = answer_value(self.question, self.cleaned_data.get("answer") or "")
        errors = answer_errors([self.question], {self.question.key: value})
        if errors:
            raise ValidationError(errors[self.question.key])
        return value


class DeclarationForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    declaration = forms.BooleanField(error_messages={"required": _("Confirm the declaration to send the application")})


class DocumentForm(forms.Form):
    requirement = forms.UUIDField(widget=forms.HiddenInput, required=False)
    upload = forms.FileField(
        label=_("Choose a file"),
        error_messages={
            "required": _("Choose a file to upload"),
            "empty": _("The file is empty: choose another one"),
            "invalid": _("Choose a file to upload"),
        },
    )


class StatusForm(forms.Form):
    """A reference and the code given with it. A mistake in the format is said plainly; a reference
    and code that do not belong together get one message, whatever the reason."""

    reference = forms.CharField(
        label=_("Reference number"), max_length=20, error_messages={"required": _("Enter the reference number")}
    )
    code = forms.CharField(
        label=_("Code"), max_length=20, error_messages={"required": _("Enter the code you were given")}
    )

    def clean_reference(self) -> str:
        value = "".join(self.cleaned_data["reference"].split())
        if not REFERENCE.fullmatch(value):
            raise ValidationError(_("Enter the reference number as it is written, like 2026-000123"))
        return value

    def clean_code(self) -> str:
        value = "".join(self.cleaned_data["code"].upper().replace("-", "").split())
        if len(value) != CODE_LENGTH or any(character not in CODE_ALPHABET for character in value):
            raise ValidationError(
                _("Enter the code as it is written: %(length)s Latin letters and digits") % {"length": CODE_LENGTH}
            )
        return value


class InformationForm(forms.Form):
    message = forms.CharField(
        label=_("Your answer"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Write your answer to the office"),
            "max_length": TOO_LONG,
        },
    )
    upload = forms.FileField(label=_("A document (optional)"), required=False)


class DocumentInsteadForm(forms.Form):
    """The person sends a document themselves instead of a register's answer: the register is wrong, or
    they prefer the paper."""

    requirement = forms.UUIDField(
        widget=forms.HiddenInput, error_messages={"required": INCOMPLETE, "invalid": INCOMPLETE}
    )
    upload = forms.FileField(
        label=_("The document"),
        error_messages={
            "required": _("Choose the file of the document"),
            "empty": _("The file is empty: choose another one"),
            "invalid": _("Choose the file of the document"),
        },
    )
    message = forms.CharField(
        label=_("What is wrong with the register's answer (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TOO_LONG},
    )


EVIDENCE_CHOICES = [
    (REGISTER, _("Use the register's answer")),
    (DOCUMENT, _("The person will bring the document")),
]


class OnBehalfForm(PersonChecks):
    """The whole application on one page, filled in by a member of staff with the person beside them."""

    identifier = forms.CharField(
        label=_("EGN or LNCh"),
        max_length=20,
        error_messages={"required": _("Enter the person's EGN or LNCh")},
    )
    given_name = forms.CharField(
        label=_("Given name"),
        max_length=100,
        error_messages={"required": _("Enter the person's given name")},
    )
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=100,
        error_messages={"required": _("Enter the person's family name")},
    )
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        error_messages={"invalid": _("Enter the e-mail address like name@example.com")},
    )
    phone = forms.CharField(label=_("Mobile phone (optional)"), max_length=40, required=False)
    language = forms.ChoiceField(
        label=_("Language of the messages to the person"),
        choices=settings.LANGUAGES,
        initial="bg",
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_LANGUAGE, "invalid_choice": CHOOSE_LANGUAGE},
    )
    consent = forms.BooleanField(
        label=_("The person agreed that the registers may be asked"),
        error_messages={"required": _("Confirm that the person agreed to the register checks")},
    )
    declaration = forms.BooleanField(
        label=_("The person made the declaration"),
        error_messages={"required": _("Confirm that the person made the declaration")},
    )
    submission_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, application_type: ApplicationType, previewing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.application_type = application_type
        # Asking the registers before sending needs only who the person is and their consent.
        self.previewing = previewing
        self.questions = list(application_type.questions.all())
        self.requirements: list[DocumentRequirement] = list(application_type.documents.all())
        backed = {requirement.pk for requirement in register_backed(application_type)}
        # The answers go between the identity and the consent, as on paper; then the documents (what
        # stands for each, and its scan) and the declaration.
        tail = {name: self.fields.pop(name) for name in ("consent", "declaration", "submission_key")}
        for question in self.questions:
            self.fields[_answer_name(question)] = answer_field(question)
        self.fields["consent"] = tail.pop("consent")
        for requirement in self.requirements:
            if requirement.pk in backed:
                self.fields[f"evidence_{requirement.pk}"] = forms.ChoiceField(
                    label=_("What stands for this document"),
                    choices=EVIDENCE_CHOICES,
                    initial=REGISTER,
                    required=False,
                    widget=forms.RadioSelect,
                    error_messages={"invalid_choice": CHOOSE},
                )
            self.fields[f"document_{requirement.pk}"] = forms.FileField(
                label=_("A scan or photo of the document"),
                required=False,
                error_messages={"empty": _("The file is empty: choose another one")},
            )
        self.fields |= tail
        # A choice not sent (the page shown again before it was made) is the register's answer.
        unsent = {n: REGISTER for n in self.fields if n.startswith("evidence_") and not self.data.get(n)}
        if self.is_bound and unsent:
            self.data = {**dict(self.data.items()), **unsent}
        if previewing:
            for name in ("given_name", "family_name", "language", "declaration"):
                self.fields[name].required = False

    def document_fields(self, requirement: DocumentRequirement) -> tuple[forms.BoundField | None, forms.BoundField]:
        """The choice of what stands for a document (None when no register can), and its file."""
        choice = f"evidence_{requirement.pk}"
        return (self[choice] if choice in self.fields else None), self[f"document_{requirement.pk}"]

    def uploads(self) -> list[tuple[str, DocumentRequirement, Any]]:
        """The files chosen on this page: the field, the document and the file."""
        data = getattr(self, "cleaned_data", {})
        found = [(f"document_{r.pk}", r, data.get(f"document_{r.pk}")) for r in self.requirements]
        return [(name, requirement, upload) for name, requirement, upload in found if upload]

    def paper(self) -> frozenset[UUID]:
        """The documents a register could answer for that the person will bring."""
        data = self.cleaned_data
        return frozenset(r.pk for r in self.requirements if data.get(f"evidence_{r.pk}") == DOCUMENT)

    def answer_fields(self) -> list[tuple[Question, forms.BoundField]]:
        return [(q, self[_answer_name(q)]) for q in self.questions]

    def key(self) -> UUID:
        """The key that makes the same form sent twice one application: the one it was shown with."""
        posted: UUID | None = getattr(self, "cleaned_data", {}).get("submission_key")
        return posted or uuid.uuid4()

    def clean_submission_key(self) -> UUID | None:
        try:
            return UUID(self.cleaned_data.get("submission_key") or "")
        except ValueError:
            return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("submission_key"):
            raise ValidationError(INCOMPLETE)
        return data

    def submission(self, office: Office, preview: RegisterPreview | None = None) -> Submission:
        data = self.cleaned_data
        return Submission(
            application_type=self.application_type,
            submission_key=data["submission_key"],
            identifier=data["identifier"],
            given_name=data["given_name"],
            family_name=data["family_name"],
            answers={q.key: data.get(_answer_name(q)) or "" for q in self.questions},
            consent=data["consent"],
            declaration=data["declaration"],
            email=data["email"],
            phone=data["phone"],
            language=data["language"],
            office=office,
            paper=self.paper(),
            preview=preview,
        )

    def add_submission_errors(self, error: ValidationError) -> None:
        """The submission service's refusal, each message beside its field (answers are by question key)."""
        names = {q.key: _answer_name(q) for q in self.questions}
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, problems in error.message_dict.items():
            name = names.get(key, key)
            self.add_error(name if name in self.fields else None, problems)


def _answer_name(question: Question) -> str:
    return f"answer_{question.key}"
