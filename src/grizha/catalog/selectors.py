"""Reads of the catalog, each with a fixed number of queries whatever the size of the record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Case, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from grizha.catalog import reference
from grizha.catalog.eligibility import describe_age_range, describe_criterion
from grizha.catalog.models import (
    Accessibility,
    AccessStep,
    Address,
    Attribute,
    Contact,
    CostOption,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

LISTED_STATUSES = (Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED)


def _first(model: type, link: str, columns: tuple[str, ...], **where: Any) -> dict[str, Subquery]:
    """Annotations that bring the columns of the first related row into the parent's own query."""
    rows = model.objects.filter(**{link: OuterRef("location_id")}, **where).order_by("created_at", "id")  # type: ignore[attr-defined]
    return {f"{model.__name__.lower()}_{c}": Subquery(rows.values(c)[:1]) for c in columns}


def terms(taxonomy_code: str) -> list[TaxonomyTerm]:
    return list(TaxonomyTerm.objects.filter(taxonomy__code=taxonomy_code).order_by("position", "name"))


@dataclass
class ServiceFilters:
    """The list page's filters: term codes of our taxonomies, and a settlement's EKATTE code."""

    service_type: list[str] = field(default_factory=list)
    target_group: list[str] = field(default_factory=list)
    need: list[str] = field(default_factory=list)
    access_route: list[str] = field(default_factory=list)
    settlement: str = ""


FILTER_LINKS: dict[str, tuple[tuple[str, ...], str]] = {
    # filter name -> (link types, taxonomy code)
    "service_type": (("service_type",), reference.SERVICE_TYPE),
    "target_group": (("audience", "eligibility"), reference.TARGET_GROUP),
    "need": (("need",), reference.NEED),
    "access_route": (("access_route",), reference.ACCESS_ROUTE),
}


def service_list(
    *, municipality_code: str, filters: ServiceFilters | None = None, ranked_ids: Sequence[UUID] | None = None
) -> QuerySet[Service]:
    """Services shown to the public, narrowed by the filters (AND across filters, OR within one); with
    `ranked_ids` (a search's answer, best first) only those services, in that order."""
    services = Service.objects.filter(municipality_id=municipality_code, status__in=LISTED_STATUSES)
    order: list[Any] = ["name", "id"]
    if ranked_ids is not None:
        services = services.filter(id__in=ranked_ids)
        position = Case(*(When(id=sid, then=Value(i)) for i, sid in enumerate(ranked_ids)), default=Value(0))
        order = [position.asc(), "id"]
    filters = filters or ServiceFilters()
    for name, (link_types, taxonomy_code) in FILTER_LINKS.items():
        codes = getattr(filters, name)
        if codes:
            services = services.filter(
                id__in=Attribute.objects.filter(
                    link_type__in=link_types,
                    taxonomy_term__taxonomy__code=taxonomy_code,
                    taxonomy_term__code__in=codes,
                    service__isnull=False,
                ).values("service_id")
            )
    if filters.settlement:
        services = services.filter(
            id__in=ServiceAtLocation.objects.filter(location__settlement_id=filters.settlement).values("service_id")
        )
    return (
        services.select_related("organization")
        .prefetch_related(
            Prefetch(
                "attributes",
                queryset=Attribute.objects.filter(link_type="audience")
                .select_related("taxonomy_term")
                .order_by("taxonomy_term__position"),
                to_attr="audience",
            ),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location__settlement"),
            ),
        )
        .order_by(*order)
    )


@dataclass
class PlaceView:
    """A place of a service with what the page shows of it."""

    service_at_location: ServiceAtLocation
    address: str = ""
    accessibility_details: str = ""
    schedules: list[Schedule] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    accessibility: list[Attribute] = field(default_factory=list)

    @property
    def location(self) -> Any:
        return self.service_at_location.location


