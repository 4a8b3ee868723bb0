"""Display preferences a visitor chooses on the site (larger text, high contrast, more spacing, less
motion): kept in one cookie, read on every request, and shown as classes on <html> (grizha.css, part 12).

They work without JavaScript and without an account. Only the names below are ever read from the cookie,
so a tampered cookie changes nothing but the visitor's own display."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

COOKIE_NAME = "grizha_display"
COOKIE_MAX_AGE = 365 * 24 * 3600

# The preferences in the order of the form; each becomes the class `pref-<name>` on <html>.
PREFERENCES = {
    "large-text": _("Larger text"),
    "high-contrast": _("High contrast: white and yellow on black"),
    "spacing": _("More space between lines, words and letters"),
    "reduce-motion": _("Reduce motion"),
}


def preferences_from(request: HttpRequest) -> tuple[str, ...]:
    """The visitor's known preferences, in a fixed order; anything else in the cookie is ignored."""
    chosen = set((request.COOKIES.get(COOKIE_NAME) or "")[:200].split("."))
    return tuple(name for name in PREFERENCES if name in chosen)


def html_classes(preferences: tuple[str, ...]) -> str:
    return " ".join(f"pref-{name}" for name in preferences)


def remember(response: HttpResponse, preferences: tuple[str, ...]) -> None:
    """Keep the preferences for a year; none chosen forgets them."""
    if not preferences:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
        return
    response.set_cookie(
        COOKIE_NAME,
        ".".join(preferences),
        max_age=COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def safe_next(request: HttpRequest, url: str) -> str | None:
    """`url` if it is a path on this site (never another site's address), else None."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


class DisplayForm(forms.Form):
    large_text = forms.BooleanField(required=False, label=PREFERENCES["large-text"])
    high_contrast = forms.BooleanField(required=False, label=PREFERENCES["high-contrast"])
    spacing = forms.BooleanField(required=False, label=PREFERENCES["spacing"])
    reduce_motion = forms.BooleanField(required=False, label=PREFERENCES["reduce-motion"])
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    @classmethod
    def for_preferences(cls, preferences: tuple[str, ...], next_url: str) -> DisplayForm:
        initial: dict[str, object] = {name.replace("-", "_"): True for name in preferences}
        return cls(initial={**initial, "next": next_url})

    def preferences(self) -> tuple[str, ...]:
        return tuple(name for name in PREFERENCES if self.cleaned_data.get(name.replace("-", "_")))

    def choices(self) -> list[forms.BoundField]:
        return [self[name.replace("-", "_")] for name in PREFERENCES]
