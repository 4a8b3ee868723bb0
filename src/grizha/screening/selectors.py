"""Screening against the catalog: the rules of every active service, compiled once per catalog
version and kept in memory, and the results in words of the asked language."""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from grizha.catalog import reference
from grizha.catalog.eligibility import describe_age_range, describe_criterion
from grizha.catalog.models import Attribute, Service, TaxonomyTerm
from grizha.catalog.versioning import changed_in_this_transaction, current_version
from grizha.screening.rules import Condition, Outcome, Person, RuleBook, ServiceRules, Verdict, screen
from grizha.territory.models import Municipality

RULE_LINKS = {
    "need": reference.NEED,
    "audience": reference.TARGET_GROUP,
    "eligibility": None,  # target groups and criteria
    "access_route": reference.ACCESS_ROUTE,
}


@dataclass
class ScreeningCatalog:
    """The rule book with the names its explanations need, in both languages."""

    book: RuleBook
    term_names: dict[tuple[str, str], dict[str, str]]
    municipality_names: dict[str, dict[str, str]]

    def term(self, taxonomy: str, code: str, lang: str) -> str:
        names = self.term_names.get((taxonomy, code), {})
        return names.get(lang) or names.get("bg") or code

    def municipality(self, code: str, lang: str) -> str:
        names = self.municipality_names.get(code, {})
        return names.get(lang) or names.get("bg") or code


def _compile() -> ScreeningCatalog:
    terms: dict[Any, tuple[str, str, int]] = {}
    term_names: dict[tuple[str, str], dict[str, str]] = {}
    for term_id, taxonomy, code, position, name_bg, name_en in TaxonomyTerm.objects.filter(
        taxonomy__code__in=(reference.NEED, reference.TARGET_GROUP, reference.ACCESS_ROUTE, reference.ELIGIBILITY_CRITERION)
    ).values_list("id", "taxonomy__code", "code", "position", "name_bg", "name_en"):
        terms[term_id] = (taxonomy, code, position)
        term_names[(taxonomy, code)] = {"bg": name_bg or "", "en": name_en or ""}

    attributes: dict[Any, list[tuple[int, str, str, str, str]]] = defaultdict(list)
    rows = Attribute.objects.filter(
        service__isnull=False, link_type__in=RULE_LINKS, taxonomy_term_id__in=list(terms)
    ).values_list("service_id", "link_type", "taxonomy_term_id", "value")
    for service_id, link_type, term_id, value in rows.iterator(chunk_size=5000):
        taxonomy, code, position = terms[term_id]
        expected = RULE_LINKS[link_type]
        if expected is None and taxonomy not in (reference.TARGET_GROUP, reference.ELIGIBILITY_CRITERION):
            continue
        if expected is not None and taxonomy != expected:
            continue
        attributes[service_id].append((position, link_type, taxonomy, code, value or ""))

    services = []
    for service_id, municipality, name_bg, name_en, minimum_age, maximum_age in (
        Service.objects.filter(status=Service.Status.ACTIVE)
        .order_by("id")
        .values_list("id", "municipality_id", "name_bg", "name_en", "minimum_age", "maximum_age")
        .iterator(chunk_size=5000)
    ):
        own = sorted(attributes.get(service_id, ()))
        services.append(
            ServiceRules(
                id=str(service_id),
                municipality=municipality,
                name={"bg": name_bg or "", "en": name_en or ""},
                minimum_age=minimum_age,
                maximum_age=maximum_age,
                needs=frozenset(code for _, link, _, code, _ in own if link == "need"),
                audience=frozenset(code for _, link, _, code, _ in own if link == "audience"),
                eligibility_groups=tuple(
                    dict.fromkeys(
                        code for _, link, tax, code, _ in own if link == "eligibility" and tax == reference.TARGET_GROUP
                    )
                ),
                criteria=tuple(
                    (code, value)
                    for _, link, tax, code, value in own
                    if link == "eligibility" and tax == reference.ELIGIBILITY_CRITERION
                ),
                access_route=next((code for _, link, _, code, _ in own if link == "access_route"), ""),
            )
        )
    municipality_names = {
        code: {"bg": bg or "", "en": en or ""}
        for code, bg, en in Municipality.objects.values_list("code", "name_bg", "name_en")
    }
    return ScreeningCatalog(RuleBook(services), term_names, municipality_names)


