"""The territory of Bulgaria by the NSI's EKATTE classification, and the municipality's offices."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grizha.core.models import UUIDModel


class Municipality(models.Model):
    code = models.CharField(_("EKATTE code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    oblast_code = models.CharField(_("province code"), max_length=3)
    oblast_name = models.CharField(_("province"), max_length=100, blank=True)
    centre = models.ForeignKey(
        "Settlement",
        verbose_name=_("administrative centre"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Mayoralty(models.Model):
    """A кметство: the villages served by one mayor, named after its central settlement."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="mayoralties"
    )
    centre = models.ForeignKey(
        "Settlement",
        verbose_name=_("central settlement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mayoralty")
        verbose_name_plural = _("mayoralties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Settlement(models.Model):
    class Kind(models.TextChoices):
        TOWN = "гр.", _("town")
        VILLAGE = "с.", _("village")
        MONASTERY = "ман.", _("monastery")

    ekatte = models.CharField(_("EKATTE code"), max_length=5, primary_key=True)
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="settlements"
    )
    mayoralty = models.ForeignKey(
        Mayoralty,
        verbose_name=_("mayoralty"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="settlements",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["name", "ekatte"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """'гр. Сливен' in Bulgarian; English names go without the prefix."""
        from django.utils.translation import get_language

        if get_language() == "en":
            return self.name
        return f"{self.kind} {self.name}"


class Office(UUIDModel):
    """A place of the municipality where people are served: the centre, a mayoralty, a service point."""

    class Kind(models.TextChoices):
        CENTRAL = "central", _("central administration")
        MAYORALTY = "mayoralty", _("mayoralty")
        SERVICE_POINT = "service_point", _("service point")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="offices"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    mayoralty = models.ForeignKey(
        Mayoralty,
        verbose_name=_("mayoralty"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offices",
    )
    name = models.CharField(_("name"), max_length=200)
    settlement = models.ForeignKey(
        Settlement, verbose_name=_("settlement"), on_delete=models.PROTECT, related_name="offices"
    )
    address = models.CharField(_("address"), max_length=300)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="mayoralty") | Q(mayoralty__isnull=False),
                name="office_mayoralty_has_mayoralty",
            ),
        ]

    def __str__(self) -> str:
        return self.name
