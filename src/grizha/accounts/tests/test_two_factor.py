"""A member of staff adds an authenticator app by scanning a QR code and typing one code from it."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, staff_member

pytestmark = pytest.mark.django_db

PAGE = "/staff/login-codes/"


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_adding_an_authenticator_shows_a_qr_code_and_its_key(client: Client) -> None:
    log_in(client, staff_member(Role.FRONT_OFFICE))
    page = client.post(PAGE, {"start": "1"}).content.decode()
    assert "<svg" in page and "otp-secret" in page
    assert TOTPDevice.objects.filter(confirmed=False).count() == 1


def test_a_right_code_confirms_the_authenticator_and_replaces_the_old_one(client: Client) -> None:
    user = staff_member(Role.FRONT_OFFICE)
    old = TOTPDevice.objects.create(user=user, name="old", confirmed=True)
    log_in(client, user)
    client.post(PAGE, {"start": "1"})
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(PAGE, {"confirm": "1", "otp_token": code_of(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_a_wrong_code_is_explained_and_nothing_changes(client: Client) -> None:
    user = staff_member(Role.FRONT_OFFICE)
    log_in(client, user)
    client.cookies["django_language"] = "en"
    client.post(PAGE, {"start": "1"})
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(code_of(device)) + 1) % 1_000_000:06d}"
    page = client.post(PAGE, {"confirm": "1", "otp_token": wrong}).content.decode()
    assert "Error:" in page and "That code is not right" in page
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed


def test_new_backup_codes_are_shown_once(client: Client) -> None:
    log_in(client, staff_member(Role.FRONT_OFFICE))
    page = client.post(PAGE, {"codes": "1"}).content.decode()
    assert page.count("<li><code>") == 10
    assert client.get(PAGE).content.decode().count("<li><code>") == 0
