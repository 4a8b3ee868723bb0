"""Reading the query of a printed document: print size, and a booklet's municipalities and filters.
A value we do not know is an error with a message naming it, never silently dropped: a printed booklet
that quietly ignores the settlement asked for would mislead."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from grizha.catalog import reference
from grizha.catalog.models import TaxonomyTerm
from grizha.catalog.selectors import ServiceFilters
from grizha.territory.models import Municipality, Settlement

LARGE_PRINT = "large"
MAX_MUNICIPALITIES = 30


@dataclass
class BookletRequest:
    municipality_codes: list[str]
    filters: ServiceFilters = field(default_factory=ServiceFilters)
    large: bool = False
    errors: list[tuple[str, str]] = field(default_factory=list)

    def as_params(self) -> dict[str, object]:
        """The request as a job's JSON parameters, in a fixed order so equal requests are equal."""
        return {
            "municipalities": self.municipality_codes,
            "settlement": self.filters.settlement,
            "target_group": sorted(self.filters.target_group),
            "need": sorted(self.filters.need),
            "large": self.large,
        }

    @classmethod
    def from_params(cls, params: dict[str, object]) -> BookletRequest:
        return cls(
            municipality_codes=list(params.get("municipalities") or []),  # type: ignore[call-overload]
            filters=ServiceFilters(
                settlement=str(params.get("settlement") or ""),
                target_group=list(params.get("target_group") or []),  # type: ignore[call-overload]
                need=list(params.get("need") or []),  # type: ignore[call-overload]
            ),
            large=bool(params.get("large")),
        )


def parse_print(query: QueryDict) -> tuple[bool, list[tuple[str, str]]]:
    """`?print=large` asks for large print; no value (or `normal`) for normal print."""
    value = query.get("print", "")
    if value in ("", "normal"):
        return False, []
    if value == LARGE_PRINT:
        return True, []
    message = _("“%(value)s” is not a print size we know. Leave it out for normal print, or ask for large print.")
    return False, [("print", message % {"value": value[:50]})]


def _known_terms(taxonomy: str, values: list[str]) -> set[str]:
    return set(TaxonomyTerm.objects.filter(taxonomy__code=taxonomy, code__in=values).values_list("code", flat=True))


def parse_booklet(query: QueryDict, *, municipality_codes: list[str]) -> BookletRequest:
    """A booklet's filters: `settlement` (an EKATTE code in one of the municipalities), `target_group`
    and `need` (codes of our vocabularies, any number of each), and `print`."""
    large, errors = parse_print(query)
    request = BookletRequest(municipality_codes=municipality_codes, large=large, errors=errors)
    messages = {
        "target_group": _("“%(value)s” is not a target group we know. Choose one from the list."),
        "need": _("“%(value)s” is not a need we know. Choose one from the list."),
    }
    taxonomies = {"target_group": reference.TARGET_GROUP, "need": reference.NEED}
    for name, taxonomy in taxonomies.items():
        values = list(dict.fromkeys(v.strip() for v in query.getlist(name) if v.strip()))
        known = _known_terms(taxonomy, values) if values else set()
        for value in values:
            if value in known:
                getattr(request.filters, name).append(value)
            else:
                request.errors.append((name, messages[name] % {"value": value[:50]}))
    settlement = query.get("settlement", "").strip()
    if settlement:
        if Settlement.objects.filter(ekatte=settlement, municipality_id__in=municipality_codes).exists():
            request.filters.settlement = settlement
        else:
            names = ", ".join(m.name for m in Municipality.objects.filter(code__in=municipality_codes))
            message = _("There is no settlement with the code “%(value)s” in the municipality of %(name)s.")
            request.errors.append(("settlement", message % {"value": settlement[:50], "name": names}))
    return request


def parse_municipalities(query: QueryDict) -> tuple[list[str], list[tuple[str, str]]]:
    """The municipalities of a booklet made in the background: EKATTE codes, at least one."""
    codes = list(dict.fromkeys(v.strip().upper() for v in query.getlist("municipality") if v.strip()))
    if not codes:
        return [], [("municipality", _("Choose at least one municipality."))]
    if len(codes) > MAX_MUNICIPALITIES:
        message = _("Choose at most %(count)s municipalities for one booklet.")
        return [], [("municipality", message % {"count": MAX_MUNICIPALITIES})]
    known = set(Municipality.objects.filter(code__in=codes).values_list("code", flat=True))
    errors = [
        ("municipality", _("“%(value)s” is not a municipality we know.") % {"value": code[:50]})
        for code in codes
        if code not in known
    ]
    return codes, errors
