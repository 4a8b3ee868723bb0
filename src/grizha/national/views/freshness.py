"""A catalog editor's list of their municipality's services that need work: stale ones first, each with what
it is missing, a link to edit it and a button to mark it as verified."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from grizha.accounts.decorators import staff_required, staff_user
from grizha.accounts.roles import Capability
from grizha.accounts.selectors import request_scope
from grizha.catalog.models import Service
from grizha.catalog.services import service_verify
from grizha.national.freshness import TEXTS, ServiceProblems, editable_municipalities, service_problems
from grizha.national.services import editor_language_record
from grizha.territory.models import Municipality


def _list_url(code: str, several: bool) -> str:
    url = reverse("national:freshness")
    return f"{url}?{urlencode({'municipality': code})}" if several else url


MISSING_IN = {
    "bg": gettext_lazy("Missing in Bulgarian: %(texts)s"),
    "en": gettext_lazy("Missing in English: %(texts)s"),
}


def _missing_texts(service: ServiceProblems) -> list[str]:
    """One line a language, such as “Missing in English: name, description”."""
    labels = {text: str(getattr(Service._meta.get_field(text), "verbose_name", text)) for text in TEXTS}
    return [MISSING_IN[lang] % {"texts": ", ".join(labels[t] for t in texts)} for lang, texts in service.missing_texts]


@staff_required(Capability.EDIT_CATALOG)
@require_GET
def freshness(request: HttpRequest) -> HttpResponse:
    codes = sorted(editable_municipalities(request_scope(request)))
    code = request.GET.get("municipality") or (codes[0] if codes else "")
    if code not in codes:
        raise Http404
    municipality = Municipality.objects.get(code=code)
    problems = service_problems(municipality)
    editor_language_record(user=staff_user(request), language=request.LANGUAGE_CODE)
    context = {
        "municipality": municipality,
        "figures": problems.figures,
        "services": [(service, _missing_texts(service)) for service in problems.services],
        "others": Municipality.objects.filter(code__in=codes).exclude(code=code) if len(codes) > 1 else [],
        "days": settings.GRIZHA_VERIFY_EVERY_DAYS,
    }
    return render(request, "national/freshness.html", context)


@staff_required(Capability.EDIT_CATALOG)
@require_POST
def verify(request: HttpRequest, service_id: UUID) -> HttpResponse:
    codes = editable_municipalities(request_scope(request))
    service = get_object_or_404(Service, pk=service_id, municipality_id__in=list(codes))
    service_verify(service=service, user=staff_user(request))
    messages.success(request, _("You marked “%(name)s” as verified today.") % {"name": service.name})
    return redirect(_list_url(service.municipality_id, len(codes) > 1))
