"""The front office's pages under /staff/: the work queue, consultations, people, referrals, requests
and appointments. Every view is gated by `staff_required` and reads through scoped selectors."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from grizha.accounts.decorators import staff_required


@staff_required()
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "casework/staff/home.html", {"staff_section": "queue"})
