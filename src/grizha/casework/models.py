"""Personal data of the people the municipality serves (DESIGN.md, Trust): kept here and nowhere else.

For now: requests for a home visit or a call back, sent from the public form or from a screening's
results, for the front office of the right office; and feedback about the website's accessibility."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grizha.casework.validators import validate_bulgarian_phone
from grizha.core.models import TimeStampedModel, UUIDModel


def validate_visit_needs(value: Any) -> None:
    """A list of codes of CallbackRequest.VisitNeed."""
    known = set(CallbackRequest.VisitNeed.values)
    if not isinstance(value, list) or not set(value) <= known:
        raise ValidationError(_("Select only the options on the list"), code="invalid_visit_need")


class CallbackRequest(UUIDModel):
    """A person asks the front office to phone them back or to visit them at home.

    From the public form (with a settlement, what the visit needs, and perhaps the service it is
    about) or from a screening's results (with the needs stated and the services found). The office is
    the one whose front office handles it: the mayoralty of the settlement, else the central office."""

    class Kind(models.TextChoices):
        CALL_BACK = "call_back", _("call back")
        HOME_VISIT = "home_visit", _("home visit")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        HANDLED = "handled", _("handled")

    class BestTime(models.TextChoices):
        ANY = "any", _("Any time in working hours")
        MORNING = "morning", _("In the morning (9:00 to 12:00)")
        AFTERNOON = "afternoon", _("In the afternoon (12:00 to 17:00)")

    class VisitNeed(models.TextChoices):
        """What a visit or a call needs so that the person can take part on equal terms."""

        SIGN_LANGUAGE = "sign_language", _("A Bulgarian sign language interpreter")
        INTERPRETER = "interpreter", _("An interpreter for another language, for example Turkish or Romani")
        EASY_READ = "easy_read", _("Information in easy-read")
        LARGE_PRINT = "large_print", _("Information in large print or in Braille")
        ACCESSIBLE_TRANSPORT = "accessible_transport", _("Accessible transport, if I have to come to an office")
        SAME_GENDER = "same_gender", _("A social worker of the same gender as me")

    reference = models.CharField(
        _("reference"),
        max_length=16,
        unique=True,
        editable=False,
        help_text=_("Given when the request is made, for example 2026-000123; the person quotes it."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CALL_BACK)
    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="callback_requests",
        help_text=_("The municipality whose front office is asked to call."),
    )
    settlement = models.ForeignKey(
        "territory.Settlement",
        verbose_name=_("settlement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callback_requests",
        help_text=_("Where the person lives, when stated."),
    )
    office = models.ForeignKey(
        "territory.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callback_requests",
        help_text=_("Whose front office handles the request: the settlement's mayoralty, else the central office."),
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_bulgarian_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    best_time = models.CharField(_("best time to call"), max_length=10, choices=BestTime.choices, default=BestTime.ANY)
    note = models.TextField(_("what it is about"), max_length=1000, blank=True)
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="callback_requests",
        help_text=_("The service the person asked about, when the request was made from its page."),
    )
    visit_needs = models.JSONField(
        _("what the visit needs"),
        default=list,
        blank=True,
        validators=[validate_visit_needs],
        help_text=_("Codes of the needs for the visit or call."),
    )
    language = models.CharField(_("language"), max_length=2, choices=[("bg", "български"), ("en", "English")])
    needs = models.JSONField(_("needs"), default=list, blank=True, help_text=_("Codes of bg-need stated."))
    service_ids = models.JSONField(_("services found"), default=list, blank=True)
    consent_given_at = models.DateTimeField(
        _("consent given at"),
        help_text=_("When the person agreed that their contact details are used for this request only."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)

    class Meta:
        verbose_name = _("request for a home visit or a call back")
        verbose_name_plural = _("requests for a home visit or a call back")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["municipality", "status", "created_at"]),
            models.Index(fields=["office", "status", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""),
                name="callback_request_has_contact",
                violation_error_message=_("Enter a phone number or an e-mail address"),
            ),
            models.CheckConstraint(
                condition=~Q(kind="call_back") | ~Q(phone=""),
                name="callback_request_call_back_has_phone",
                violation_error_message=_("Enter a phone number to be called back"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    @property
    def visit_need_labels(self) -> list[str]:
        labels = dict(self.VisitNeed.choices)
        return [str(labels.get(code, code)) for code in self.visit_needs]


class ReferenceCounter(TimeStampedModel):
    """The last reference number given in a year: references run 2026-000001, 2026-000002, …"""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class AccessibilityFeedback(UUIDModel):
    """A problem with the website's accessibility, reported through the accessibility statement
    (Directive (EU) 2016/2102, art. 7: the feedback mechanism)."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        HANDLED = "handled", _("handled")

    problem = models.TextField(_("what the problem was"), max_length=2000)
    page_url = models.CharField(_("page"), max_length=500, blank=True)
    contact = models.CharField(
        _("contact for a reply"), max_length=254, blank=True, help_text=_("An e-mail address or a phone number.")
    )
    language = models.CharField(_("language"), max_length=2, choices=[("bg", "български"), ("en", "English")])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)

    class Meta:
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.problem[:60]}"
