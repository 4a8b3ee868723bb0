"""What a set of figures is about: a period of whole months, an area (the country, a municipality or a
mayoralty), and optionally one target group and one service type; and which areas a member may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from grizha.accounts.roles import Capability
from grizha.accounts.selectors import StaffScope
from grizha.analytics.models import COUNTRY, EVERYONE
from grizha.analytics.months import month_bounds, month_start, months_between
from grizha.territory.models import Mayoralty, Municipality, Office


@dataclass(frozen=True)
class Filters:
    start: date  # the first month (its first day)
    end: date  # the last month, included (its first day)
    area: str = COUNTRY
    target_group: str = EVERYONE
    service_type: str = ""

    @property
    def is_country(self) -> bool:
        return self.area == COUNTRY

    @property
    def is_mayoralty(self) -> bool:
        return len(self.area) > 5

    @property
    def municipality(self) -> str:
        """The municipality of the area ("" for the country)."""
        return self.area[:5]

    def months(self) -> list[date]:
        return months_between(self.start, self.end)

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as aware datetimes: from the first month's first midnight to the next after the last."""
        return month_bounds(self.start)[0], month_bounds(self.end)[1]


def default_period(today: date) -> tuple[date, date]:
    """This year so far: from January to this month."""
    return date(today.year, 1, 1), month_start(today)


@dataclass(frozen=True)
class Area:
    code: str
    name: str


def visible_areas(scope: StaffScope) -> list[Area]:
    """The areas whose figures a member may see: the country with ANALYSE_COUNTRY; each municipality of a
    membership outside a mayoralty, with its mayoralties; the mayoralty of a mayoralty office alone."""
    if not scope.can(Capability.ANALYSE):
        return []
    offices = Office.objects.filter(id__in=scope.home_office_ids).values_list("kind", "municipality_id", "mayoralty_id")
    whole = sorted({m for kind, m, _mayoralty in offices if kind != Office.Kind.MAYORALTY or not _mayoralty})
    own = {mayoralty for kind, _m, mayoralty in offices if kind == Office.Kind.MAYORALTY and mayoralty}
    areas: list[Area] = []
    if scope.can(Capability.ANALYSE_COUNTRY):
        areas.append(Area(COUNTRY, _("The whole country")))
    names = dict(Municipality.objects.filter(code__in=whole).values_list("code", "name"))
    mayoralties = Mayoralty.objects.filter(municipality_id__in=whole) | Mayoralty.objects.filter(code__in=own)
    by_municipality: dict[str, list[Area]] = {}
    for code, name, municipality in mayoralties.order_by("name").values_list("code", "name", "municipality_id"):
        by_municipality.setdefault(municipality, []).append(Area(code, _("Mayoralty of %(name)s") % {"name": name}))
    for code in whole:
        areas.append(Area(code, _("Municipality of %(name)s") % {"name": names.get(code, code)}))
        areas += by_municipality.pop(code, [])
    for rest in by_municipality.values():
        areas += rest
    return areas
