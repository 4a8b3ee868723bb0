"""The gate of every staff page: logged in with two factors, a member of an office, allowed the action."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from grizha.accounts.selectors import request_scope

View = Callable[..., HttpResponse]


def staff_required(capability: str | None = None) -> Callable[[View], View]:
    """Let in a member of staff who logged in with their second factor and (when given) has the
    capability; send others to the login page, and refuse members who lack the capability (403)."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def gate(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated or not user.is_verified():  # type: ignore[attr-defined,union-attr]
                return redirect_to_login(request.get_full_path())
            scope = request_scope(request)
            if not scope.is_staff_member or (capability and not scope.can(capability)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return gate

    return decorate


def staff_user(request: HttpRequest) -> User:
    """The member of staff behind a request that passed `staff_required`."""
    user = request.user
    assert isinstance(user, User), "staff_user() outside a staff_required view"
    return user
