"""The demo's staff accounts: known credentials, printed by `grizha demo`, never for production."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    token: str
    role: str
    superuser: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("admin", "grizha-admin-demo", "-", "municipal administrator", superuser=True),
    DemoAccount("editor", "grizha-editor-demo", "-", "catalog editor"),
)


def ensure_demo_accounts() -> list[DemoAccount]:
    """Create the demo accounts that are missing; existing ones keep their passwords."""
    User = get_user_model()
    catalog_permissions = Permission.objects.filter(
        Q(content_type__app_label__in=["catalog", "territory"])
        | Q(content_type__app_label="search", content_type__model="thesaurusentry")
    )
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=account.username, defaults={"is_staff": True, "is_superuser": account.superuser}
        )
        if created:
            user.set_password(account.password)
            user.save()
            if not account.superuser:
                user.user_permissions.set(catalog_permissions)
    return list(DEMO_ACCOUNTS)
