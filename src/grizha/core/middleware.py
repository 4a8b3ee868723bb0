"""Request-wide behaviour shared by every app."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

# Pages for staff live outside the language prefixes of the citizens' pages.
STAFF_PREFIXES = ("/admin/", "/staff/")


class StaffLanguageMiddleware:
    """Staff pages in the language the person chose (language cookie, else the browser's).

    Citizens' pages take their language from the URL alone (/ is Bulgarian, /en/ English); Django's
    LocaleMiddleware therefore gives every unprefixed path the default language, staff pages included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(STAFF_PREFIXES):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
