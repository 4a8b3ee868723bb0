"""Reads of the catalog, each with a fixed number of queries whatever the size of the record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar
from uuid import UUID

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from grizha.catalog import reference
from grizha.catalog.eligibility import describe_age_range, describe_criterion
from grizha.catalog.models import (
    Accessibility,
    AccessStep,
    Address,
    Attribute,
    Channel,
    Contact,
    CostOption,
    LegalReference,
    Location,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from grizha.territory.geo import great_circle_km
from grizha.territory.models import Settlement
from grizha.territory.selectors import MunicipalityOffices, municipality_offices, office_area

LISTED_STATUSES = (Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED)
# What apps above the catalog add to a service's page, each an annotation of the service's own query
# (so no query more): its name, and a function that makes the expression. An app registers its own in
# AppConfig.ready (applications: the service's open application form); the catalog knows only names.
SERVICE_PAGE_ANNOTATIONS: dict[str, Callable[[], Any]] = {}


def _first(model: type, link: str, columns: tuple[str, ...], **where: Any) -> dict[str, Subquery]:
    """Annotations that bring the columns of the first related row into the parent's own query."""
    rows = model.objects.filter(**{link: OuterRef("location_id")}, **where).order_by("created_at", "id")  # type: ignore[attr-defined]
    return {f"{model.__name__.lower()}_{c}": Subquery(rows.values(c)[:1]) for c in columns}


def terms(taxonomy_code: str) -> list[TaxonomyTerm]:
    return list(TaxonomyTerm.objects.filter(taxonomy__code=taxonomy_code).order_by("position", "name"))


def term_names(taxonomy_code: str) -> dict[str, str]:
    """Code → name (in the active language) of every term of one of our vocabularies, in its order."""
    return {t.code: t.name for t in terms(taxonomy_code)}


@dataclass
class ServiceFilters:
    """The list page's filters: term codes of our taxonomies, a settlement's EKATTE code, an office's id
    and whether only services free of charge are wanted."""

    service_type: list[str] = field(default_factory=list)
    target_group: list[str] = field(default_factory=list)
    need: list[str] = field(default_factory=list)
    access_route: list[str] = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)
    settlement: str = ""
    office: str = ""
    free: bool = False

    def as_params(self) -> list[tuple[str, str]]:
        """The filters as the query parameters that ask for them."""
        params = [(name, code) for name in FILTER_LINKS for code in getattr(self, name)]
        params += [(name, getattr(self, name)) for name in ("settlement", "office") if getattr(self, name)]
        return [*params, ("free", FREE)] if self.free else params


@dataclass(frozen=True)
class TermFilter:
    """A filter by terms of one of our vocabularies: the link types of the attributes that carry them,
    and whether they are said of the service (any chosen term will do) or of a place where it is given
    (one place must have every chosen term: a wheelchair user needs step-free access and the toilet)."""

    link_types: tuple[str, ...]
    taxonomy: str
    of_place: bool = False


FILTER_LINKS: dict[str, TermFilter] = {  # in the order the page shows them
    "need": TermFilter(("need",), reference.NEED),
    "target_group": TermFilter(("audience", "eligibility"), reference.TARGET_GROUP),
    "service_type": TermFilter(("service_type",), reference.SERVICE_TYPE),
    "access_route": TermFilter(("access_route",), reference.ACCESS_ROUTE),
    "accessibility": TermFilter(("accessibility",), reference.ACCESSIBILITY, of_place=True),
}
FREE = "yes"  # the value of the free-of-charge filter


def _with_terms(filter_: TermFilter, codes: list[str], link: str) -> QuerySet[Any]:
    """Ids (of services or of places, by `link`) that have the terms: any of them, or all for a place."""
    attributes = Attribute.objects.filter(
        link_type__in=filter_.link_types, taxonomy_term__taxonomy__code=filter_.taxonomy, **{f"{link}__isnull": False}
    )
    if not filter_.of_place:
        return attributes.filter(taxonomy_term__code__in=codes).values(link)
    places = Location.objects.all()
    for code in codes:
        places = places.filter(id__in=attributes.filter(taxonomy_term__code=code).values(link))
    return places.values("id")


