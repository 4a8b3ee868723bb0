"""The needs analysis: demand by source, over time, by need, target group, age band and place, per 1,000
inhabitants, beside the capacity of each service type and the needs no service of the area meets.
Read from the pre-aggregated cube (grizha.analytics.models.DemandCell): two queries whatever the size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Sum
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grizha.analytics.charts import MapPoint
from grizha.analytics.models import EVERYONE, CapacityMonth, DemandCell, Dimension, Refresh, Source
from grizha.analytics.months import next_month
from grizha.analytics.privacy import rate, share, suppress_count, suppress_parts
from grizha.analytics.selectors import labels
from grizha.analytics.selectors.effectiveness import referrals_in
from grizha.analytics.selectors.filters import Filters
from grizha.analytics.services.refresh import DEMAND
from grizha.analytics.tables import MIN_GROUP, Cell, Column, Table
from grizha.casework.models import Referral
from grizha.catalog import reference
from grizha.catalog.models import Attribute, Capacity, Service
from grizha.catalog.selectors import services_with_terms, term_names
from grizha.territory.models import Mayoralty, Municipality, Settlement
from grizha.usage.selectors import missed_searches, services_usage
from grizha.usage.tables import MISSED_SEARCHES, NOT_USEFUL, missed_searches_table, not_useful_table

SOURCES = [str(s.value) for s in Source]
TOP_SEARCHES = 20
# The tables of "What people look for and do not find", shown apart from the others.
LOOKED_FOR = (MISSED_SEARCHES, NOT_USEFUL)
# Counts keyed by dimension, then value, then source.
Counts = dict[str, dict[str, dict[str, int]]]


@dataclass
class Demand:
    """The figures of one choice of filters: every table, and the raw counts the map and report reuse."""

    filters: Filters
    total: int
    tables: dict[str, Table] = field(default_factory=dict)
    places: dict[str, int] = field(default_factory=dict)


def _cells(filters: Filters) -> Any:
    return DemandCell.objects.filter(area=filters.area, month__gte=filters.start, month__lte=filters.end)


def _counts(filters: Filters) -> tuple[Counts, dict[Any, dict[str, int]]]:
    """The period's counts by dimension, value and source; and the totals by month and source."""
    counts: Counts = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    by_month: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        _cells(filters)
        .filter(target_group=filters.target_group)
        .values_list("dimension", "value", "source", "month")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for dimension, value, source, month, n in rows:
        counts[dimension][value][source] += n
        if dimension == Dimension.TOTAL:
            by_month[month][source] += n
    return counts, by_month


def _source_columns(first: Column) -> list[Column]:
    names = labels.source_names()
    return [first, *(Column(s, capfirst(names[s])) for s in SOURCES), Column("all", gettext_lazy("All sources"))]


def _by_source(values: dict[str, dict[str, int]], names: dict[str, str], *, partition: bool) -> list[list[Cell]]:
    """A row per value (in the order of `names`, then the rest), a column per source and one for all;
    a partition of the total gets secondary suppression down each column."""
    order = [v for v in names if v in values] + sorted(v for v in values if v not in names)
    grid = [[values[v].get(s, 0) for s in SOURCES] + [sum(values[v].values())] for v in order]
    columns = [
        suppress_parts([row[i] for row in grid]) if partition else [suppress_count(row[i]) for row in grid]
        for i in range(len(SOURCES) + 1)
    ]
    return [[names.get(v) or labels.not_stated(), *(column[r] for column in columns)] for r, v in enumerate(order)]


def _over_time(filters: Filters, by_month: dict[Any, dict[str, int]]) -> Table:
    rows: list[list[Cell]] = []
    for month in filters.months():
        counts = [by_month.get(month, {}).get(s, 0) for s in SOURCES]
        rows.append([f"{month:%Y-%m}", *(suppress_count(n) for n in counts), suppress_count(sum(counts))])
    return Table(
        "over-time",
        gettext_lazy("Requests by month"),
        _source_columns(Column("month", gettext_lazy("Month"), "text")),
        rows,
    )


def _by_target_group(filters: Filters) -> Table:
    values: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        _cells(filters)
        .exclude(target_group=EVERYONE)
        .filter(dimension=Dimension.TOTAL)
        .values_list("target_group", "source")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for group, source, n in rows:
        values[group][source] += n
    names = term_names(reference.TARGET_GROUP)
    return Table(
        "target-groups",
        gettext_lazy("Requests by target group"),
        _source_columns(Column("target_group", gettext_lazy("Target group"), "text")),
        _by_source(values, names, partition=False),
        note=gettext_lazy("A request may name several target groups, so the rows add up to more than all requests."),
    )


