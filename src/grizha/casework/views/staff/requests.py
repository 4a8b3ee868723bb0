"""The inbox of requests for a home visit or a call back from the public site: the list of the offices'
requests, each request (its reading recorded), and marking one handled."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from grizha.accounts.decorators import staff_required, staff_user
from grizha.accounts.roles import Capability
from grizha.accounts.selectors import request_scope
from grizha.casework.models import CallbackRequest
from grizha.casework.selectors.inbox import ANY, EVERY_STATUS, request_detail, request_list, visible_request
from grizha.casework.services.inbox import callback_request_handle, callback_request_viewed
from grizha.core.forms import error_links

CHOOSE = gettext_lazy("Select one of the options on the list")


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            (CallbackRequest.Status.NEW, gettext_lazy("New")),
            (CallbackRequest.Status.HANDLED, gettext_lazy("Handled")),
            (EVERY_STATUS, gettext_lazy("New and handled")),
        ],
        error_messages={"invalid_choice": CHOOSE},
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("What is asked"),
        required=False,
        choices=[(ANY, gettext_lazy("A home visit or a call back")), *CallbackRequest.Kind.choices],
        error_messages={"invalid_choice": CHOOSE},
    )

    def filters(self) -> dict[str, str]:
        """The filters asked for; the defaults (new requests of both kinds) when the answer is not valid."""
        if not self.is_valid():
            return {}
        return {"kind": self.cleaned_data["kind"], "status": self.cleaned_data["status"] or CallbackRequest.Status.NEW}


@staff_required(Capability.CASEWORK)
def request_list_view(request: HttpRequest) -> HttpResponse:
    form = RequestFilterForm(request.GET or {"status": CallbackRequest.Status.NEW})
    page = request_list(request_scope(request), **form.filters(), page=request.GET.get("page", "1"))
    query = urlencode([(name, request.GET[name]) for name in ("status", "kind") if name in request.GET])
    context = {"form": form, "errors": error_links(form), "page": page, "query": query, "staff_section": "requests"}
    return render(request, "casework/staff/requests/list.html", context)


@staff_required(Capability.CASEWORK)
def request_view(request: HttpRequest, request_id: UUID) -> HttpResponse:
    detail = request_detail(request_scope(request), request_id)
    if detail is None:
        raise Http404
    callback_request_viewed(request=detail.request, by=staff_user(request))
    context = {"detail": detail, "request_": detail.request, "staff_section": "requests"}
    return render(request, "casework/staff/requests/detail.html", context)


@staff_required(Capability.CASEWORK)
@require_POST
def request_handled_view(request: HttpRequest, request_id: UUID) -> HttpResponse:
    found = visible_request(request_scope(request), request_id)
    if found is None:
        raise Http404
    try:
        callback_request_handle(request=found, by=staff_user(request))
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request is marked as handled."))
    return redirect("staff-request", request_id=request_id)


urlpatterns: list[URLPattern] = [
    path("requests/", request_list_view, name="staff-requests"),
    path("requests/<uuid:request_id>/", request_view, name="staff-request"),
    path("requests/<uuid:request_id>/handled/", request_handled_view, name="staff-request-handled"),
]
