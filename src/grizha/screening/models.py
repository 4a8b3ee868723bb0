"""Anonymous need signals: what each completed screening asked for and was offered, with no personal
data, for the analysis of needs the Social Services Act requires."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from grizha.core.models import UUIDModel

# Age bands of the needs analysis: (label, lowest age, highest age).
AGE_BANDS = (
    ("0-6", 0, 6),
    ("7-17", 7, 17),
    ("18-29", 18, 29),
    ("30-64", 30, 64),
    ("65-79", 65, 79),
    ("80+", 80, 200),
)


def age_band(age: int | None) -> str:
    if age is None:
        return ""
    return next(label for label, low, high in AGE_BANDS if low <= age <= high)


class NeedSignal(UUIDModel):
    class Channel(models.TextChoices):
        CITIZEN = "citizen", _("citizen questionnaire")
        STAFF = "staff", _("staff screening")
        API = "api", _("API")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        related_name="+",
    )
    settlement = models.ForeignKey(
        "territory.Settlement",
        verbose_name=_("settlement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        related_name="+",
    )
    age_band = models.CharField(_("age band"), max_length=5, blank=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True, help_text=_("Codes stated true."))
    needs = models.JSONField(_("needs"), default=list, blank=True)
    services_offered = models.JSONField(_("services offered"), default=list, blank=True)
    eligible_count = models.PositiveIntegerField(_("services eligible"), default=0)
    maybe_count = models.PositiveIntegerField(_("services to check"), default=0)

    class Meta:
        verbose_name = _("need signal")
        verbose_name_plural = _("need signals")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.municipality_id or '-'} {', '.join(self.needs)}"
