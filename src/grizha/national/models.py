"""What the national catalogue keeps of its own: the last check of each service's HSDS record against the
official schema, and when each catalog editor was last reminded of their stale services."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grizha.core.models import UUIDModel


class HsdsCheck(UUIDModel):
    """A service's HSDS 3.0 JSON as last checked against the official schema (grizha.national.freshness).

    Validating the whole country takes a minute, so a periodic task does it and the national dashboard
    counts these rows; the `fingerprint` of the JSON lets a check skip every record that has not changed."""

    service = models.OneToOneField(
        "catalog.Service", verbose_name=_("service"), on_delete=models.CASCADE, related_name="hsds_check"
    )
    fingerprint = models.CharField(_("fingerprint of the checked record"), max_length=64)
    error_count = models.PositiveIntegerField(_("number of errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("HSDS check")
        verbose_name_plural = _("HSDS checks")
        ordering = ["-checked_at", "id"]

    def __str__(self) -> str:
        return f"{self.service_id}: {self.error_count}"


class EditorReminder(UUIDModel):
    """When a catalog editor was last e-mailed the list of their stale services, and the language they
    last used the freshness pages in (the reminder is written in it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="freshness_reminder"
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder to a catalog editor")
        verbose_name_plural = _("reminders to catalog editors")
        ordering = ["user", "id"]

    def __str__(self) -> str:
        return str(self.user)
