"""Writes of the catalog that are not the admin's own forms: each typed, keyword-only and audited."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grizha.catalog.models import Service
from grizha.core.audit import log_action, register_actions

register_actions({"grizha.catalog.service.verified": _("checked the service and confirmed it is up to date")})


@transaction.atomic
def service_verify(*, service: Service, user: User) -> Service:
    """Record that `user` checked the service today and found it right (HSDS assured_date, assurer_email)."""
    service.assured_date = timezone.localdate()
    service.assurer_email = user.email or user.get_username()
    # Only these two columns: verifying must not fail, or rewrite, because another field of an imported
    # record is not as the admin's form would want it (and a username is kept when there is no e-mail).
    service.save(update_fields=["assured_date", "assurer_email", "updated_at"])
    log_action(
        "grizha.catalog.service.verified",
        actor=user,
        obj=service,
        data={"assured_date": service.assured_date.isoformat(), "municipality": service.municipality_id},
    )
    return service
