"""The staff pages of analytics; mounted at /staff/."""

from django.urls import URLPattern

from grizha.analytics.views import staff

urlpatterns: list[URLPattern] = [*staff.urlpatterns]
