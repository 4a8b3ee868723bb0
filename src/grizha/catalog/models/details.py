"""The smaller HSDS records that hang off services, places and organizations.

HSDS data may refer to records another system holds (a phone of an organization not yet imported), so
these links carry no database constraint: the importer keeps such references and warns about them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from grizha.core.models import UUIDModel


class Address(UUIDModel):
    class AddressType(models.TextChoices):
        PHYSICAL = "physical", _("physical")
        POSTAL = "postal", _("postal")
        VIRTUAL = "virtual", _("virtual")

    location = models.ForeignKey(
        "catalog.Location",
        verbose_name=_("place"),
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="addresses",
    )
    attention = models.CharField(_("attention"), max_length=200, blank=True)
    address_1 = models.CharField(_("street and number"), max_length=300)
    address_2 = models.CharField(_("address line 2"), max_length=300, blank=True)
    city = models.CharField(_("settlement"), max_length=100)
    region = models.CharField(_("region"), max_length=100, blank=True)
    state_province = models.CharField(_("province"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, default="BG")
    address_type = models.CharField(_("type"), max_length=10, choices=AddressType.choices, default=AddressType.PHYSICAL)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["location", "address_type", "id"]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.address_1, self.postal_code, self.city) if part)


class Contact(UUIDModel):
    organization = models.ForeignKey(
        "catalog.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="contacts",
    )
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="contacts",
    )
    service_at_location = models.ForeignKey(
        "catalog.ServiceAtLocation",
        verbose_name=_("service at a place"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="contacts",
    )
    location = models.ForeignKey(
        "catalog.Location",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name or self.title or self.email


class Phone(UUIDModel):
    location = models.ForeignKey(
        "catalog.Location",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="phones",
    )
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="phones",
    )
    organization = models.ForeignKey(
        "catalog.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="phones",
    )
    contact = models.ForeignKey(
        "catalog.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="phones",
    )
    service_at_location = models.ForeignKey(
        "catalog.ServiceAtLocation",
        verbose_name=_("service at a place"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="phones",
    )
    number = models.CharField(_("number"), max_length=50)
    extension = models.PositiveIntegerField(_("extension"), null=True, blank=True)
    type = models.CharField(_("type"), max_length=20, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")
        ordering = ["number", "id"]

    def __str__(self) -> str:
        return self.number


class Schedule(UUIDModel):
    """Opening hours as an iCalendar-style rule (HSDS schedule)."""

    class Weekday(models.TextChoices):
        MO = "MO", _("Monday")
        TU = "TU", _("Tuesday")
        WE = "WE", _("Wednesday")
        TH = "TH", _("Thursday")
        FR = "FR", _("Friday")
        SA = "SA", _("Saturday")
        SU = "SU", _("Sunday")

    class Frequency(models.TextChoices):
        WEEKLY = "WEEKLY", _("weekly")
        MONTHLY = "MONTHLY", _("monthly")

    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="schedules",
    )
    location = models.ForeignKey(
        "catalog.Location",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="schedules",
    )
    service_at_location = models.ForeignKey(
        "catalog.ServiceAtLocation",
        verbose_name=_("service at a place"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="schedules",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    dtstart = models.DateField(_("first occurrence"), null=True, blank=True)
    timezone = models.IntegerField(_("UTC offset"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    wkst = models.CharField(_("week starts on"), max_length=2, choices=Weekday.choices, blank=True)
    freq = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, blank=True)
    interval = models.PositiveIntegerField(_("interval"), null=True, blank=True)
    byday = models.CharField(_("days"), max_length=100, blank=True, help_text=_("For example MO,TU,WE,TH,FR"))
    byweekno = models.CharField(_("weeks of the year"), max_length=100, blank=True)
    bymonthday = models.CharField(_("days of the month"), max_length=100, blank=True)
    byyearday = models.CharField(_("days of the year"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    schedule_link = models.URLField(_("schedule link"), max_length=500, blank=True)
    attending_type = models.CharField(_("attending type"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["opens_at", "id"]

    def __str__(self) -> str:
        return self.description or f"{self.byday} {self.opens_at}–{self.closes_at}"


class CostOption(UUIDModel):
    class Tier(models.TextChoices):
        NORMAL = "normal", _("normal")
        FAST = "fast", _("fast")
        EXPRESS = "express", _("express")

    class Payment(models.TextChoices):
        CASH = "cash", _("in cash")
        CARD = "card", _("by card")
        BANK = "bank-transfer", _("by bank transfer")
        ONLINE = "online", _("online")

    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="cost_options",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    option = models.CharField(_("option"), max_length=300, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    amount_description = models.TextField(_("amount description"), blank=True)
    # IISDA's fee tiers: how fast the result comes for the amount; empty for a service with one fee.
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, blank=True)
    payment_methods = models.JSONField(_("ways to pay"), default=list, blank=True)

    class Meta:
        verbose_name = _("cost option")
        verbose_name_plural = _("cost options")
        ordering = ["service", "amount", "id"]

    def __str__(self) -> str:
        return self.option or str(self.amount)


class RequiredDocument(UUIDModel):
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="required_documents",
    )
    document = models.CharField(_("document"), max_length=500)
    uri = models.URLField(_("link"), max_length=500, blank=True)
    register_check = models.CharField(
        _("from a register"),
        max_length=40,
        blank=True,
        help_text=_(
            "The register check (RegiX) whose answer stands for this document, so people need not bring it. "
            "Empty: people bring or upload it."
        ),
    )

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["service", "created_at", "id"]

    def __str__(self) -> str:
        return self.document


class ServiceArea(UUIDModel):
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="service_areas",
    )
    name = models.CharField(_("name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    extent = models.TextField(_("extent"), blank=True)
    extent_type = models.CharField(_("extent type"), max_length=50, blank=True)
    uri = models.CharField(_("URI"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        ordering = ["service", "name", "id"]

    def __str__(self) -> str:
        return self.name or self.uri


class Language(UUIDModel):
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="languages",
    )
    location = models.ForeignKey(
        "catalog.Location",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="languages",
    )
    phone = models.ForeignKey(
        "catalog.Phone",
        verbose_name=_("phone"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="languages",
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    code = models.CharField(_("code"), max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["code", "id"]

    def __str__(self) -> str:
        return self.name or self.code


class Accessibility(UUIDModel):
    location = models.ForeignKey(
        "catalog.Location",
        verbose_name=_("place"),
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="accessibility",
    )
    description = models.TextField(_("description"), blank=True)
    details = models.TextField(_("details"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("accessibility")
        verbose_name_plural = _("accessibility")
        ordering = ["location", "id"]

    def __str__(self) -> str:
        return self.description or self.details


class Funding(UUIDModel):
    organization = models.ForeignKey(
        "catalog.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="funding",
    )
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="funding",
    )
    source = models.TextField(_("source"))

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        ordering = ["source", "id"]

    def __str__(self) -> str:
        return self.source


class OrganizationIdentifier(UUIDModel):
    organization = models.ForeignKey(
        "catalog.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="organization_identifiers",
    )
    identifier_scheme = models.CharField(_("scheme"), max_length=100, blank=True)
    identifier_type = models.CharField(_("type"), max_length=100)
    identifier = models.CharField(_("identifier"), max_length=100)

    class Meta:
        verbose_name = _("organization identifier")
        verbose_name_plural = _("organization identifiers")
        ordering = ["identifier_type", "id"]

    def __str__(self) -> str:
        return f"{self.identifier_type}: {self.identifier}"