def _populations(filters: Filters) -> tuple[dict[str, int], dict[str, str]]:
    """Inhabitants of each place of the area (settlements; municipalities for the country), and each
    settlement's mayoralty."""
    settlements = Settlement.objects.all()
    if filters.is_mayoralty:
        settlements = settlements.filter(mayoralty_id=filters.area)
    elif not filters.is_country:
        settlements = settlements.filter(municipality_id=filters.area)
    if filters.is_country:
        rows = settlements.values_list("municipality_id").annotate(n=Sum("population")).order_by()
        return {code: n or 0 for code, n in rows}, {}
    people: dict[str, int] = {}
    mayoralty_of: dict[str, str] = {}
    for ekatte, population, mayoralty in settlements.values_list("ekatte", "population", "mayoralty_id"):
        people[ekatte] = population or 0
        mayoralty_of[ekatte] = mayoralty or ""
    return people, mayoralty_of


def _per_inhabitants_columns(first: Column) -> list[Column]:
    return [
        first,
        Column("population", gettext_lazy("Inhabitants")),
        Column("requests", gettext_lazy("Requests")),
        Column("per_1000", gettext_lazy("Per 1,000 inhabitants"), "rate"),
    ]


def _places(filters: Filters, totals: dict[str, dict[str, int]], people: dict[str, int]) -> Table:
    counts = {code: sum(by_source.values()) for code, by_source in totals.items()}
    order = sorted(counts, key=lambda c: (-counts[c], c))
    names = labels.place_names(order, municipalities=filters.is_country)
    shown = suppress_parts([counts[c] for c in order])
    first = gettext_lazy("Municipality") if filters.is_country else gettext_lazy("Settlement")
    return Table(
        "places",
        gettext_lazy("Requests by place"),
        _per_inhabitants_columns(Column("place", first, "text")),
        [
            [
                names.get(c) or labels.not_stated(),
                people.get(c),
                shown[i],
                rate(counts[c], people.get(c)),
            ]
            for i, c in enumerate(order)
        ],
    )


def _mayoralties(
    counts: dict[str, int], people: dict[str, int], mayoralty_of: dict[str, str], municipality: str
) -> Table:
    """The municipality's requests summed by mayoralty; settlements outside every mayoralty make one row."""
    requests: dict[str, int] = defaultdict(int)
    inhabitants: dict[str, int] = defaultdict(int)
    for ekatte, population in people.items():
        inhabitants[mayoralty_of.get(ekatte, "")] += population
    for ekatte, n in counts.items():
        requests[mayoralty_of.get(ekatte, "") if ekatte else "?"] += n
    names = dict(Mayoralty.objects.filter(municipality_id=municipality).values_list("code", "name"))
    order = sorted(requests, key=lambda c: (-requests[c], c))
    shown = suppress_parts([requests[c] for c in order])

    def name(code: str) -> str:
        if code == "?":
            return labels.not_stated()
        return names.get(code) or _("Settlements without a mayoralty")

    return Table(
        "mayoralties",
        gettext_lazy("Requests by mayoralty"),
        _per_inhabitants_columns(Column("mayoralty", gettext_lazy("Mayoralty"), "text")),
        [
            [name(c), inhabitants.get(c) if c != "?" else None, shown[i], rate(requests[c], inhabitants.get(c))]
            for i, c in enumerate(order)
        ],
    )


def _services(filters: Filters) -> Any:
    """The active services of the area (given at a place in a mayoralty's settlements), of the type chosen."""
    services = Service.objects.filter(status=Service.Status.ACTIVE)
    if filters.is_mayoralty:
        services = services.filter(service_at_locations__location__settlement__mayoralty_id=filters.area).distinct()
    elif not filters.is_country:
        services = services.filter(municipality_id=filters.area)
    if filters.service_type:
        services = services.filter(id__in=services_with_terms("service_type", [filters.service_type]))
    return services


FUNDED_NOTE = gettext_lazy(
    "Funded by the state: the most users the state funds under the National Map of Social Services, for the "
    "services it funds (a dash where the type has none), as decided now."
)
# Each service's (places, occupied, waiting), and the note saying when they stood so.
Held = tuple[dict[Any, tuple[int | None, ...]], str]


def _capacity_held(filters: Filters, services: Any) -> Held:
    """Each service's places, occupied places and waiting list: as kept in the period's last month with
    figures (so a past year's report gives the same figures every time), else as they stand now."""
    kept = CapacityMonth.objects.filter(
        month__gte=filters.start, month__lte=filters.end, service__in=services.values("id")
    )
    last = kept.aggregate(last=Max("month"))["last"]
    if last is not None:
        rows = kept.filter(month=last).values_list("service_id", "places", "occupied", "waiting")
        note = _("Places, occupied places and waiting lists as they stood in %(month)s.") % {"month": f"{last:%Y-%m}"}
        return {service_id: tuple(held) for service_id, *held in rows}, note
    now = Capacity.objects.filter(service__in=services.values("id")).values_list(
        "service_id", "places", "occupied", "waiting"
    )
    return {service_id: tuple(held) for service_id, *held in now}, _(
        "Places, occupied places and waiting lists as they stand now."
    )