def services_with_terms(filter_name: str, codes: list[str]) -> QuerySet[Any]:
    """Ids of the services with any of the terms of one of the list page's filters (a subquery)."""
    return _with_terms(FILTER_LINKS[filter_name], codes, "service")


def _free_of_charge(services: QuerySet[Service]) -> QuerySet[Service]:
    """Services whose every cost option costs nothing; a service without cost options is not known to be free,
    nor is one whose amount is left open (a share of income under the Tariff)."""
    paid = CostOption.objects.filter(Q(amount__isnull=True) | ~Q(amount=0)).values("service_id")
    return services.filter(id__in=CostOption.objects.filter(amount=0).values("service_id")).exclude(id__in=paid)


def service_list(
    *,
    municipality_code: str | None,
    filters: ServiceFilters | None = None,
    ranked_ids: Sequence[UUID] | None = None,
    by_name: bool = False,
) -> QuerySet[Service]:
    """Services shown to the public, narrowed by the filters (AND across filters, OR within one but
    accessibility); with `ranked_ids` (a search's answer, best first) only those services, in that order
    unless `by_name`. Every municipality's services when `municipality_code` is None (the national site)."""
    services: QuerySet[Service] = Service.objects.filter(status__in=LISTED_STATUSES)
    if municipality_code is not None:
        services = services.filter(municipality_id=municipality_code)
    order: list[Any] = ["name", "id"]
    if ranked_ids is not None:
        services = services.filter(id__in=ranked_ids)
        if not by_name:
            position = Case(*(When(id=sid, then=Value(i)) for i, sid in enumerate(ranked_ids)), default=Value(0))
            order = [position.asc(), "id"]
    filters = filters or ServiceFilters()
    for name, filter_ in FILTER_LINKS.items():
        codes = getattr(filters, name)
        if codes and filter_.of_place:
            places = _with_terms(filter_, codes, "location_id")
            services = services.filter(
                id__in=ServiceAtLocation.objects.filter(location_id__in=places).values("service_id")
            )
        elif codes:
            services = services.filter(id__in=_with_terms(filter_, codes, "service_id"))
    if filters.settlement:
        services = services.filter(
            id__in=ServiceAtLocation.objects.filter(location__settlement_id=filters.settlement).values("service_id")
        )
    if filters.office:
        area = office_area(filters.office).values("ekatte")
        services = services.filter(
            id__in=ServiceAtLocation.objects.filter(location__settlement_id__in=area).values("service_id")
        )
    if filters.free:
        services = _free_of_charge(services)
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
class ListChoices:
    """What the list page offers to choose from: the terms of each filter by vocabulary, settlements where
    services are given, settlements to measure distance from, and the offices."""

    facets: list[tuple[str, list[TaxonomyTerm]]]
    settlements: list[Settlement]
    origins: list[Settlement]
    offices: MunicipalityOffices


def list_choices(municipality_code: str | None) -> ListChoices:
    """The list page's choices in three queries, whatever the size of the catalog (no places on the
    national site, where `municipality_code` is None)."""
    by_taxonomy: dict[str, list[TaxonomyTerm]] = defaultdict(list)
    for term in (
        TaxonomyTerm.objects.filter(taxonomy__code__in=[f.taxonomy for f in FILTER_LINKS.values()])
        .annotate(taxonomy_code=F("taxonomy__code"))
        .order_by("position", "name")
    ):
        by_taxonomy[term.taxonomy_code].append(term)  # type: ignore[attr-defined]
    served = ServiceAtLocation.objects.filter(
        location__settlement_id=OuterRef("ekatte"), service__municipality_id=municipality_code
    )
    settlements = list(
        Settlement.objects.filter(municipality_id=municipality_code)
        .annotate(has_services=Exists(served))
        .order_by("name", "ekatte")
    )
    return ListChoices(
        facets=[(name, by_taxonomy[f.taxonomy]) for name, f in FILTER_LINKS.items()],
        settlements=[s for s in settlements if s.has_services],  # type: ignore[attr-defined]
        origins=[s for s in settlements if s.latitude is not None and s.longitude is not None],
        offices=municipality_offices(municipality_code),
    )


