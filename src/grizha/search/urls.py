"""Suggestions while typing; mounted at search/ under i18n_patterns (Bulgarian at /, English at /en/)."""

from django.urls import path

from grizha.search import views

urlpatterns = [
    path("suggest", views.suggest, name="search-suggest"),
    path("suggestions/", views.suggestion_page, name="search-suggestions"),
]
