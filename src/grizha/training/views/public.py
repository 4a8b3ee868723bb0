"""Public pages of training: the page a certificate's QR code opens, which says whether the certificate is
genuine, and the certificate's PDF to print it again."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from grizha.core.ratelimit import within_rate_limit
from grizha.training.certificates import certificate_pdf
from grizha.training.models import Participant
from grizha.training.selectors.trainings import certificate_find

app_name = "training"

# Someone checking a few certificates, or an employer a pile of them; not a robot guessing numbers.
CHECKS_PER_HOUR = 30
SCOPE = "certificate-check"
TEMPLATE = "training/certificate_check.html"


def _busy(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATE, {"busy": True}, status=429)


def _not_found(request: HttpRequest, code: str) -> HttpResponse:
    """A page of its own rather than the site's 404: it names the number and says what to do."""
    return render(request, TEMPLATE, {"code": code}, status=404)


def _find(request: HttpRequest, code: str) -> Participant | HttpResponse:
    """The participant with the certificate, or the page that says why not (too many checks, no such number)."""
    if not within_rate_limit(request, scope=SCOPE, limit=CHECKS_PER_HOUR):
        return _busy(request)
    participant = certificate_find(code)
    return _not_found(request, code) if participant is None else participant


@never_cache
@require_GET
def certificate_check(request: HttpRequest, code: str) -> HttpResponse:
    found = _find(request, code)
    if isinstance(found, HttpResponse):
        return found
    return render(request, TEMPLATE, {"participant": found})


@never_cache
@require_GET
def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    participant = _find(request, code)
    if isinstance(participant, HttpResponse):
        return participant
    data = certificate_pdf(participant, language=get_language() or settings.LANGUAGE_CODE)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{participant.certificate}.pdf"'
    response["X-Robots-Tag"] = "noindex"
    return response


urlpatterns: list[URLPattern] = [
    path("certificates/<str:code>/certificate.pdf", certificate_download, name="certificate-pdf"),
    # Any text, slashes included, reaches the page that says no certificate has that number.
    path("certificates/<path:code>/", certificate_check, name="certificate"),
]
