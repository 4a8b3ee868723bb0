"""The staff pages of training; mounted at /staff/."""

from django.urls import URLPattern

from grizha.training.views import staff

urlpatterns: list[URLPattern] = [*staff.urlpatterns]