@dataclass
class ListOrder:
    """How the list is ordered: by relevance (the default with a query), by name (the default without) or
    by distance from a point: a settlement's (`near`, its EKATTE code) or the visitor's own (`lat`, `lng`)."""

    sort: str = ""
    near: str = ""
    lat: float | None = None
    lng: float | None = None
    origin: tuple[float, float] | None = None  # the point distances are measured from

    RELEVANCE: ClassVar[str] = "relevance"
    NAME: ClassVar[str] = "name"
    DISTANCE: ClassVar[str] = "distance"
    SORTS: ClassVar[tuple[str, ...]] = (RELEVANCE, NAME, DISTANCE)

    @property
    def by_distance(self) -> bool:
        return self.sort == self.DISTANCE and self.origin is not None

    def in_effect(self, *, searching: bool) -> str:
        """The sort the list shows: the one asked for, else relevance for a search and name for the rest."""
        if self.sort == self.RELEVANCE and not searching:
            return self.NAME
        return self.sort or (self.RELEVANCE if searching else self.NAME)

    def as_params(self) -> list[tuple[str, str]]:
        """The order as the query parameters that ask for it."""
        params = [("sort", self.sort)] if self.sort else []
        if self.near:
            params.append(("near", self.near))
        elif self.lat is not None and self.lng is not None:
            params += [("lat", str(self.lat)), ("lng", str(self.lng))]
        return params


@dataclass
class ListedService:
    """A service in the list, with how far its nearest place is when the list is sorted by distance."""

    service: Service
    distance_km: float | None = None

    @property
    def rounded_km(self) -> float | None:
        """The distance as people say it: to a tenth of a kilometre when near, to whole ones when farther."""
        if self.distance_km is None:
            return None
        return round(self.distance_km, 1) if self.distance_km < 10 else float(round(self.distance_km))


def place_point(link: ServiceAtLocation) -> tuple[float, float] | None:
    """Where a place is: its own coordinates, else those of its settlement (EKATTE), else unknown."""
    location = link.location
    if location.latitude is not None and location.longitude is not None:
        return location.latitude, location.longitude
    settlement = location.settlement
    if settlement is not None and settlement.latitude is not None and settlement.longitude is not None:
        return settlement.latitude, settlement.longitude
    return None


def in_order(services: Iterable[Service], order: ListOrder) -> list[ListedService]:
    """The services as listed: as given, or nearest first with their distances when sorted by distance."""
    if order.by_distance and order.origin is not None:
        return nearest_first(services, order.origin)
    return [ListedService(service) for service in services]


def nearest_first(services: Iterable[Service], origin: tuple[float, float]) -> list[ListedService]:
    """The services by the distance of their nearest place, those without a known place last; ties keep
    the order given. Reads the places `service_list` brought, so it asks the database nothing."""
    listed = []
    for service in services:
        points = [p for link in service.service_at_locations.all() if (p := place_point(link))]
        km = min((great_circle_km(*origin, *point) for point in points), default=None)
        listed.append(ListedService(service, km))
    return sorted(listed, key=lambda item: (item.distance_km is None, item.distance_km or 0.0))


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
    legal_references: list[LegalReference] = field(default_factory=list)

    @property
    def channels(self) -> list[str]:
        """The ways to apply (IISDA's channels), in words."""
        return [str(Channel(code).label) for code in self.service.channels or [] if code in Channel.values]

    @property
    def has_payment_methods(self) -> bool:
        """Whether any fee says how it can be paid (the fees table then has a column for it)."""
        return any(getattr(cost, "payment_labels", None) for cost in self.costs)

    @property
    def has_rules(self) -> bool:
        """Whether the page has any of IISDA's facts on how the service is decided and appealed."""
        service = self.service
        return bool(
            self.channels
            or service.eservice_level
            or service.decision_days is not None
            or service.result_validity
            or service.appeal_body
        )

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


