"""Writes of staff accounts: memberships, second-factor devices and backup codes, logging in and out."""

from __future__ import annotations

import secrets

from django.contrib.auth import login, logout
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from grizha.accounts.models import Membership
from grizha.core.audit import log_action, register_actions
from grizha.territory.models import Office

BACKUP_DEVICE = "backup codes"
AUTHENTICATOR_DEVICE = "authenticator app"
# The demo's accounts keep the token `grizha demo` printed, so that it can be typed again.
DEMO_DEVICE = "grizha demo"

register_actions(
    {
        "grizha.staff.logged_in": _("logged in"),
        "grizha.staff.logged_out": _("logged out"),
        "grizha.staff.authenticator_added": _("added an authenticator app"),
        "grizha.staff.backup_codes_issued": _("was given new backup codes"),
        "grizha.staff.membership_granted": _("was given a role in an office"),
    }
)


@transaction.atomic
def membership_grant(*, user: User, office: Office, role: str, by: User | None = None) -> Membership:
    membership, _created = Membership.objects.get_or_create(user=user, office=office, role=role)
    log_action("grizha.staff.membership_granted", actor=by, obj=user, office=office.pk, data={"role": role})
    return membership


@transaction.atomic
def backup_codes_issue(*, user: User, count: int = 10, by: User | None = None) -> list[str]:
    """New backup codes for `user`, replacing the old ones: each works once. Shown once, never stored
    anywhere else; the first ones let a new member of staff log in and add their authenticator app."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE)
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(count)]
    for code in codes:
        device.token_set.create(token=code)
    log_action("grizha.staff.backup_codes_issued", actor=by, obj=user)
    return codes


def authenticator_start(*, user: User) -> TOTPDevice:
    """An authenticator not yet confirmed: its secret is shown as a QR code until a code proves it works."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_DEVICE, confirmed=False)


@transaction.atomic
def authenticator_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm a new authenticator with a code it shows; the older authenticators stop working."""
    if not device.verify_token(token.strip()):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    log_action("grizha.staff.authenticator_added", actor=device.user, obj=device.user)
    return True


def staff_login(*, request: HttpRequest, user: User, device: Device, token: str) -> None:
    """Log in a member of staff whose password and code were checked (LoginForm)."""
    login(request, user)
    otp_login(request, device)
    if isinstance(device, StaticDevice) and device.name == DEMO_DEVICE:
        # Static tokens work once; the demo's printed one is put back so that it can be typed again.
        device.token_set.get_or_create(token=token)
    log_action("grizha.staff.logged_in", actor=user, obj=user)


def staff_logout(*, request: HttpRequest) -> None:
    if request.user.is_authenticated:
        log_action("grizha.staff.logged_out", actor=request.user, obj=request.user)
    logout(request)