@dataclass
class ServicePage:
    service: Service
    places: list[PlaceView]
    attributes: dict[str, list[Attribute]]
    steps: list[AccessStep]
    documents: list[RequiredDocument]
    costs: list[CostOption]
    contacts: list[Contact]
    phones: list[Phone]
    schedules: list[Schedule]

    @property
    def conditions(self) -> list[str]:
        """What a person must meet, in words: age, target groups (any one), criteria with values."""
        service = self.service
        found = []
        if age := describe_age_range(service.minimum_age, service.maximum_age):
            found.append(age)
        groups = [
            a.taxonomy_term.name
            for a in self.attributes.get("eligibility", [])
            if a.taxonomy_term and a.taxonomy_term.taxonomy and a.taxonomy_term.taxonomy.code == reference.TARGET_GROUP
        ]
        if groups:
            found.append(_("to belong to one of these groups: %(groups)s") % {"groups": ", ".join(groups)})
        for a in self.attributes.get("eligibility", []):
            term = a.taxonomy_term
            if term and term.taxonomy and term.taxonomy.code == reference.ELIGIBILITY_CRITERION:
                own = a.value == service.municipality_id
                found.append(
                    describe_criterion(term.code, a.value, municipality_name=service.municipality.name if own else None)
                )
        return found


def _with_phones(contact: Contact, phones: list[Phone]) -> Contact:
    contact.listed_phones = [p for p in phones if p.contact_id == contact.id]  # type: ignore[attr-defined]
    return contact


def service_page(service_id: UUID) -> ServicePage | None:
    """Everything the public page of one service shows, in nine queries."""
    service = (
        Service.objects.select_related("organization", "program", "capacity", "municipality")
        .filter(id=service_id)
        .exclude(status=Service.Status.DEFUNCT)
        .first()
    )
    if service is None:
        return None
    lang = get_language() or "bg"
    address_columns = (f"address_1_{lang}", "address_1_bg", f"city_{lang}", "city_bg", "postal_code")
    links = list(
        ServiceAtLocation.objects.filter(service=service)
        .select_related("location__settlement")
        .annotate(**_first(Address, "location_id", address_columns, address_type="physical"))
        .annotate(**_first(Accessibility, "location_id", (f"details_{lang}", "details_bg")))
        .order_by("location__name", "id")
    )
    location_ids = [link.location_id for link in links]
    link_ids = [link.id for link in links]

    schedules = list(
        Schedule.objects.filter(
            Q(service=service) | Q(location_id__in=location_ids) | Q(service_at_location_id__in=link_ids)
        ).order_by("opens_at", "id")
    )
    attributes = list(
        Attribute.objects.filter(Q(service=service) | Q(location_id__in=location_ids)).select_related(
            "taxonomy_term__taxonomy"
        )
    )
    phones = list(
        Phone.objects.filter(
            Q(service=service) | Q(location_id__in=location_ids) | Q(contact__service=service)
        ).order_by("number")
    )

    by_type: dict[str, list[Attribute]] = defaultdict(list)
    for attribute in attributes:
        if attribute.service_id:
            by_type[attribute.link_type].append(attribute)
    places = []
    for link in links:
        a = link.__dict__
        street = a[f"address_address_1_{lang}"] or a["address_address_1_bg"] or ""
        city = a[f"address_city_{lang}"] or a["address_city_bg"] or ""
        places.append(
            PlaceView(
                service_at_location=link,
                address=", ".join(
                    part for part in (street, " ".join(p for p in (a["address_postal_code"], city) if p)) if part
                ),
                accessibility_details=a[f"accessibility_details_{lang}"] or a["accessibility_details_bg"] or "",
                schedules=[
                    s for s in schedules if s.location_id == link.location_id or s.service_at_location_id == link.id
                ],
                phones=[p for p in phones if p.location_id == link.location_id],
                accessibility=[
                    x for x in attributes if x.location_id == link.location_id and x.link_type == "accessibility"
                ],
            )
        )
    return ServicePage(
        service=service,
        places=places,
        attributes=dict(by_type),
        steps=list(AccessStep.objects.filter(service=service).order_by("position", "id")),
        documents=list(RequiredDocument.objects.filter(service=service).order_by("created_at", "id")),
        costs=list(CostOption.objects.filter(service=service).order_by("amount", "id")),
        contacts=[_with_phones(c, phones) for c in Contact.objects.filter(service=service).order_by("name", "id")],
        phones=[p for p in phones if p.service_id == service.id],
        schedules=[s for s in schedules if s.service_id == service.id],
    )
