"""Parsing the public list's filters: known codes are kept, unknown ones are reported and ignored."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict

from grizha.catalog.models import TaxonomyTerm
from grizha.catalog.selectors import FILTER_LINKS, ServiceFilters
from grizha.territory.models import Settlement


@dataclass
class ParsedFilters:
    filters: ServiceFilters
    ignored: list[str] = field(default_factory=list)


def parse_service_filters(query: QueryDict, *, municipality_code: str) -> ParsedFilters:
    taxonomy_codes = {name: taxonomy for name, (_, taxonomy) in FILTER_LINKS.items()}
    known: dict[str, set[str]] = {name: set() for name in taxonomy_codes}
    wanted = {name: [v for v in query.getlist(name) if v] for name in taxonomy_codes}
    if any(wanted.values()):
        for taxonomy, code in TaxonomyTerm.objects.filter(taxonomy__code__in=taxonomy_codes.values()).values_list(
            "taxonomy__code", "code"
        ):
            for name, tax in taxonomy_codes.items():
                if tax == taxonomy:
                    known[name].add(code)
    parsed = ParsedFilters(filters=ServiceFilters())
    for name, values in wanted.items():
        for value in values:
            if value in known[name]:
                getattr(parsed.filters, name).append(value)
            else:
                parsed.ignored.append(value)
    settlement = query.get("settlement", "")
    if settlement:
        known_settlement = settlement.isascii() and settlement.isdigit() and len(settlement) == 5
        if (
            known_settlement
            and Settlement.objects.filter(ekatte=settlement, municipality_id=municipality_code).exists()
        ):
            parsed.filters.settlement = settlement
        else:
            parsed.ignored.append(settlement)
    return parsed
