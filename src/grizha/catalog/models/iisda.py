"""What the state's register of administrative services (IISDA, the Integrated Information System of the
State Administration) records of a service: its number, the structured legal basis, the deadline, the
result's validity, the appeal body, the channels and the level of the e-service."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from grizha.core.models import UUIDModel

IISDA_RECORD_URL = "https://iisda.government.bg/adm_services/services/service_card/{number}"


class Channel(models.TextChoices):
    IN_PERSON = "in-person", _("in person")
    POST = "post", _("by post")
    ELECTRONIC = "electronic", _("online")
    PHONE = "phone", _("by phone")


class EServiceLevel(models.TextChoices):
    INFORMATION = "information", _("information only")
    FORM = "form", _("a form to download")
    APPLY = "apply", _("apply online")
    APPLY_AND_PAY = "apply-and-pay", _("apply and pay online")


class IisdaFields(models.Model):
    iisda_number = models.CharField(
        _("IISDA number"),
        max_length=10,
        blank=True,
        db_index=True,
        help_text=_("The number of the service in the Register of administrative services, such as 2004."),
    )
    decision_days = models.PositiveSmallIntegerField(_("deadline for a decision (days)"), null=True, blank=True)
    result_validity = models.CharField(
        _("validity of the result"), max_length=300, blank=True, help_text=_("For example: one year, or indefinite.")
    )
    appeal_body = models.CharField(
        _("where to appeal"), max_length=300, blank=True, help_text=_("The body, and the time limit, for an appeal.")
    )
    channels = models.JSONField(_("ways to apply"), default=list, blank=True)
    eservice_level = models.CharField(
        _("level of the e-service"), max_length=20, choices=EServiceLevel.choices, blank=True
    )

    class Meta:
        abstract = True

    @property
    def iisda_url(self) -> str:
        return IISDA_RECORD_URL.format(number=self.iisda_number) if self.iisda_number else ""


class LegalReference(UUIDModel):
    """One provision a service rests on: act, article, paragraph, point (a 'rule' in CPSV-AP)."""

    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="legal_references",
    )
    master = models.ForeignKey(
        "catalog.MasterDescription",
        verbose_name=_("national description"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="legal_references",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    act = models.CharField(_("act"), max_length=300, help_text=_("For example: Social Services Act."))
    article = models.CharField(_("article"), max_length=20, blank=True)
    paragraph = models.CharField(_("paragraph"), max_length=20, blank=True)
    point = models.CharField(_("point"), max_length=20, blank=True)
    url = models.URLField(_("link to the text"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("legal provision")
        verbose_name_plural = _("legal basis, provision by provision")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(service__isnull=False, master__isnull=True)
                | models.Q(service__isnull=True, master__isnull=False),
                name="legal_reference_of_service_or_master",
            ),
        ]

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        """The provision as it is cited: 'чл. 80, ал. 1, т. 2 от Закона за ...', 'Art. 80, para. 1, item 2 of ...'."""
        parts = []
        if self.article:
            parts.append(gettext("Art. %(article)s") % {"article": self.article})
        if self.paragraph:
            parts.append(gettext("para. %(paragraph)s") % {"paragraph": self.paragraph})
        if self.point:
            parts.append(gettext("item %(point)s") % {"point": self.point})
        where = ", ".join(parts)
        return gettext("%(where)s of the %(act)s") % {"where": where, "act": self.act} if where else self.act
