"""Staff log in with a password and a second factor; repeated failures lock the username out."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from grizha.accounts.roles import Role
from grizha.accounts.services import backup_codes_issue
from grizha.accounts.testing import PASSWORD, log_in, staff_member
from grizha.core.models import AuditEvent
from grizha.demo.accounts import DEMO_ACCOUNTS, demo_account, ensure_demo_accounts

pytestmark = pytest.mark.django_db

LOGIN = "/staff/login/"


def attempt(client: Client, username: str, password: str, code: str, **extra: str) -> object:
    return client.post(LOGIN, {"username": username, "password": password, "otp_token": code, **extra})


def totp_now(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_the_login_page_asks_for_username_password_and_code(client: Client) -> None:
    page = client.get(LOGIN).content.decode()
    assert '<html lang="bg"' in page
    for field in ("id_username", "id_password", "id_otp_token"):
        assert f'id="{field}"' in page
    assert 'autocomplete="one-time-code"' in page


def test_a_backup_code_logs_in_once() -> None:
    user = staff_member(Role.FRONT_OFFICE)
    code = backup_codes_issue(user=user)[0]
    first = attempt(Client(), user.username, PASSWORD, code)
    assert first.status_code == 302 and first["Location"] == "/staff/"
    again = attempt(Client(), user.username, PASSWORD, code)
    assert again.status_code == 200
    assert "not right" in again.content.decode() or "не са верни" in again.content.decode()


def test_an_authenticator_code_logs_in_and_the_session_is_verified() -> None:
    user = staff_member(Role.CASE_WORKER)
    device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)
    client = Client()
    assert attempt(client, user.username, PASSWORD, totp_now(device), next="/staff/screening/").status_code == 302
    assert client.get("/staff/screening/").status_code == 200


def test_a_right_password_without_a_right_code_does_not_log_in() -> None:
    user = staff_member(Role.FRONT_OFFICE)
    backup_codes_issue(user=user)
    client = Client()
    client.cookies["django_language"] = "en"
    response = attempt(client, user.username, PASSWORD, "00000000")
    page = response.content.decode()
    assert "Error:" in page and "The username, the password or the code is not right" in page
    assert client.get("/staff/").status_code == 302


def test_the_next_page_must_be_on_this_site() -> None:
    user = staff_member(Role.FRONT_OFFICE)
    code = backup_codes_issue(user=user)[0]
    response = attempt(Client(), user.username, PASSWORD, code, next="https://evil.example/")
    assert response["Location"] == "/staff/"


def test_five_wrong_codes_lock_the_username_out_even_with_the_right_code_after(settings: object) -> None:
    user = staff_member(Role.FRONT_OFFICE)
    code = backup_codes_issue(user=user)[0]
    client = Client()
    for _ in range(5):
        attempt(client, user.username, PASSWORD, "12345678")
    locked = attempt(client, user.username, PASSWORD, code)
    assert locked.status_code == 429
    assert "15" in locked.content.decode()
    assert AccessAttempt.objects.filter(username=user.username).exists()


def test_five_wrong_passwords_lock_the_username_out() -> None:
    user = staff_member(Role.FRONT_OFFICE)
    code = backup_codes_issue(user=user)[0]
    client = Client()
    for _ in range(5):
        attempt(client, user.username, "wrong password", code)
    assert attempt(client, user.username, PASSWORD, code).status_code == 429


def test_a_citizen_account_without_staff_status_cannot_log_in() -> None:
    user = get_user_model().objects.create_user("citizen", password=PASSWORD)
    StaticDevice.objects.create(user=user, name="x").token_set.create(token="11112222")
    assert attempt(Client(), "citizen", PASSWORD, "11112222").status_code == 200


def test_the_admin_asks_for_the_second_factor(client: Client) -> None:
    user = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    client.force_login(user)  # a password alone
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/staff/login/?next=/admin/"
    log_in(client, user)
    assert client.get("/admin/").status_code == 200


def test_logging_in_and_out_is_audited(client: Client) -> None:
    user = staff_member(Role.FRONT_OFFICE)
    code = backup_codes_issue(user=user)[0]
    attempt(client, user.username, PASSWORD, code)
    assert client.post("/staff/logout/").status_code == 302
    actions = list(AuditEvent.objects.filter(actor=user).order_by("at", "id").values_list("action", flat=True))
    assert actions[-2:] == ["grizha.staff.logged_in", "grizha.staff.logged_out"]
    assert client.get("/staff/").status_code == 302


def test_every_demo_account_logs_in_with_its_printed_token_more_than_once() -> None:
    ensure_demo_accounts()
    for account in DEMO_ACCOUNTS:
        for _ in range(2):
            client = Client()
            response = attempt(client, account.username, account.password, account.token)
            assert response.status_code == 302, account.username


def test_the_demo_has_an_account_for_every_role() -> None:
    assert {account.role for account in DEMO_ACCOUNTS} == set(Role)
    assert demo_account("bikovo").mayoralty == "SLV20-01"


def test_login_codes_prints_new_backup_codes(capsys: pytest.CaptureFixture[str]) -> None:
    user = staff_member(Role.ADMINISTRATOR)
    call_command("login-codes", user.username, "--count", "3")
    codes = capsys.readouterr().out.split()
    assert len(codes) == 3 and all(len(code) == 8 and code.isdigit() for code in codes)
    assert attempt(Client(), user.username, PASSWORD, codes[1]).status_code == 302
    with pytest.raises(CommandError):
        call_command("login-codes", "nobody")
