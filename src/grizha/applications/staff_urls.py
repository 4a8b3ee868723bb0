"""The staff pages of applications; mounted at /staff/ (outside the language prefixes: staff choose theirs)."""

from django.urls import URLPattern

from grizha.applications.views import staff

urlpatterns: list[URLPattern] = [*staff.urlpatterns]
