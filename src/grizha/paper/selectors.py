"""Which services go on a booklet or an office's poster; current campaigns; leaflets handed out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from hashlib import sha256
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from grizha.catalog import reference, selectors
from grizha.catalog.models import Attribute, Phone, Service, ServiceAtLocation
from grizha.paper.models import Campaign, LeafletHandout
from grizha.territory.models import Municipality, Office, Settlement
from grizha.territory.selectors import office_area

HOME_NEED = "care-at-home"
# Campaigns on the home page; the feed has more.
HOME_CAMPAIGNS = 5


def booklet_service_ids(*, municipality_code: str, filters: selectors.ServiceFilters) -> list[UUID]:
    """Active services of one municipality narrowed by the filters, in the order of the public list."""
    services = selectors.service_list(municipality_code=municipality_code, filters=filters)
    return list(services.filter(status=Service.Status.ACTIVE).values_list("id", flat=True))


def municipalities(codes: list[str]) -> list[Municipality]:
    found = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    return [found[code] for code in codes if code in found]


def municipalities_with_services() -> QuerySet[Municipality]:
    return Municipality.objects.filter(
        code__in=Service.objects.filter(status=Service.Status.ACTIVE).values("municipality_id")
    ).order_by("name")


def offices(municipality_code: str) -> QuerySet[Office]:
    return Office.objects.filter(municipality_id=municipality_code).select_related("settlement", "mayoralty")


@dataclass
class PosterService:
    id: UUID
    name: str
    phone: str


@dataclass
class OfficeServices:
    """An office's poster: services with a place in its area (its settlement; for a mayoralty, the
    settlements of the mayoralty), then services that come to people's homes anywhere in the municipality."""

    office: Office
    area: list[Settlement]
    nearby: list[PosterService] = field(default_factory=list)
    at_home: list[PosterService] = field(default_factory=list)


def _poster_entry(service: Service) -> PosterService:
    phones = [p.number for p in service.phones.all()]  # type: ignore[attr-defined]
    if not phones:
        phones = [p.number for link in service.service_at_locations.all() for p in link.location.phones.all()]
    return PosterService(id=service.id, name=service.name, phone=phones[0] if phones else "")


def office_services(office: Office) -> OfficeServices:
    area = list(office_area(office.id).order_by("name"))
    active = Service.objects.filter(municipality_id=office.municipality_id, status=Service.Status.ACTIVE)
    nearby_ids = set(
        ServiceAtLocation.objects.filter(
            service__in=active, location__settlement__in=[s.ekatte for s in area]
        ).values_list("service_id", flat=True)
    )
    home_ids = set(
        Attribute.objects.filter(
            service__in=active,
            link_type="need",
            taxonomy_term__taxonomy__code=reference.NEED,
            taxonomy_term__code=HOME_NEED,
        ).values_list("service_id", flat=True)
    )
    services = (
        active.filter(id__in=nearby_ids | home_ids)
        .prefetch_related(
            Prefetch("phones", queryset=Phone.objects.order_by("number")),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related("location__phones"),
            ),
        )
        .order_by("name", "id")
    )
    found = OfficeServices(office=office, area=area)
    for service in services:
        entry = _poster_entry(service)
        (found.nearby if service.id in nearby_ids else found.at_home).append(entry)
    return found


def _listed_services() -> Prefetch:
    return Prefetch(
        "services",
        queryset=Service.objects.filter(status__in=selectors.LISTED_STATUSES).order_by("name", "id"),
        to_attr="listed_services",
    )


def current_campaigns(*, limit: int | None = None) -> list[Campaign]:
    """Campaigns published and not yet ended, newest first, each with its listed services."""
    now = timezone.now()
    campaigns = (
        Campaign.objects.filter(published_at__lte=now)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate(now)))
        .prefetch_related(_listed_services())
        .order_by("-published_at", "id")
    )
    return list(campaigns[:limit] if limit else campaigns)


def campaigns_stamp() -> str:
    """What the current campaigns look like, for the key of a cached page that shows them."""
    now = timezone.now()
    shown = Campaign.objects.filter(published_at__lte=now).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate(now))
    )
    rows = shown.order_by("id").values_list("id", "updated_at")
    return sha256(repr(list(rows)).encode()).hexdigest()[:16]


def published_campaign(campaign_id: UUID) -> Campaign | None:
    """A campaign that has been published (ended ones too: links to them keep working)."""
    return (
        Campaign.objects.filter(id=campaign_id, published_at__lte=timezone.now())
        .prefetch_related(_listed_services())
        .first()
    )


def campaign_offices(campaign: Campaign) -> list[Office]:
    """The offices in the settlements a campaign is for, whose posters go with its leaflets."""
    return list(
        Office.objects.filter(settlement__in=campaign.settlements.all())
        .select_related("settlement", "mayoralty", "municipality")
        .order_by("name", "id")
    )


def leaflets_handed_out(period_start: date, period_end: date) -> int:
    """Leaflets handed out from `period_start` to `period_end`, both days included."""
    found = LeafletHandout.objects.filter(handed_out_on__range=(period_start, period_end)).aggregate(total=Sum("count"))
    return int(found["total"] or 0)
