"""Citizens' feedback on service pages."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from grizha.usage.views import public

app_name = "usage"
urlpatterns: list[URLPattern | URLResolver] = [
    path("services/<uuid:service_id>/feedback/", public.feedback, name="feedback"),
    path("services/<uuid:service_id>/feedback/thank-you/", public.feedback_sent, name="feedback-sent"),
]
