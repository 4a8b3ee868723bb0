"""Staff pages: referrals (filled in by the front-office work)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