def _funded(services: Any) -> dict[Any, int]:
    """The places the state funds for each state-funded service (the National Map of Social Services),
    as they stand now."""
    rows = Capacity.objects.filter(service__in=services.values("id"), funded_places__isnull=False)
    return {service_id: places or 0 for service_id, places in rows.values_list("service_id", "funded_places")}


def _capacity(filters: Filters, demand: dict[str, dict[str, int]], held: Held, funded: dict[Any, int]) -> Table:
    """Per service type: services, places, the places the state funds, occupied, waiting and occupancy,
    beside the referrals and applications made to services of the type."""
    services = _services(filters)
    types = Attribute.objects.filter(
        link_type="service_type",
        taxonomy_term__taxonomy__code=reference.SERVICE_TYPE,
        service__in=services.values("id"),
    ).values_list("service_id", "taxonomy_term__code")
    type_of: dict[Any, str] = {}
    for service_id, code in types:
        type_of.setdefault(service_id, code)
    figures: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    funded_places: dict[str, int] = {}
    capacity, note = held
    for service_id in services.values_list("id", flat=True):
        kind = type_of.get(service_id, "")
        if filters.service_type and kind != filters.service_type:
            continue
        row = figures[kind]
        row[0] += 1
        for i, figure in enumerate(capacity.get(service_id, ()), start=1):
            row[i] += figure or 0
        if service_id in funded:
            funded_places[kind] = funded_places.get(kind, 0) + funded[service_id]
    names = term_names(reference.SERVICE_TYPE)
    order = [c for c in names if c in figures or c in demand] + ([""] if "" in figures else [])
    rows: list[list[Cell]] = []
    for code in order:
        count, places, occupied, waiting = figures.get(code, [0, 0, 0, 0])
        asked = sum(demand.get(code, {}).values())
        rows.append(
            [
                names.get(code) or labels.not_stated(),
                count,
                places,
                funded_places.get(code),
                suppress_count(occupied),
                share(occupied, places) if places else None,
                suppress_count(waiting),
                suppress_count(asked),
            ]
        )
    return Table(
        "capacity",
        gettext_lazy("Capacity and demand by service type"),
        [
            Column("service_type", gettext_lazy("Service type"), "text"),
            Column("services", gettext_lazy("Services")),
            Column("places", gettext_lazy("Places")),
            Column("funded", gettext_lazy("Funded by the state")),
            Column("occupied", gettext_lazy("Occupied")),
            Column("occupancy", gettext_lazy("Occupancy, %"), "percent"),
            Column("waiting", gettext_lazy("On the waiting list")),
            Column("asked", gettext_lazy("Referrals and applications in the period")),
        ],
        rows,
        note=f"{note} {FUNDED_NOTE}",
    )


def _unmet(filters: Filters, needs: dict[str, dict[str, int]], held: Held) -> Table:
    """Each need asked for in the period: how many active services of the area meet it, how many of those
    are full, and how many referrals for it closed for lack of capacity."""
    services = _services(filters)
    meeting: dict[str, set[Any]] = defaultdict(set)
    rows_ = Attribute.objects.filter(
        link_type="need", taxonomy_term__taxonomy__code=reference.NEED, service__in=services.values("id")
    ).values_list("taxonomy_term__code", "service_id")
    for code, service_id in rows_:
        meeting[code].add(service_id)
    full = {
        service_id
        for service_id, (places, occupied, waiting) in held[0].items()
        if (waiting or 0) > 0 or (places is not None and (occupied or 0) >= places)
    }
    refused: dict[str, int] = defaultdict(int)
    for referral_needs in _no_capacity_referrals(filters):
        for code in referral_needs or ():
            refused[code] += 1
    names = term_names(reference.NEED)
    order = sorted(needs, key=lambda c: (-sum(needs[c].values()), c))
    rows: list[list[Cell]] = []
    for code in order:
        count = len(meeting.get(code, ()))
        rows.append(
            [
                names.get(code, code),
                suppress_count(sum(needs[code].values())),
                count,
                len(meeting.get(code, set()) & full),
                suppress_count(refused.get(code, 0)),
                _("No service in the area") if count == 0 else "",
            ]
        )
    return Table(
        "unmet-needs",
        gettext_lazy("Needs and the services that meet them"),
        [
            Column("need", gettext_lazy("Need"), "text"),
            Column("requests", gettext_lazy("Requests")),
            Column("services", gettext_lazy("Services that meet it")),
            Column("full", gettext_lazy("Of them full")),
            Column("no_capacity", gettext_lazy("Referrals closed for lack of capacity")),
            Column("gap", gettext_lazy("Gap"), "text"),
        ],
        rows,
    )