def _with_payment_labels(cost: CostOption) -> CostOption:
    """A cost option with its ways to pay in words (`payment_labels`), for the page and the leaflet."""
    known = CostOption.Payment.values
    labels = [str(CostOption.Payment(code).label) for code in cost.payment_methods or [] if code in known]
    cost.payment_labels = labels  # type: ignore[attr-defined]
    return cost


def _with_phones(contact: Contact, phones: list[Phone]) -> Contact:
    contact.listed_phones = [p for p in phones if p.contact_id == contact.id]  # type: ignore[attr-defined]
    return contact


def _documents_and_provisions(service: Service) -> tuple[list[RequiredDocument], list[LegalReference]]:
    """The documents a service needs and the provisions it rests on, read in one query (a UNION of two short
    lists), so that the page stays at ten queries."""
    languages = [code for code, _name in settings.LANGUAGES]
    blank = Value("", output_field=CharField())

    def rows(model: Any, kind: str, position: Any, text: str, link: str, *parts: str) -> QuerySet[Any]:
        # The same columns, of the same types, in both: kind, position, created_at, id, link, texts, 3 parts.
        named = {
            "row_kind": Value(kind, output_field=CharField()),
            "row_position": position,
            "row_link": F(link),
            **{f"row_text_{code}": F(f"{text}_{code}") for code in languages},
            **{f"row_part_{n}": F(part) for n, part in enumerate(parts)},
            **{f"row_part_{n}": blank for n in range(len(parts), 3)},
        }
        columns = ["row_kind", "row_position", "created_at", "id", "row_link"]
        columns += [f"row_text_{code}" for code in languages] + [f"row_part_{n}" for n in range(3)]
        return model.objects.filter(service=service).order_by().annotate(**named).values_list(*columns)

    documents = rows(RequiredDocument, "d", Value(0, output_field=IntegerField()), "document", "uri", "register_check")
    provisions = rows(LegalReference, "p", F("position"), "act", "url", "article", "paragraph", "point")
    found: dict[str, list[tuple[Any, ...]]] = {"d": [], "p": []}
    for row in documents.union(provisions, all=True):
        found[row[0]].append(row)
    after = 5 + len(languages)  # where the parts begin

    def texts(row: tuple[Any, ...], name: str) -> dict[str, Any]:
        return {f"{name}_{code}": row[5 + n] or "" for n, code in enumerate(languages)}

    return (
        [
            RequiredDocument(id=r[3], service=service, uri=r[4], register_check=r[after], **texts(r, "document"))
            for r in sorted(found["d"], key=lambda r: (r[2], str(r[3])))
        ],
        [
            LegalReference(
                id=r[3],
                service=service,
                position=r[1],
                url=r[4],
                article=r[after],
                paragraph=r[after + 1],
                point=r[after + 2],
                **texts(r, "act"),
            )
            for r in sorted(found["p"], key=lambda r: (r[1], str(r[3])))
        ],
    )


def service_page(service_id: UUID) -> ServicePage | None:
    """Everything the public page of one service shows, in nine queries (ten with the cache's version)."""
    service = (
        Service.objects.select_related("organization", "program", "capacity", "municipality")
        .annotate(**{name: make() for name, make in SERVICE_PAGE_ANNOTATIONS.items()})
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
    documents, provisions = _documents_and_provisions(service)
    return ServicePage(
        service=service,
        places=places,
        attributes=dict(by_type),
        steps=list(AccessStep.objects.filter(service=service).order_by("position", "id")),
        documents=documents,
        costs=[_with_payment_labels(c) for c in CostOption.objects.filter(service=service).order_by("amount", "id")],
        contacts=[_with_phones(c, phones) for c in Contact.objects.filter(service=service).order_by("name", "id")],
        phones=[p for p in phones if p.service_id == service.id],
        schedules=[s for s in schedules if s.service_id == service.id],
        legal_references=provisions,
    )
