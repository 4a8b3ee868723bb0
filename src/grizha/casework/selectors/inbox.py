"""Reads of the inbox of requests for a home visit or a call back: those of the offices a member of staff
sees (a request no office was found for goes to the central office), listed and one by one."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from grizha.accounts.selectors import StaffScope
from grizha.casework.models import CallbackRequest
from grizha.catalog import reference
from grizha.catalog.models import Service, TaxonomyTerm
from grizha.core.audit import action_text, history
from grizha.core.models import AuditEvent
from grizha.territory.models import Office

PER_PAGE = 50
# Filters of the inbox: a request's status, or every status.
ANY = ""
EVERY_STATUS = "all"
# Reading a request is recorded (services.inbox), but is not shown as something done with it.
VIEWED = "grizha.request.viewed"
# What a list of requests shows (and no more: the office is a wide row).
REQUEST_ROW_COLUMNS = (
    "reference",
    "kind",
    "status",
    "best_time",
    "created_at",
    *(f"{name}_{code}" for name in ("settlement__name", "office__name") for code, _label in settings.LANGUAGES),
)


def central_municipalities(scope: StaffScope) -> set[str]:
    """The municipalities whose central office the member works in: they also see the requests for which
    no office was found (CallbackRequest.office is empty)."""
    return set(
        Office.objects.filter(id__in=scope.home_office_ids, kind=Office.Kind.CENTRAL).values_list(
            "municipality_id", flat=True
        )
    )


def requests_in(offices: Collection[UUID], *, without_office: Collection[str] = ()) -> Q:
    """The requests of `offices`, and those of the municipalities `without_office` that have no office."""
    where = Q(office_id__in=offices)
    if without_office:
        where |= Q(office__isnull=True, municipality_id__in=without_office)
    return where


def visible_requests(scope: StaffScope) -> QuerySet[CallbackRequest]:
    """Every request the member may read."""
    where = requests_in(scope.office_ids, without_office=central_municipalities(scope))
    return CallbackRequest.objects.filter(where)


def request_list(
    scope: StaffScope, *, kind: str = ANY, status: str = CallbackRequest.Status.NEW, page: str = "1"
) -> Page:
    """One page of the inbox, newest first, with the settlement and office of each request (two queries:
    the count and the page). `kind` empty: both kinds; `status` "all": both statuses."""
    requests = (
        visible_requests(scope)
        .select_related("settlement", "office")
        .only(*REQUEST_ROW_COLUMNS)
        .order_by("-created_at", "id")
    )
    if kind:
        requests = requests.filter(kind=kind)
    if status != EVERY_STATUS:
        requests = requests.filter(status=status)
    return Paginator(requests, PER_PAGE).get_page(page)


@dataclass(frozen=True)
class Done:
    """Something staff did with a request, in the reader's language."""

    at: datetime.datetime
    who: str
    text: str
    note: str


@dataclass(frozen=True)
class RequestDetail:
    """A request with the names of what it refers to by code or id, and what staff did with it."""

    request: CallbackRequest
    need_names: list[str]
    services_found: list[Service]
    events: list[Done]


def visible_request(scope: StaffScope, request_id: UUID) -> CallbackRequest | None:
    """The request if the member may read it, else None (an unknown id and another office's look alike)."""
    return visible_requests(scope).select_related("settlement", "office", "service").filter(id=request_id).first()


def request_detail(scope: StaffScope, request_id: UUID) -> RequestDetail | None:
    """The request with what the page shows about it, if the member may read it, else None."""
    request = visible_request(scope, request_id)
    if request is None:
        return None
    names = {t.code: t.name for t in TaxonomyTerm.objects.filter(taxonomy__code=reference.NEED, code__in=request.needs)}
    found = {str(s.id): s for s in Service.objects.filter(id__in=_uuids(request.service_ids))}
    return RequestDetail(
        request=request,
        need_names=[names.get(code, code) for code in request.needs],
        services_found=[found[key] for key in map(str, _uuids(request.service_ids)) if key in found],
        events=[
            Done(at=e.at, who=_who(e), text=action_text(e.action), note=e.reason)
            for e in history(request).exclude(action=VIEWED).order_by("at", "id")
        ],
    )


def _who(event: AuditEvent) -> str:
    actor = event.actor
    return (actor.get_full_name() or actor.get_username()) if actor is not None else event.actor_name


def _uuids(values: Collection[object]) -> list[UUID]:
    """The values that are UUIDs (ids of services kept from a screening), others left out."""
    found = []
    for value in values:
        try:
            found.append(UUID(str(value)))
        except ValueError:
            continue
    return found
