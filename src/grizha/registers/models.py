"""The register call log: every question put to a national register through RegiX, with its legal basis,
so that a person can be told who looked at their data, when and why. It keeps no answer and no personal
number: the case or application it was for (`service_uri`) links it to the person."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grizha.core.models import UUIDModel
from grizha.registers.contract import CHECKS


class RegisterCall(UUIDModel):
    class Outcome(models.TextChoices):
        OK = "ok", _("answered")
        NOT_FOUND = "not-found", _("the register holds nothing on the person")
        ERROR = "error", _("error")

    check_name = models.CharField(_("check"), max_length=40, choices=[(c, c) for c in CHECKS])
    operation = models.CharField(_("operation"), max_length=200)
    law_reason = models.CharField(_("legal basis"), max_length=500)
    service_uri = models.CharField(_("application or case"), max_length=100, blank=True, db_index=True)
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_person = models.CharField(_("responsible person (calls the system makes)"), max_length=100, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("register call")
        verbose_name_plural = _("register calls")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(law_reason=""), name="register_call_has_legal_basis"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.check_name}"
