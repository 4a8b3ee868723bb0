"""The result page's reading of a screening: eligible services first, then those to check, each part
grouped by the need a service meets first, with how to apply. Every service's access steps come in one
query, whatever the number of results."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from grizha.catalog import reference
from grizha.catalog.models import AccessStep
from grizha.screening.rules import Match, Person
from grizha.screening.selectors import ScreeningCatalog, ScreeningResult, screening_catalog
from grizha.territory.models import Office
from grizha.territory.sites import home_municipality


@dataclass
class ResultItem:
    result: ScreeningResult
    access_route: str
    steps: list[AccessStep]
    # Needs met beyond the one the service is listed under.
    also_meets: list[str]

    @property
    def eligible(self) -> bool:
        return self.result.verdict.match is Match.ELIGIBLE


@dataclass
class NeedGroup:
    need: str  # the need's name; empty when no need was stated
    items: list[ResultItem] = field(default_factory=list)


@dataclass
class ResultPage:
    eligible: list[NeedGroup]
    maybe: list[NeedGroup]
    results: Sequence[ScreeningResult]

    @property
    def count(self) -> int:
        return len(self.results)

    @property
    def parts(self) -> list[tuple[list[NeedGroup], str]]:
        """The two parts of the list with their titles, for the plain-text e-mail."""
        titles = (
            (self.eligible, _("Services you are likely to be able to get")),
            (self.maybe, _("Services that may fit: check the conditions")),
        )
        return [(groups, title) for groups, title in titles if groups]


def _grouped(items: list[ResultItem], needs: Sequence[str], catalog: ScreeningCatalog, lang: str) -> list[NeedGroup]:
    groups = {need: NeedGroup(catalog.term(reference.NEED, need, lang)) for need in needs}
    unstated = NeedGroup("")
    for item in items:
        met = item.result.verdict.needs_met
        (groups[met[0]] if met else unstated).items.append(item)
    return [g for g in (*groups.values(), unstated) if g.items]


def result_page(results: Sequence[ScreeningResult], person: Person, lang: str) -> ResultPage:
    """The results arranged for reading, with each service's access route and steps."""
    catalog = screening_catalog()
    steps: dict[str, list[AccessStep]] = defaultdict(list)
    ids = [r.service_id for r in results]
    for step in AccessStep.objects.filter(service_id__in=ids).order_by("service_id", "position", "id"):
        steps[str(step.service_id)].append(step)
    items = [
        ResultItem(
            result=r,
            access_route=(
                catalog.term(reference.ACCESS_ROUTE, r.verdict.rules.access_route, lang)
                if r.verdict.rules.access_route
                else ""
            ),
            steps=steps[r.service_id],
            also_meets=[catalog.term(reference.NEED, n, lang) for n in r.verdict.needs_met[1:]],
        )
        for r in results
    ]
    return ResultPage(
        eligible=_grouped([i for i in items if i.eligible], person.needs, catalog, lang),
        maybe=_grouped([i for i in items if not i.eligible], person.needs, catalog, lang),
        results=results,
    )


def front_offices() -> list[Office]:
    """Where to ask when nothing fits: the municipality's own offices, mayoralties left out."""
    return list(
        Office.objects.filter(municipality_id=home_municipality())
        .exclude(kind=Office.Kind.MAYORALTY)
        .select_related("settlement")
    )
