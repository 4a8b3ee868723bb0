"""Which offices each member of staff works in, and in which role."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grizha.accounts.roles import Role
from grizha.core.models import TimeStampedModel


class Membership(TimeStampedModel):
    """A member of staff works in an office in a role. A member of the central office sees the whole
    municipality; a member of a mayoralty or a service point sees that office's work only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    office = models.ForeignKey(
        "territory.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "office", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "office", "role"], name="membership_once_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.office} ({self.get_role_display()})"
