"""For tests of every app: members of staff in an office and a role, logged in with their second factor."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from grizha.accounts.models import Membership
from grizha.accounts.roles import Role
from grizha.territory.models import Office

_made = 0
PASSWORD = "a-long-test-password"  # noqa: S105 (tests only)


def office_of(kind: str = Office.Kind.CENTRAL, mayoralty: str | None = None) -> Office:
    """An office of the demo municipality: the central one, or a mayoralty's by its code."""
    offices = Office.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY, kind=kind).order_by("name", "id")
    if mayoralty:
        offices = offices.filter(mayoralty_id=mayoralty)
    office = offices.first()
    assert office is not None, f"the demo municipality has no {kind} office {mayoralty or ''}"
    return office


def staff_member(role: str = Role.FRONT_OFFICE, office: Office | None = None, **fields: Any) -> Any:
    """A new member of staff with one membership (the central office unless given)."""
    global _made
    _made += 1
    User = get_user_model()
    user = User.objects.create_user(
        username=fields.pop("username", f"staff{_made}"), password=PASSWORD, is_staff=True, **fields
    )
    Membership.objects.create(user=user, office=office or office_of(), role=role)
    return user


def log_in(client: Client, user: Any) -> Client:
    """Log `user` in as after a password and a code: the session holds a verified device."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="test")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def log_in_as(client: Client, username: str) -> Client:
    """Log in an existing account (a demo account, say) as after a password and a code."""
    return log_in(client, get_user_model().objects.get(username=username))
