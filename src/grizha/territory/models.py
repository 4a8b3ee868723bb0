"""The territory of Bulgaria by the NSI's EKATTE classification, and the municipality's offices."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from grizha.core.contrast import validate_accent
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


class Site(UUIDModel):
    """One host name this installation answers to: a municipality's site, or, without a municipality,
    the national catalogue across all of them (grizha.territory.sites)."""

    host = models.CharField(
        _("host name"),
        max_length=253,
        unique=True,
        help_text=_("The name visitors type, in lower case and without a port, like social.sliven.bg."),
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sites",
        help_text=_("Leave empty for the national catalogue of every municipality's services."),
    )
    base_url = models.URLField(
        _("base address"),
        help_text=_("The address links, e-mails and QR codes point to, like https://social.sliven.bg."),
    )
    name = models.CharField(
        _("name in the header"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty for “Municipality of …”."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        blank=True,
        validators=[validate_accent],
        help_text=_("Of the header and buttons, like #00616b; white text on it needs a contrast of 4.5:1."),
    )
    logo = models.URLField(_("logo address"), blank=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["host"]
        constraints = [
            models.CheckConstraint(condition=Q(host=Lower("host")), name="site_host_lower_case"),
        ]

    def __str__(self) -> str:
        return self.host

    def clean(self) -> None:
        super().clean()
        self.host = self.host.strip().lower()
        self.base_url = self.base_url.strip().rstrip("/")
        if ":" in self.host or "/" in self.host:
            raise ValidationError({"host": _("Enter the host name alone, without a port or a path.")})
        scheme, _sep, rest = self.base_url.partition("://")
        loopback = rest.split("/")[0].split(":")[0] in ("localhost", "127.0.0.1")
        if scheme != "https" and not loopback:
            raise ValidationError({"base_url": _("Enter an address that starts with https://.")})
