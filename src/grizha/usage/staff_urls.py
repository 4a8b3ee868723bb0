"""Editors' view of feedback, page views and searches that found nothing, under /staff/usage/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from grizha.usage.views import staff

app_name = "usage-staff"
urlpatterns: list[URLPattern | URLResolver] = [*staff.urlpatterns]
