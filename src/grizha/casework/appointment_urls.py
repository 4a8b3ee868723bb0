"""Booking an appointment on the public site; mounted at /appointments/ under i18n_patterns."""

from django.urls import URLPattern

app_name = "appointments"
urlpatterns: list[URLPattern] = []
