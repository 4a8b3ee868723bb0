"""What staff pages show of the member's scope (the menu); public pages pay nothing for it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from grizha.accounts.selectors import request_scope
from grizha.core.middleware import STAFF_PREFIXES


def staff(request: HttpRequest) -> dict[str, Any]:
    if not request.path_info.startswith(STAFF_PREFIXES) or not request.user.is_authenticated:
        return {}
    scope = request_scope(request)
    return {"staff_can": {capability: True for capability in scope.capabilities}}
