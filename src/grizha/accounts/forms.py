"""The staff login (password and second factor on one page) and the confirmation of a new authenticator."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp import match_token
from django_otp.models import Device

WRONG_LOGIN = _("The username, the password or the code is not right. Check them and try again")


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=150, error_messages={"required": _("Enter your username")}
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": _("Enter your password")},
    )
    otp_token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The six digits your authenticator app shows now, or one of your backup codes."),
        error_messages={"required": _("Enter the code from your authenticator app or a backup code")},
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: Any = None
        self.device: Device | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        user = authenticate(self.request, username=data["username"], password=data["password"])
        if user is None or not user.is_staff:
            raise forms.ValidationError(WRONG_LOGIN, code="wrong_login")
        device = match_token(user, data["otp_token"].replace(" ", ""))
        if device is None:
            # A wrong code counts towards the lockout as a wrong password does (django-axes listens).
            user_login_failed.send(sender=__name__, credentials={"username": data["username"]}, request=self.request)
            raise forms.ValidationError(WRONG_LOGIN, code="wrong_login")
        self.user, self.device = user, device
        return data


class ConfirmDeviceForm(forms.Form):
    otp_token = forms.CharField(
        label=_("The code your app shows now"),
        max_length=6,
        error_messages={"required": _("Enter the six digits your authenticator app shows")},
    )
