"""Reads of consultations within a member's StaffScope: the filtered list (a fixed number of queries per
page), one consultation with what it explained and the referrals made from it, and what the forms offer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from grizha.accounts.selectors import StaffScope
from grizha.casework.models import CallbackRequest, Consultation, Referral
from grizha.casework.selectors.people import key_or_404
from grizha.catalog.models import Service
from grizha.catalog.selectors import LISTED_STATUSES
from grizha.territory.sites import home_municipality

PAGE_SIZE = 50


@dataclass(frozen=True)
class ConsultationFilters:
    """The list's filters: an office, only the member's own, a range of days, a channel, an outcome."""

    office: UUID | None = None
    mine: bool = False
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    channel: str = ""
    outcome: str = ""


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def consultations_in(scope: StaffScope) -> QuerySet[Consultation]:
    return Consultation.objects.filter(office_id__in=scope.office_ids)


def consultation_list(scope: StaffScope, *, filters: ConsultationFilters, page: Any = 1) -> Page[Consultation]:
    """The consultations of the member's offices, newest first, PAGE_SIZE to a page."""
    found = consultations_in(scope).select_related("office", "specialist")
    if filters.office is not None:
        found = found.filter(office_id=filters.office)
    if filters.mine:
        found = found.filter(specialist_id=scope.user_id)
    if filters.date_from is not None:
        found = found.filter(occurred_at__gte=_day_start(filters.date_from))
    if filters.date_to is not None:
        found = found.filter(occurred_at__lt=_day_start(filters.date_to + datetime.timedelta(days=1)))
    if filters.channel:
        found = found.filter(channel=filters.channel)
    if filters.outcome:
        found = found.filter(outcome=filters.outcome)
    return Paginator(found.order_by("-occurred_at", "id"), PAGE_SIZE).get_page(page)


def consultation_for(scope: StaffScope, consultation_id: UUID | str) -> Consultation:
    """The consultation, if the member may see it; else 404, exactly as for an unknown id."""
    return get_object_or_404(
        consultations_in(scope).select_related("office", "specialist", "person", "settlement", "request"),
        pk=key_or_404(consultation_id),
    )


def consultation_page(scope: StaffScope, consultation_id: UUID | str) -> Consultation:
    """The consultation with the services it explained, the leaflets given and its referrals (those of
    the member's offices), in a fixed number of queries."""
    services = Service.objects.order_by("name", "id")
    referrals = Referral.objects.filter(office_id__in=scope.office_ids).select_related("service", "organization")
    return get_object_or_404(
        consultations_in(scope)
        .select_related("office", "specialist", "person", "settlement", "request")
        .prefetch_related(
            Prefetch("services_explained", queryset=services),
            Prefetch("leaflets_given", queryset=services),
            Prefetch("referrals", queryset=referrals.order_by("created_at", "id")),
        ),
        pk=key_or_404(consultation_id),
    )


def request_to_answer(scope: StaffScope, request_id: UUID | str) -> CallbackRequest:
    """A request for a home visit or a call back that one of the member's offices handles; else 404."""
    return get_object_or_404(
        CallbackRequest.objects.filter(office_id__in=scope.office_ids).select_related("settlement"),
        pk=key_or_404(request_id),
    )


def listed_services() -> list[Service]:
    """The municipality's listed services, by name: what a consultation may explain or give a leaflet of."""
    return list(
        Service.objects.filter(municipality_id=home_municipality(), status__in=LISTED_STATUSES).order_by("name", "id")
    )
