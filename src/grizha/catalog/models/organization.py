"""Organizations that provide services, and their programs (HSDS organization, program)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from grizha.core.models import UUIDModel


class Organization(UUIDModel):
    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    tax_status = models.CharField(_("tax status"), max_length=200, blank=True)
    tax_id = models.CharField(_("tax ID (EIK/BULSTAT)"), max_length=50, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(_("year incorporated"), null=True, blank=True)
    legal_status = models.CharField(_("legal status"), max_length=200, blank=True)
    logo = models.URLField(_("logo"), max_length=500, blank=True)
    uri = models.URLField(_("URI"), max_length=500, blank=True)
    # HSDS keeps references to parents that may not be in this database (yet).
    parent_organization = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        related_name="children",
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Program(UUIDModel):
    # HSDS lets a program's organization be given later, or not at all in a service's nested copy.
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        related_name="programs",
    )
    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