def _looked_for(filters: Filters, services: Any) -> list[Table]:
    """What people look for and do not find: the searches that found nothing (made at least MIN_GROUP
    times, as a search's words may say something about the one who typed them), and the services whose
    pages people did not find useful."""
    start, end = filters.start, next_month(filters.end)
    municipality = filters.municipality or None
    searches = missed_searches(municipality=municipality, start=start, end=end, least=MIN_GROUP, limit=TOP_SEARCHES)
    note = _(
        "Searches made at least %(least)s times in the period, as the search reads them; catalog editors see "
        "every one on their page of feedback and usage."
    ) % {"least": MIN_GROUP}
    if filters.is_mayoralty:
        note += " " + _("Searches are counted for the whole municipality.")
    usage = services_usage(services=services, start=start, end=end)
    return [missed_searches_table(searches, note=note), not_useful_table(usage)]


def _no_capacity_referrals(filters: Filters) -> list[Any]:
    return list(referrals_in(filters).filter(reason=Referral.Reason.NO_CAPACITY).values_list("needs", flat=True))


def needs_analysis(filters: Filters) -> Demand:
    counts, by_month = _counts(filters)
    totals = counts.get(Dimension.TOTAL, {}).get("", {})
    demand = Demand(filters=filters, total=sum(totals.values()))
    tables: list[Table] = [_over_time(filters, by_month)]
    needs = counts.get(Dimension.NEED, {})
    tables.append(
        Table(
            "needs",
            gettext_lazy("Requests by need"),
            _source_columns(Column("need", gettext_lazy("Need"), "text")),
            _by_source(needs, term_names(reference.NEED), partition=False),
            note=gettext_lazy("A request may name several needs, so the rows add up to more than all requests."),
        )
    )
    if filters.target_group == EVERYONE:
        tables.append(_by_target_group(filters))
    tables.append(
        Table(
            "age-bands",
            gettext_lazy("Requests by age"),
            _source_columns(Column("age_band", gettext_lazy("Age"), "text")),
            _by_source(counts.get(Dimension.AGE_BAND, {}), labels.age_band_names(), partition=True),
        )
    )
    people, mayoralty_of = _populations(filters)
    place_counts = counts.get(Dimension.PLACE, {})
    tables.append(_places(filters, place_counts, people))
    demand.places = {code: sum(v.values()) for code, v in place_counts.items()}
    if not filters.is_country and not filters.is_mayoralty:
        tables.append(_mayoralties(demand.places, people, mayoralty_of, filters.area))
    services = _services(filters)
    held = _capacity_held(filters, services)
    tables.append(_capacity(filters, counts.get(Dimension.SERVICE_TYPE, {}), held, _funded(services)))
    tables.append(_unmet(filters, needs, held))
    tables += _looked_for(filters, services)
    demand.tables = {table.slug: table for table in tables}
    return demand


def map_places(filters: Filters, requests: dict[str, int]) -> list[MapPoint]:
    """Every place of the area with coordinates, with its requests (small groups hidden) and services."""
    rows: Any
    if filters.is_country:
        rows = Municipality.objects.values_list("code", "name", "centre__latitude", "centre__longitude")
        services = dict(
            Service.objects.filter(status=Service.Status.ACTIVE)
            .values_list("municipality_id")
            .annotate(n=Count("id"))
            .order_by()
        )
    else:
        settlements = Settlement.objects.filter(municipality_id=filters.municipality)
        if filters.is_mayoralty:
            settlements = settlements.filter(mayoralty_id=filters.area)
        rows = settlements.values_list("ekatte", "name", "latitude", "longitude")
        services = dict(
            _services(filters)
            .values_list("service_at_locations__location__settlement_id")
            .annotate(n=Count("id", distinct=True))
            .order_by()
        )
    places = [(code, name, lat, lng) for code, name, lat, lng in rows if lat is not None and lng is not None]
    shown = suppress_parts([requests.get(code, 0) for code, *_rest in places])
    return [
        MapPoint(name, lat, lng, shown[i], services.get(code, 0)) for i, (code, name, lat, lng) in enumerate(places)
    ]


def last_refresh() -> Refresh | None:
    """When the figures were last counted up to."""
    return Refresh.objects.filter(name=DEMAND).first()
