"""The demo's staff accounts: known credentials and login tokens, printed by `grizha demo`; never for
production. One account per role, at the central office, and a front-office specialist in a mayoralty."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django_otp.plugins.otp_static.models import StaticDevice

from grizha.accounts.models import Membership
from grizha.accounts.roles import Role
from grizha.accounts.services import DEMO_DEVICE
from grizha.territory.models import Office


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    token: str
    role: Role
    mayoralty: str = ""  # a mayoralty's code: a member of that office; else of the central office
    superuser: bool = False

    @property
    def role_label(self) -> str:
        return str(self.role.label)


DEMO_ACCOUNTS = (
    DemoAccount("admin", "grizha-admin-demo", "10203040", Role.ADMINISTRATOR, superuser=True),
    DemoAccount("editor", "grizha-editor-demo", "20304050", Role.CATALOG_EDITOR),
    DemoAccount("frontoffice", "grizha-front-demo", "30405060", Role.FRONT_OFFICE),
    DemoAccount("caseworker", "grizha-case-demo", "40506070", Role.CASE_WORKER),
    DemoAccount("manager", "grizha-manager-demo", "50607080", Role.OFFICE_MANAGER),
    DemoAccount("bikovo", "grizha-bikovo-demo", "60708090", Role.FRONT_OFFICE, mayoralty="SLV20-01"),
    DemoAccount("analyst", "grizha-analyst-demo", "70809010", Role.ANALYST),
    DemoAccount("dpo", "grizha-dpo-demo", "80901020", Role.DATA_PROTECTION),
    DemoAccount("national", "grizha-national-demo", "90102030", Role.NATIONAL_ANALYST),
    DemoAccount("nationaleditor", "grizha-nationaleditor-demo", "11213141", Role.NATIONAL_EDITOR),
)


def _office(account: DemoAccount) -> Office | None:
    offices = Office.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY).order_by("name", "id")
    if account.mayoralty:
        return offices.filter(kind=Office.Kind.MAYORALTY, mayoralty_id=account.mayoralty).first()
    return offices.filter(kind=Office.Kind.CENTRAL).first()


@transaction.atomic
def ensure_demo_accounts() -> list[DemoAccount]:
    """Create the demo accounts that are missing (existing ones keep their passwords), each with its
    office and role, and make sure each printed token works."""
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
            if account.role in (Role.CATALOG_EDITOR, Role.NATIONAL_EDITOR):
                user.user_permissions.set(catalog_permissions)
        office = _office(account)
        if office is not None:
            Membership.objects.get_or_create(user=user, office=office, role=account.role)
        device, _created = StaticDevice.objects.get_or_create(user=user, name=DEMO_DEVICE)
        device.token_set.get_or_create(token=account.token)
    return list(DEMO_ACCOUNTS)


def demo_account(username: str) -> DemoAccount:
    return next(account for account in DEMO_ACCOUNTS if account.username == username)
