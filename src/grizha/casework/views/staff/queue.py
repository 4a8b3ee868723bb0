"""The work queue: what a specialist and their office have to do today, what is overdue, what waits on others."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from grizha.accounts.decorators import staff_required


@staff_required()
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "casework/staff/home.html", {"staff_section": "queue"})


urlpatterns: list[URLPattern] = [path("", home, name="staff-home")]
