"""Applications for municipal services: what an editor sets up for a service (its questions, the documents
only the person can give, the register checks that replace certificates, each with its legal basis), and
what a person (or a specialist on their behalf) submits, with what the registers answered."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grizha.applications.storage import private_storage
from grizha.core.models import UUIDModel
from grizha.registers.contract import CHECKS
from grizha.registers.labels import REGISTER_NAMES


class ApplicationType(UUIDModel):
    """The application form of one service."""

    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("service"), on_delete=models.PROTECT, related_name="application_types"
    )
    title = models.CharField(_("name of the form"), max_length=200)
    introduction = models.TextField(_("what the person needs to know before starting"), blank=True)
    consent_text = models.TextField(_("consent to the register checks and to keeping the data"))
    declaration_text = models.TextField(_("declaration the person makes when sending"))
    is_active = models.BooleanField(_("open for applications"), default=True)

    class Meta:
        verbose_name = _("application type")
        verbose_name_plural = _("application types")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Fact(models.TextChoices):
    """What a register says that a person's answer can be compared with (grizha.applications.comparison)."""

    BIRTH_DATE = "birth_date", _("date of birth (population register)")
    PERMANENT_SETTLEMENT = "permanent_settlement", _("settlement of the permanent address")
    CURRENT_SETTLEMENT = "current_settlement", _("settlement of the current address")
    HOUSEHOLD_SIZE = "household_size", _("people in the family (population register)")
    DISABILITY = "disability", _("has a disability decision (TELK/NELK)")
    PENSION = "pension", _("pension, euro a month")
    JOB_SEEKER = "job_seeker", _("registered with the Employment Agency")
    SOCIAL_SERVICES = (
        "social_services",
        _("receives a social service decided by the Social Assistance Agency"),
    )


