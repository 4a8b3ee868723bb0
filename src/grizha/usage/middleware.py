"""Counting where the public pages are served, outside the page cache: a view of a service's page, and a
search of the list page that found nothing (see grizha.usage.searches). It also completes the feedback
form of a service page, which the page cache keeps without anything that differs from one visitor to the
next: the form's CSRF token and the time it was shown go in here, for each request."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html

from grizha.core.forms import STARTED_FIELD, started_token
from grizha.usage import counting
from grizha.usage.robots import is_person
from grizha.usage.searches import found_nothing

logger = logging.getLogger(__name__)

SERVICE_PAGE = "service-detail"
LIST_PAGE = "service-list"
# What usage/feedback_form.html leaves in the page where the per-request fields go.
FORM_GUARD_MARK = b"<!--grizha:feedback-guard-->"


def fill_form_guard(request: HttpRequest, response: HttpResponse) -> None:
    """Put this request's CSRF token and the time the form is shown where the page left their mark."""
    if FORM_GUARD_MARK not in response.content:
        return
    fields = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}"><input type="hidden" name="{}" value="{}">',
        get_token(request),
        STARTED_FIELD,
        started_token(),
    )
    response.content = response.content.replace(FORM_GUARD_MARK, fields.encode(), 1)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    patch_vary_headers(response, ("Cookie",))


class UsageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        if match is None or response.status_code != 200 or response.streaming:
            return response
        if match.view_name == SERVICE_PAGE:
            fill_form_guard(request, response)
        try:
            self.count(request, match.view_name)
        except Exception:
            logger.exception("A page view or search was not counted")
        return response

    @staticmethod
    def count(request: HttpRequest, view_name: str) -> None:
        if view_name not in (SERVICE_PAGE, LIST_PAGE) or not is_person(request):
            return
        if view_name == SERVICE_PAGE:
            counting.page_viewed(request.resolver_match.kwargs["service_id"])  # type: ignore[union-attr]
            return
        query = request.GET.get("q", "").strip()
        if query and found_nothing(request, query):
            counting.search_missed(query)
