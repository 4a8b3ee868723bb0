"""Personal data of the people the municipality serves (DESIGN.md, Trust): kept here and nowhere else.

For now: requests to be called back by the front office after a screening."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from grizha.casework.validators import validate_bulgarian_phone
from grizha.core.models import UUIDModel


class CallbackRequest(UUIDModel):
    """A person asks the front office to phone them about the services a screening found."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        HANDLED = "handled", _("handled")

    class BestTime(models.TextChoices):
        ANY = "any", _("Any time in working hours")
        MORNING = "morning", _("In the morning (9:00 to 12:00)")
        AFTERNOON = "afternoon", _("In the afternoon (12:00 to 17:00)")

    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="callback_requests",
        help_text=_("The municipality whose front office is asked to call."),
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20, validators=[validate_bulgarian_phone])
    best_time = models.CharField(_("best time to call"), max_length=10, choices=BestTime.choices, default=BestTime.ANY)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=[("bg", "български"), ("en", "English")])
    needs = models.JSONField(_("needs"), default=list, blank=True, help_text=_("Codes of bg-need stated."))
    service_ids = models.JSONField(_("services found"), default=list, blank=True)
    consent_given_at = models.DateTimeField(
        _("consent given at"), help_text=_("When the person agreed that the phone number is used for this call only.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)

    class Meta:
        verbose_name = _("call-back request")
        verbose_name_plural = _("call-back requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.name}"