_lock = threading.Lock()
_compiled: tuple[int, ScreeningCatalog] | None = None


def screening_catalog() -> ScreeningCatalog:
    """The compiled rules of the current catalog version, built once per process and version."""
    global _compiled
    if changed_in_this_transaction():
        # This transaction wrote to the catalog: it must see its own writes, and nobody else may.
        return _compile()
    version = current_version()
    with _lock:
        if _compiled is None or _compiled[0] != version:
            _compiled = (version, _compile())
        return _compiled[1]


# --- words ------------------------------------------------------------------------------------


def _condition_words(condition: Condition, rules: ServiceRules, catalog: ScreeningCatalog, lang: str) -> str:
    if condition.kind == "age":
        return describe_age_range(rules.minimum_age, rules.maximum_age)
    if condition.kind == "groups":
        return ", ".join(catalog.term(reference.TARGET_GROUP, code, lang) for code in condition.detail)
    value = condition.detail[0] if condition.detail else ""
    name = catalog.municipality(value, lang) if condition.kind == "resident-of-municipality" else None
    return describe_criterion(condition.kind, value, municipality_name=name)


def reasons(verdict: Verdict, catalog: ScreeningCatalog, lang: str) -> list[str]:
    """Why the service fits: the needs it meets, the groups it is for, the conditions that hold."""
    found = [_("It meets your need: %(need)s") % {"need": catalog.term(reference.NEED, n, lang)} for n in verdict.needs_met]
    if verdict.groups_met:
        groups = ", ".join(catalog.term(reference.TARGET_GROUP, code, lang) for code in verdict.groups_met)
        found.append(_("It is meant for: %(groups)s") % {"groups": groups})
    for condition in verdict.conditions:
        if condition.outcome is not Outcome.HOLDS or condition.kind == "groups":
            continue
        words = _condition_words(condition, verdict.rules, catalog, lang)
        if condition.kind == "age":
            found.append(_("Your age fits: it is for people %(range)s") % {"range": words})
        else:
            found.append(_("You meet the condition: %(condition)s") % {"condition": words})
    return found


def to_check(verdict: Verdict, catalog: ScreeningCatalog, lang: str) -> list[str]:
    """Each condition that depends on something not stated, in plain words."""
    found = []
    for condition in verdict.unknown:
        words = _condition_words(condition, verdict.rules, catalog, lang)
        if condition.kind == "age":
            found.append(_("your age: the service is for people %(range)s") % {"range": words})
        elif condition.kind == "groups":
            found.append(_("whether you belong to one of these groups: %(groups)s") % {"groups": words})
        else:
            found.append(_("whether you have %(condition)s") % {"condition": words})
    return found


@dataclass
class ScreeningResult:
    verdict: Verdict
    name: str
    reasons: list[str]
    to_check: list[str]
    url: str

    @property
    def service_id(self) -> str:
        return self.verdict.rules.id

    def as_json(self) -> dict[str, Any]:
        return {
            "service_id": self.service_id,
            "name": self.name,
            "match": str(self.verdict.match),
            "needs_met": list(self.verdict.needs_met),
            "reasons": self.reasons,
            "to_check": self.to_check,
            "access_route": self.verdict.rules.access_route or None,
            "url": self.url,
        }


def screening_results(person: Person, lang: str = "bg") -> list[ScreeningResult]:
    """The services that fit the person, best first, explained in the asked language."""
    catalog = screening_catalog()
    verdicts = screen(catalog.book, person, lang)
    base = settings.GRIZHA_BASE_URL.rstrip("/")
    with translation.override(lang):
        marker = "00000000-0000-0000-0000-000000000000"
        pattern = base + reverse("service-detail", kwargs={"service_id": marker})
        return [
            ScreeningResult(
                verdict=v,
                name=v.rules.name.get(lang) or v.rules.name["bg"],
                reasons=reasons(v, catalog, lang),
                to_check=to_check(v, catalog, lang),
                url=pattern.replace(marker, v.rules.id),
            )
            for v in verdicts
        ]
