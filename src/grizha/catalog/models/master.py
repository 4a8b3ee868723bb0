"""National master descriptions (written once, by a national editor) from which a municipality's service
derives, overriding only what is local; and the changes of a master a municipality has to review.

A derived service stores the merged result in its own columns, so every reader (pages, leaflets, exports,
screening, search) sees it without knowing about masters; `grizha.catalog.masters` keeps it merged."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grizha.catalog.models.iisda import IisdaFields
from grizha.catalog.models.service import AccessStepFields
from grizha.core.models import UUIDModel

# The texts written once nationally, in every language (translated columns of both masters and services).
MASTER_TEXT_FIELDS = (
    "name",
    "alternate_name",
    "description",
    "easy_read",
    "eligibility_description",
    "application_process",
    "fees_description",
    "wait_time",
    "legal_basis",
    "result_validity",
    "appeal_body",
)


class MasterDescription(IisdaFields, UUIDModel):
    code = models.SlugField(
        _("code"), max_length=100, unique=True, help_text=_("A short name in Latin letters, such as home-patronage.")
    )
    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    easy_read = models.TextField(
        _("easy-read summary"), blank=True, help_text=_("A few short sentences in plain, easy words.")
    )
    eligibility_description = models.TextField(_("who can use it"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    fees_description = models.TextField(_("fees"), blank=True)
    wait_time = models.TextField(_("waiting time"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)

    class Meta:
        verbose_name = _("national description")
        verbose_name_plural = _("national descriptions")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class MasterTerm(UUIDModel):
    """A taxonomy term of a master, with what it means (`Attribute.link_type`) and its value."""

    master = models.ForeignKey(MasterDescription, on_delete=models.CASCADE, related_name="master_terms")
    taxonomy_term = models.ForeignKey("catalog.TaxonomyTerm", verbose_name=_("term"), on_delete=models.CASCADE)
    link_type = models.CharField(_("meaning"), max_length=100)
    value = models.TextField(_("value"), blank=True)

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        ordering = ["link_type", "id"]

    def __str__(self) -> str:
        return f"{self.link_type}: {self.taxonomy_term_id}"


class MasterStep(AccessStepFields, UUIDModel):
    master = models.ForeignKey(
        MasterDescription, verbose_name=_("national description"), on_delete=models.CASCADE, related_name="steps"
    )

    class Meta:
        verbose_name = _("access step")
        verbose_name_plural = _("access steps")
        ordering = ["master", "position", "id"]


class MasterDocument(UUIDModel):
    master = models.ForeignKey(
        MasterDescription, verbose_name=_("national description"), on_delete=models.CASCADE, related_name="documents"
    )
    document = models.CharField(_("document"), max_length=500)
    uri = models.URLField(_("link"), max_length=500, blank=True)
    register_check = models.CharField(_("from a register"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["master", "created_at", "id"]

    def __str__(self) -> str:
        return self.document


class MasterReview(UUIDModel):
    """A master's field changed where a municipality had its own text: shown side by side until decided."""

    class Status(models.TextChoices):
        PENDING = "pending", _("to review")
        TAKEN = "taken", _("national text taken")
        KEPT = "kept", _("own text kept")

    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("service"), on_delete=models.CASCADE, related_name="master_reviews"
    )
    field = models.CharField(_("field"), max_length=60)
    before = models.JSONField(_("national text before"))
    after = models.JSONField(_("national text now"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("change of a national description to review")
        verbose_name_plural = _("changes of national descriptions to review")
        ordering = ["-created_at", "id"]
        constraints = [
            # A newer change of the same field replaces the pending one (the review shows the latest).
            models.UniqueConstraint(
                fields=["service", "field"],
                condition=models.Q(status="pending"),
                name="master_review_one_pending_per_field",
            ),
        ]
        indexes = [models.Index(fields=["status", "service"])]

    def __str__(self) -> str:
        return f"{self.service_id}: {self.field}"
