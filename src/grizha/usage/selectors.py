"""The reads of usage: which service a feedback form is about, the areas an editor may see, and the
figures of a period (views, answers, comments, searches that found nothing), each in a fixed number of
queries whatever the data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from grizha.accounts.roles import Capability
from grizha.accounts.selectors import StaffScope
from grizha.analytics.models import COUNTRY
from grizha.analytics.selectors.filters import Area
from grizha.catalog.models import Service
from grizha.territory.models import Municipality
from grizha.usage.models import Feedback, MissedSearch, PageView

LATEST_COMMENTS = 30
TOP_SEARCHES = 50


def feedback_service(service_id: UUID) -> Service | None:
    """The service of a feedback form: any service whose page is shown (every one not defunct)."""
    return Service.objects.exclude(status=Service.Status.DEFUNCT).filter(id=service_id).first()


def usage_areas(scope: StaffScope) -> list[Area]:
    """The areas whose usage an editor may see: every municipality and the whole country for a national
    editor; the municipalities of their memberships for a catalog editor; none for anyone else."""
    if scope.can(Capability.EDIT_MASTERS):
        municipalities = Municipality.objects.all()
        areas = [Area(COUNTRY, _("The whole country"))]
    elif scope.can(Capability.EDIT_CATALOG):
        municipalities = Municipality.objects.filter(code__in=scope.municipality_codes)
        areas = []
    else:
        return []
    for code, name in municipalities.order_by("name", "code").values_list("code", "name"):
        areas.append(Area(code, _("Municipality of %(name)s") % {"name": name}))
    return areas


def area_services(municipality: str | None) -> QuerySet[Service]:
    """The services whose pages are shown, of a municipality (of the country for None)."""
    services = Service.objects.exclude(status=Service.Status.DEFUNCT)
    return services.filter(municipality_id=municipality) if municipality else services


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class ServiceUsage:
    service_id: UUID
    name: str
    views: int = 0
    useful: int = 0
    not_useful: int = 0

    @property
    def answers(self) -> int:
        return self.useful + self.not_useful


def services_usage(*, services: QuerySet[Service], start: date, end: date, every: bool = False) -> list[ServiceUsage]:
    """Views and answers of each of `services` from `start` to before `end`, most read first: every
    service when `every`, else only those read or answered in the period. Three queries."""
    ids = services.values("id")
    viewed = PageView.objects.filter(service__in=ids, day__gte=start, day__lt=end)
    answered = Feedback.objects.filter(service__in=ids, created_at__gte=_moment(start), created_at__lt=_moment(end))
    views: dict[Any, int] = dict(viewed.values_list("service_id").annotate(n=Sum("count")).order_by())
    answers: dict[Any, tuple[int, int]] = {
        service_id: (yes, no)
        for service_id, yes, no in answered.values_list("service_id")
        .annotate(yes=Count("id", filter=Q(useful=True)), no=Count("id", filter=Q(useful=False)))
        .order_by()
    }
    # Subqueries rather than the ids read above: the same one query whether or not anything was counted.
    named = (
        services
        if every
        else services.filter(Q(id__in=viewed.values("service_id")) | Q(id__in=answered.values("service_id")))
    )
    rows = [
        ServiceUsage(service_id, name, views.get(service_id, 0), *answers.get(service_id, (0, 0)))
        for service_id, name in named.values_list("id", "name")
    ]
    return sorted(rows, key=lambda row: (-row.views, -row.answers, row.name))


def latest_comments(
    *, services: QuerySet[Service], start: date, end: date, limit: int = LATEST_COMMENTS
) -> list[Feedback]:
    """The latest answers with a comment about `services` in the period, newest first, with their service."""
    return list(
        Feedback.objects.filter(
            service__in=services.values("id"), created_at__gte=_moment(start), created_at__lt=_moment(end)
        )
        .exclude(comment="")
        .select_related("service")
        .order_by("-created_at")[:limit]
    )


def missed_searches(
    *, municipality: str | None, start: date, end: date, least: int = 1, limit: int = TOP_SEARCHES
) -> list[tuple[str, int]]:
    """The searches that found nothing from `start` to before `end`, in a municipality (in the country for
    None), made at least `least` times: (query, times), most frequent first."""
    rows = MissedSearch.objects.filter(day__gte=start, day__lt=end)
    if municipality:
        rows = rows.filter(municipality=municipality)
    return list(rows.values_list("query").annotate(n=Sum("count")).filter(n__gte=least).order_by("-n", "query")[:limit])
