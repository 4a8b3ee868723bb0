"""Staff login and logout, and the second factor: an authenticator app, and backup codes."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from grizha.accounts import services
from grizha.accounts.decorators import staff_required, staff_user
from grizha.accounts.forms import ConfirmDeviceForm, LoginForm
from grizha.core.forms import error_links


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("staff-home")


@never_cache
@sensitive_post_parameters("password", "otp_token")
@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        services.staff_login(request=request, user=form.user, device=form.device, token=form.cleaned_data["otp_token"])
        return redirect(_next_url(request))
    context = {"form": form, "errors": error_links(form), "next": _next_url(request)}
    return render(request, "accounts/login.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    services.staff_logout(request=request)
    messages.success(request, _("You have logged out."))
    return redirect("staff-login")


def locked_out(request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None) -> HttpResponse:
    """django-axes: too many failed attempts from this address with this username."""
    return render(request, "accounts/locked.html", status=429)


@never_cache
@staff_required()
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app (a QR code to scan, then a code to prove it works), or get new backup codes."""
    user = staff_user(request)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    form = ConfirmDeviceForm(request.POST if request.method == "POST" and "confirm" in request.POST else None)
    codes: list[str] = []
    if request.method == "POST" and "start" in request.POST:
        device = services.authenticator_start(user=user)
    elif request.method == "POST" and "codes" in request.POST:
        codes = services.backup_codes_issue(user=user, by=user)
    elif form.is_bound and device is not None and form.is_valid():
        if services.authenticator_confirm(device=device, token=form.cleaned_data["otp_token"]):
            messages.success(request, _("Your authenticator app is ready. Use its codes when you log in."))
            return redirect("staff-two-factor")
        form.add_error("otp_token", _("That code is not right. Enter the six digits the app shows now"))
    qr = (
        segno.make_qr(device.config_url, error="m").svg_inline(scale=4, title=_("QR code for your authenticator app"))
        if device
        else ""
    )
    context = {
        "device": device,
        "secret": device_secret(device) if device else "",
        "qr": qr,
        "form": form,
        "errors": error_links(form),
        "codes": codes,
        "has_authenticator": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
    }
    return render(request, "accounts/two_factor.html", context)


def device_secret(device: TOTPDevice) -> str:
    """The secret in groups of four letters, for typing into an app that cannot scan."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
