"""Controlled vocabularies and the attributes that tag records with their terms (HSDS taxonomy,
taxonomy_term, attribute). Our own vocabularies are those of taxonomy/taxonomies.json."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grizha.core.models import UUIDModel


class Taxonomy(UUIDModel):
    code = models.SlugField(
        _("code"),
        max_length=100,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Set for grizha's own vocabularies, such as bg-need."),
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    uri = models.URLField(_("URI"), max_length=500, blank=True)
    version = models.CharField(_("version"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(UUIDModel):
    taxonomy = models.ForeignKey(
        Taxonomy,
        verbose_name=_("taxonomy"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="terms",
    )
    code = models.CharField(_("code"), max_length=200, blank=True)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent term"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        related_name="children",
    )
    taxonomy_name = models.CharField(_("taxonomy name"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    term_uri = models.URLField(_("term URI"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        ordering = ["taxonomy", "position", "name", "id"]
        indexes = [models.Index(fields=["taxonomy", "code"])]

    def __str__(self) -> str:
        return self.name


class Attribute(UUIDModel):
    """Tags a record with a taxonomy term; `link_type` says what the tag means (CONTRACTS section 4)."""

    class LinkType(models.TextChoices):
        SERVICE_TYPE = "service_type", _("service type")
        ACTIVITY_KIND = "activity_kind", _("kind of activity")
        ACCESS_ROUTE = "access_route", _("access route")
        AUDIENCE = "audience", _("intended for")
        ELIGIBILITY = "eligibility", _("only for / condition")
        NEED = "need", _("need met")
        ACCESSIBILITY = "accessibility", _("accessibility")

    taxonomy_term = models.ForeignKey(
        TaxonomyTerm,
        verbose_name=_("term"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="attributes",
    )
    link_type = models.CharField(_("meaning"), max_length=100, blank=True)
    link_entity = models.CharField(_("linked record kind"), max_length=100, blank=True)
    value = models.TextField(_("value"), blank=True)
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="attributes",
    )
    location = models.ForeignKey(
        "catalog.Location",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="attributes",
    )
    organization = models.ForeignKey(
        "catalog.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="attributes",
    )
    # Attributes of any other HSDS record (a phone, a schedule, ...) keep its id here.
    other_link_id = models.UUIDField(_("linked record id"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        ordering = ["link_type", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        service__isnull=False,
                        location__isnull=True,
                        organization__isnull=True,
                        other_link_id__isnull=True,
                    )
                    | Q(
                        service__isnull=True,
                        location__isnull=False,
                        organization__isnull=True,
                        other_link_id__isnull=True,
                    )
                    | Q(
                        service__isnull=True,
                        location__isnull=True,
                        organization__isnull=False,
                        other_link_id__isnull=True,
                    )
                    | Q(
                        service__isnull=True,
                        location__isnull=True,
                        organization__isnull=True,
                        other_link_id__isnull=False,
                    )
                ),
                name="attribute_links_exactly_one_record",
            ),
        ]

    def __str__(self) -> str:
        term = self.taxonomy_term.name if self.taxonomy_term_id and self.taxonomy_term else ""
        return f"{self.link_type}: {term}{' = ' + self.value if self.value else ''}"

    @property
    def link_id(self) -> object:
        return self.service_id or self.location_id or self.organization_id or self.other_link_id
