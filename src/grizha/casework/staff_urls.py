"""The front office's pages; mounted at /staff/ (outside the language prefixes: staff choose theirs)."""

from django.urls import path

from grizha.casework.views import staff

urlpatterns = [
    path("", staff.home, name="staff-home"),
]
