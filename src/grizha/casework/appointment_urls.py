"""Booking an appointment on the public site; mounted at /appointments/ under i18n_patterns."""

from django.urls import URLPattern, path

from grizha.casework.views.public import appointments as views

app_name = "appointments"
urlpatterns: list[URLPattern] = [
    path("", views.choose_office, name="office"),
    path("time/", views.choose_time, name="time"),
    path("details/", views.details, name="details"),
    path("check/", views.check, name="check"),
    path("booked/", views.booked, name="booked"),
    path("cancel/<str:token>/", views.cancel, name="cancel"),
    path("cancel/<str:token>/done/", views.cancelled, name="cancelled"),
]
