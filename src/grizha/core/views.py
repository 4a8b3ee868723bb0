"""Views that belong to no domain: the health check, the error pages and the display preferences."""

from __future__ import annotations

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from grizha.core import display


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
def livez(request: HttpRequest) -> JsonResponse:
    """The process answers; nothing else is asked (grizha.core.observability)."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """The database answers with every migration applied, and the cache answers; else 503 naming the failed."""
    from grizha.core.observability.checks import readiness

    checks = readiness()
    failed = [name for name, result in checks.items() if result != "ok"]
    body = {"status": "error" if failed else "ok", "checks": checks, "failed": failed}
    return JsonResponse(body, status=503 if failed else 200)


@never_cache
@require_http_methods(["GET", "HEAD"])
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics, for the loopback, GRIZHA_METRICS_ALLOW and the bearer of GRIZHA_METRICS_TOKEN."""
    from grizha.core.observability import metrics as prometheus

    if not prometheus.may_read(request):
        raise Http404
    return HttpResponse(prometheus.exposition(), content_type=prometheus.CONTENT_TYPE)


def form_refused(request: HttpRequest) -> HttpResponse:
    """What a robot (a filled trap of a GuardedForm) is told: nothing kept, and a way on for a person."""
    return render(request, "core/refused.html", status=400)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/500.html", status=500)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def display_preferences(request: HttpRequest) -> HttpResponse:
    """Larger text, high contrast, more spacing, less motion: chosen here, kept in a cookie, and then
    back to the page the visitor came from."""
    if request.method == "POST":
        form = display.DisplayForm(request.POST)
        if form.is_valid():
            back = display.safe_next(request, form.cleaned_data["next"])
            response = redirect(back or reverse("display") + "?saved=1")
            display.remember(response, form.preferences())
            return response
    next_url = display.safe_next(request, request.GET.get("next", "")) or ""
    form = display.DisplayForm.for_preferences(display.preferences_from(request), next_url)
    return render(request, "core/display.html", {"form": form, "next_url": next_url, "saved": "saved" in request.GET})


def trivial(request: HttpRequest) -> HttpResponse:
    """A short HTML page that touches no database: the baseline of the page benchmarks."""
    return HttpResponse('<!DOCTYPE html><html lang="bg"><title>ok</title><p>ok</p></html>')
