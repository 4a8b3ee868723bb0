"""Citizens' pages of no domain; mounted under i18n_patterns (Bulgarian at /, English at /en/)."""

from django.urls import path

from grizha.core import views

urlpatterns = [
    path("display/", views.display_preferences, name="display"),
]
