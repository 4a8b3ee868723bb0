"""Services, the places where they are given, and how to get them (HSDS service, location,
service_at_location; access steps and capacity are grizha's own)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grizha.catalog.models.iisda import IisdaFields
from grizha.core.models import UUIDModel

# Videos that the page plays in a <video> element; any other address is linked to.
VIDEO_FILE_EXTENSIONS = (".mp4", ".m4v", ".webm", ".ogv")


class Service(IisdaFields, UUIDModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")
        DEFUNCT = "defunct", _("defunct")
        TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")

    organization = models.ForeignKey(
        "catalog.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        related_name="services",
    )
    program = models.ForeignKey(
        "catalog.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        related_name="services",
    )
    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    master = models.ForeignKey(
        "catalog.MasterDescription",
        verbose_name=_("national description"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services",
        help_text=_("The service follows this national description, except where you write your own text."),
    )
    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    easy_read = models.TextField(
        _("easy-read summary"), blank=True, help_text=_("A few short sentences in plain, easy words.")
    )
    sign_language_video = models.URLField(
        _("video in Bulgarian sign language"),
        max_length=500,
        blank=True,
        help_text=_("The address of a video that tells about the service in Bulgarian sign language."),
    )
    sign_language_captions = models.URLField(
        _("captions of the sign-language video"),
        max_length=500,
        blank=True,
        help_text=_("If the video is a file on this site: the address of its captions, a WebVTT (.vtt) file."),
    )
    sign_language_description = models.TextField(
        _("what the sign-language video says"),
        blank=True,
        help_text=_("A short description of the video, shown under it, for people who do not sign."),
    )
    url = models.URLField(_("website"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    interpretation_services = models.TextField(_("interpretation services"), blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    fees_description = models.TextField(_("fees"), blank=True)
    fees = models.TextField(_("fees (HSDS, deprecated)"), blank=True)
    wait_time = models.TextField(_("waiting time"), blank=True)
    accreditations = models.TextField(_("accreditations"), blank=True)
    licenses = models.TextField(_("licences"), blank=True)
    eligibility_description = models.TextField(_("who can use it"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    alert = models.TextField(_("alert"), blank=True)
    assured_date = models.DateField(_("last verified"), null=True, blank=True)
    assurer_email = models.EmailField(_("verified by (e-mail)"), blank=True)
    last_modified = models.DateTimeField(_("last modified"), default=timezone.now)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="service_age_range_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "municipality"]),
            # The order of every list of services (pages and the HSDS API): by Bulgarian name.
            models.Index(fields=["name_bg", "id"], name="catalog_service_name_bg_id"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sign_language_video_is_file(self) -> bool:
        """Whether the video is a file a browser plays itself (else a page, such as a video site's)."""
        path = urlsplit(self.sign_language_video).path.lower()
        return path.endswith(VIDEO_FILE_EXTENSIONS)


class Location(UUIDModel):
    class LocationType(models.TextChoices):
        PHYSICAL = "physical", _("physical")
        POSTAL = "postal", _("postal")
        VIRTUAL = "virtual", _("virtual")

    location_type = models.CharField(
        _("type"), max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    organization = models.ForeignKey(
        "catalog.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        related_name="locations",
    )
    settlement = models.ForeignKey(
        "territory.Settlement",
        verbose_name=_("settlement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="locations",
    )
    name = models.CharField(_("name"), max_length=300, blank=True)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("how to get there"), blank=True)
    url = models.URLField(_("website"), max_length=500, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    external_identifier = models.CharField(_("external identifier"), max_length=100, blank=True)
    external_identifier_type = models.CharField(_("external identifier type"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name or str(self.id)


class ServiceAtLocation(UUIDModel):
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, verbose_name=_("place"), on_delete=models.CASCADE, related_name="service_at_locations"
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("service at a place")
        verbose_name_plural = _("services at places")
        ordering = ["service", "location__name"]

    def __str__(self) -> str:
        return f"{self.service} — {self.location}"


class AccessStepFields(models.Model):
    """One step of 'how to get it': what to do, who does it, where, what to bring, how long it takes."""

    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("what to do"), max_length=300)
    who = models.CharField(_("who"), max_length=300, blank=True)
    where = models.CharField(_("where"), max_length=300, blank=True)
    bring = models.TextField(_("what to bring"), blank=True)
    duration = models.CharField(_("how long it takes"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class AccessStep(AccessStepFields, UUIDModel):
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="access_steps"
    )

    class Meta:
        verbose_name = _("access step")
        verbose_name_plural = _("access steps")
        ordering = ["service", "position", "id"]


class Capacity(models.Model):
    service = models.OneToOneField(
        Service, verbose_name=_("service"), primary_key=True, on_delete=models.CASCADE, related_name="capacity"
    )
    places = models.PositiveIntegerField(_("places"), null=True, blank=True)
    occupied = models.PositiveIntegerField(_("occupied"), null=True, blank=True)
    waiting = models.PositiveIntegerField(_("on the waiting list"), null=True, blank=True)
    # The National Map of Social Services: the most users the state funds, and the decision that says so.
    funded_places = models.PositiveIntegerField(_("places funded by the state (National Map)"), null=True, blank=True)
    funding_decision = models.CharField(
        _("decision on the funded places"),
        max_length=300,
        blank=True,
        help_text=_("For example: Council of Ministers Decision No 1000 of 2024."),
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("capacity")
        verbose_name_plural = _("capacity")

    def __str__(self) -> str:
        return f"{self.occupied or 0}/{self.places or 0}"

    @property
    def free(self) -> int | None:
        if self.places is None or self.occupied is None:
            return None
        return max(self.places - self.occupied, 0)
