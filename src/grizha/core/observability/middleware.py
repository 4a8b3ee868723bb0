"""The first middleware of every request: gives it a request id (kept for its log lines and sent back in
X-Request-ID) and counts it in the metrics, by route name, never by path."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable

from django.core.signals import got_request_exception
from django.http import HttpRequest, HttpResponse

from grizha.core.observability import REQUEST_ID_HEADER, _request_id, metrics, request_id_from

logger = logging.getLogger("grizha.request")


def _count_exception(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    """Every exception no view handled (Django answers it with a 500): counted by route and class."""
    exception = sys.exc_info()[1]  # the signal is sent while Django handles the exception
    metrics.count_exception(route=metrics.route_of(request), exception=type(exception).__name__)


got_request_exception.connect(_count_exception, dispatch_uid="grizha.observability.exceptions")


class ObservabilityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            route = metrics.route_of(request)
            metrics.count_request(
                method=request.method or "", route=route, status=response.status_code, seconds=seconds
            )
            if logger.isEnabledFor(logging.INFO):
                logger.info("%s %s %d %.1f ms", request.method, route, response.status_code, seconds * 1000)
            response[REQUEST_ID_HEADER] = request_id
            return response
        finally:
            _request_id.reset(token)