class Question(UUIDModel):
    class Kind(models.TextChoices):
        TEXT = "text", _("short text")
        LONG_TEXT = "long_text", _("long text")
        YES_NO = "yes_no", _("yes or no")
        CHOICE = "choice", _("one of a list")
        DATE = "date", _("date")
        NUMBER = "number", _("whole number")

    application_type = models.ForeignKey(
        ApplicationType, verbose_name=_("application type"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(_("key"), max_length=50, help_text=_("The answer's name in exports, e.g. household_size."))
    section = models.CharField(_("section of the task list"), max_length=100, blank=True)
    label = models.CharField(_("question"), max_length=300)
    hint = models.CharField(_("hint"), max_length=500, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    options = models.TextField(_("the choices, one a line"), blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)
    compare_with = models.CharField(
        _("compare the answer with the register's"),
        max_length=30,
        choices=Fact.choices,
        blank=True,
        help_text=_("Staff see the answer beside what the register says, and a difference is highlighted."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["application_type", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["application_type", "key"], name="question_key_unique_in_type"),
            models.CheckConstraint(
                condition=~Q(kind="choice") | ~Q(options=""),
                name="question_choice_has_options",
                violation_error_message=_("List the choices, one a line"),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def option_list(self) -> list[str]:
        """The choices in the language of the moment."""
        return _lines(self.options)

    @property
    def options_in_every_language(self) -> set[str]:
        """A choice made in either language (a person may change language half way) is a choice."""
        return {option for code, _name in settings.LANGUAGES for option in _lines(getattr(self, f"options_{code}", ""))}


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class DocumentRequirement(UUIDModel):
    """A document the person uploads, or one a register's answer stands for (`register_check`): when the
    form asks that register and the person agrees to the register checks, the document is not asked for
    unless the person prefers to send it (grizha.applications.services.evidence)."""

    application_type = models.ForeignKey(
        ApplicationType, verbose_name=_("application type"), on_delete=models.CASCADE, related_name="documents"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("document"), max_length=200)
    hint = models.CharField(_("hint"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    register_check = models.CharField(
        _("from a register"),
        max_length=40,
        blank=True,
        choices=list(REGISTER_NAMES.items()),
        help_text=_(
            "The register whose answer stands for this document, so the person need not send it. It counts "
            "only when the form also asks that register (its register checks). Empty: the person uploads it."
        ),
    )

    class Meta:
        verbose_name = _("document to upload")
        verbose_name_plural = _("documents to upload")
        ordering = ["application_type", "position", "name"]

    def __str__(self) -> str:
        return self.name


class RegistryCheck(UUIDModel):
    """A register asked instead of a certificate, with the law that allows it and what it is used for."""

    application_type = models.ForeignKey(
        ApplicationType, verbose_name=_("application type"), on_delete=models.CASCADE, related_name="registry_checks"
    )
    check_name = models.CharField(_("check"), max_length=40, choices=[(c, c) for c in CHECKS])
    law_reason = models.CharField(_("legal basis"), max_length=500)
    purpose = models.CharField(_("what the answer is used for"), max_length=300)

    class Meta:
        verbose_name = _("register check")
        verbose_name_plural = _("register checks")
        ordering = ["application_type", "check_name"]
        constraints = [
            models.UniqueConstraint(fields=["application_type", "check_name"], name="registry_check_once_in_type"),
            models.CheckConstraint(condition=~Q(law_reason=""), name="registry_check_has_legal_basis"),
        ]

    def __str__(self) -> str:
        return self.check_name


class Application(UUIDModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("application", "received")
        IN_REVIEW = "in_review", pgettext_lazy("application", "being considered")
        NEEDS_INFORMATION = "needs_information", pgettext_lazy("application", "waiting for information from you")
        APPROVED = "approved", pgettext_lazy("application", "approved")
        REFUSED = "refused", pgettext_lazy("application", "refused")
        REFERRED = "referred", pgettext_lazy("application", "referred elsewhere")
        WITHDRAWN = "withdrawn", pgettext_lazy("application", "withdrawn")

    class Registers(models.TextChoices):
        NONE = "none", _("no register checks")
        PENDING = "pending", _("being checked")
        WAITING = "waiting", _("waiting for a register that does not answer")
        DONE = "done", _("checked")

    application_type = models.ForeignKey(
        ApplicationType, verbose_name=_("application type"), on_delete=models.PROTECT, related_name="applications"
    )
    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    # The same key sent twice (a double click, a retry, two tabs) finds the first application.
    submission_key = models.UUIDField(_("submission key"), unique=True, editable=False)
    follow_code_hash = models.CharField(max_length=64, editable=False)
    office = models.ForeignKey(
        "territory.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="applications"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted on the person's behalf by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    identifier = models.CharField(_("EGN or LNCh"), max_length=10)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=8, default="bg")
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # What stands for each document asked for, by requirement id: {"name", "source": "register" or
    # "document", "check"} (grizha.applications.services.evidence).
    evidence = models.JSONField(_("where each document comes from"), default=dict, blank=True)
    consent_given_at = models.DateTimeField(_("consent given at"))
    declared_at = models.DateTimeField(_("declaration made at"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    registers = models.CharField(_("register checks"), max_length=10, choices=Registers.choices, default=Registers.NONE)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("considered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["office", "status", "created_at"])]

    def __str__(self) -> str:
        return self.reference


class RegistryResult(UUIDModel):
    """What one register answered for an application, or that it is still to be asked."""

    class Status(models.TextChoices):
        PENDING = "pending", _("not asked yet")
        OK = "ok", _("answered")
        NOT_FOUND = "not-found", _("the register holds nothing on the person")
        ERROR = "error", _("the register did not answer")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="registry_results"
    )
    check_name = models.CharField(_("check"), max_length=40, choices=[(c, c) for c in CHECKS])
    law_reason = models.CharField(_("legal basis"), max_length=500)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    data = models.JSONField(_("answer"), default=dict, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True, db_index=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("register answer")
        verbose_name_plural = _("register answers")
        ordering = ["application", "check_name"]
        constraints = [
            models.UniqueConstraint(fields=["application", "check_name"], name="registry_result_once_per_check"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.check_name}"


class ApplicationEvent(UUIDModel):
    """One step in the life of an application (grizha.applications.lifecycle), with what was said."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("application", "received")
        TAKEN = "taken", pgettext_lazy("application", "taken up for consideration")
        INFORMATION_REQUESTED = "information_requested", pgettext_lazy("application", "asked for more information")
        INFORMATION_GIVEN = "information_given", pgettext_lazy("application", "information given")
        APPROVED = "approved", pgettext_lazy("application", "approved")
        REFUSED = "refused", pgettext_lazy("application", "refused")
        REFERRED = "referred", pgettext_lazy("application", "referred elsewhere")
        WITHDRAWN = "withdrawn", pgettext_lazy("application", "withdrawn")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("step"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The question put to the person, the reason of a decision, or the person's answer.
    message = models.TextField(_("message"), blank=True)
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("step of an application")
        verbose_name_plural = _("steps of applications")
        ordering = ["application", "created_at"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind}"


def _upload_path(document: ApplicationDocument, filename: str) -> str:
    """Where an upload is kept: by day and a random name; the person's file name is kept only in the row."""
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(document.content_type, "bin")
    return f"{timezone.now():%Y/%m}/{document.id}.{extension}"


class ApplicationDocument(UUIDModel):
    """A document the person uploaded, kept outside the web root (grizha.applications.storage). It
    belongs to the form it was uploaded with (`draft_key`, the submission key) until the application
    is sent, and then to the application."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    draft_key = models.UUIDField(_("submission key of the form"), db_index=True, editable=False)
    requirement = models.ForeignKey(
        DocumentRequirement,
        verbose_name=_("document asked for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=_upload_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("kind of file"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("uploaded document")
        verbose_name_plural = _("uploaded documents")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.original_name
