"""Screening against the catalog: the rules of every active service, compiled once per catalog
version and kept in memory, and the results in words of the asked language."""

from __future__ import annotations

import gc
import json
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from grizha.catalog import reference
from grizha.catalog.eligibility import describe_age_range, describe_criterion
from grizha.catalog.models import Attribute, Service, TaxonomyTerm
from grizha.catalog.versioning import changed_in_this_transaction, current_version
from grizha.screening.rules import (
    RESIDENCE,
    Condition,
    Match,
    Outcome,
    Person,
    RuleBook,
    ServiceRules,
    Verdict,
    residence_of,
    screen,
)
from grizha.territory.models import Municipality
from grizha.territory.sites import current_base_url

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
    _listings: dict[tuple[str, str], Listing] = field(default_factory=dict)

    def term(self, taxonomy: str, code: str, lang: str) -> str:
        names = self.term_names.get((taxonomy, code), {})
        return names.get(lang) or names.get("bg") or code

    def municipality(self, code: str, lang: str) -> str:
        names = self.municipality_names.get(code, {})
        return names.get(lang) or names.get("bg") or code

    def listing(self, lang: str) -> Listing:
        """Each service's place in the order of names and the ready JSON around its verdict, per
        language (and base URL), made once per catalog version."""
        before, after = _page_url(lang)
        found = self._listings.get((lang, before))
        if found is None:
            services = self.book.services
            names = [r.name.get(lang) or r.name.get("bg") or "" for r in services]
            order = sorted(range(len(services)), key=lambda i: (names[i].casefold(), services[i].id))
            rank = [0] * len(services)
            for position, i in enumerate(order):
                rank[i] = position
            found = self._listings[(lang, before)] = Listing(
                rank=rank,
                opening=[
                    f'{{"service_id":"{r.id}","name":{_dumps(n)},'.encode()
                    for r, n in zip(services, names, strict=True)
                ],
                closing=[
                    f'],"access_route":{_dumps(r.access_route or None)},"url":"{before}{r.id}{after}"}},'.encode()
                    for r in services
                ],
            )
        return found


@dataclass
class Listing:
    rank: list[int]
    # UTF-8 JSON: {"service_id": ..., "name": ...,  and  the end of "to_check", "access_route", "url"},
    opening: list[bytes]
    closing: list[bytes]


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _dumps(value: Any) -> str:
    return _encode(value)


def _terms() -> tuple[dict[Any, tuple[str, str, int]], dict[tuple[str, str], dict[str, str]]]:
    """Our vocabularies' terms that screening reads: id -> (taxonomy, code, position), and their names."""
    terms: dict[Any, tuple[str, str, int]] = {}
    names: dict[tuple[str, str], dict[str, str]] = {}
    for term_id, taxonomy, code, position, name_bg, name_en in TaxonomyTerm.objects.filter(
        taxonomy__code__in=(
            reference.NEED,
            reference.TARGET_GROUP,
            reference.ACCESS_ROUTE,
            reference.ELIGIBILITY_CRITERION,
        )
    ).values_list("id", "taxonomy__code", "code", "position", "name_bg", "name_en"):
        taxonomy = taxonomy or ""
        terms[term_id] = (taxonomy, code, position)
        names[(taxonomy, code)] = {"bg": name_bg or "", "en": name_en or ""}
    return terms, names


def _rules(services: Any, terms: dict[Any, tuple[str, str, int]]) -> list[ServiceRules]:
    """The rules of the services of a queryset, from their attributes of our vocabularies."""
    attributes: dict[Any, list[tuple[int, str, str, str, str]]] = defaultdict(list)
    rows = Attribute.objects.filter(
        service__in=services.values("id"), link_type__in=RULE_LINKS, taxonomy_term_id__in=list(terms)
    ).values_list("service_id", "link_type", "taxonomy_term_id", "value")
    for service_id, link_type, term_id, value in rows.iterator(chunk_size=5000):
        taxonomy, code, position = terms[term_id]
        expected = RULE_LINKS[link_type]
        if expected is None and taxonomy not in (reference.TARGET_GROUP, reference.ELIGIBILITY_CRITERION):
            continue
        if expected is not None and taxonomy != expected:
            continue
        attributes[service_id].append((position, link_type, taxonomy, code, value or ""))

    found = []
    for service_id, municipality, name_bg, name_en, minimum_age, maximum_age in (
        services.order_by("id")
        .values_list("id", "municipality_id", "name_bg", "name_en", "minimum_age", "maximum_age")
        .iterator(chunk_size=5000)
    ):
        own = sorted(attributes.get(service_id, ()))
        found.append(
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
                # Residence last: its words are the only ones that differ between municipalities.
                criteria=tuple(
                    sorted(
                        (
                            (code, value)
                            for _, link, tax, code, value in own
                            if link == "eligibility" and tax == reference.ELIGIBILITY_CRITERION
                        ),
                        key=lambda item: item[0] == RESIDENCE,
                    )
                ),
                access_route=next((code for _, link, _, code, _ in own if link == "access_route"), ""),
            )
        )
    return found


def _compile() -> ScreeningCatalog:
    terms, term_names = _terms()
    services = _rules(Service.objects.filter(status=Service.Status.ACTIVE), terms)
    municipality_names = {
        code: {"bg": bg or "", "en": en or ""}
        for code, bg, en in Municipality.objects.values_list("code", "name_bg", "name_en")
    }
    return ScreeningCatalog(RuleBook(services), term_names, municipality_names)


def compile_service(service_id: Any) -> ServiceRules | None:
    """One service's rules whatever its status (for editors: what screening would do if it were active)."""
    terms, _names = _terms()
    found = _rules(Service.objects.filter(id=service_id), terms)
    return found[0] if found else None


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
            # Tens of thousands of long-lived objects: keep the collector from walking them on every pass.
            gc.freeze()
        return _compiled[1]


# --- words ------------------------------------------------------------------------------------


def _condition_words(condition: Condition, rules: ServiceRules, catalog: ScreeningCatalog, lang: str) -> str:
    if condition.kind == "age":
        return describe_age_range(rules.minimum_age, rules.maximum_age)
    if condition.kind == "groups":
        return ", ".join(catalog.term(reference.TARGET_GROUP, code, lang) for code in condition.detail)
    if condition.kind == RESIDENCE:
        # Verdicts are shared between services that differ only in their municipality: ask the rules.
        value = residence_of(rules) or ""
        return describe_criterion(RESIDENCE, value, municipality_name=catalog.municipality(value, lang))
    return describe_criterion(condition.kind, condition.detail[0] if condition.detail else "")


def reasons(verdict: Verdict, catalog: ScreeningCatalog, lang: str) -> list[str]:
    """Why the service fits: the needs it meets, the groups it is for, the conditions that hold."""
    found = [
        _("It meets your need: %(need)s") % {"need": catalog.term(reference.NEED, n, lang)} for n in verdict.needs_met
    ]
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


def _check_words(condition: Condition, rules: ServiceRules, catalog: ScreeningCatalog, lang: str) -> str:
    words = _condition_words(condition, rules, catalog, lang)
    if condition.kind == "age":
        return _("your age: the service is for people %(range)s") % {"range": words}
    if condition.kind == "groups":
        return _("whether you belong to one of these groups: %(groups)s") % {"groups": words}
    return _("whether you have %(condition)s") % {"condition": words}


def to_check(verdict: Verdict, catalog: ScreeningCatalog, lang: str) -> list[str]:
    """Each condition that depends on something not stated, in plain words."""
    return [_check_words(condition, verdict.rules, catalog, lang) for condition in verdict.unknown]


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

    @property
    def match(self) -> Match:
        return self.verdict.match

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


def _page_url(lang: str) -> tuple[str, str]:
    """The absolute URL of a service's page in the language, split around its id."""
    marker = "00000000-0000-0000-0000-000000000000"
    with translation.override(lang):
        path = reverse("service-detail", kwargs={"service_id": marker})
    before, after = path.split(marker)
    return current_base_url() + before, after


def screening_results(person: Person, lang: str = "bg") -> list[ScreeningResult]:
    """The services that fit the person, best first, explained in the asked language."""
    catalog = screening_catalog()
    verdicts = screen(catalog.book, person, lang)
    before, after = _page_url(lang)
    with translation.override(lang):
        return [
            ScreeningResult(
                verdict=v,
                name=v.rules.name.get(lang) or v.rules.name["bg"],
                reasons=reasons(v, catalog, lang),
                to_check=to_check(v, catalog, lang),
                url=before + v.rules.id + after,
            )
            for v in verdicts
        ]


# A national screening may offer thousands of services; its need signal keeps those a person sees first.
OFFERED_KEPT = 100


@dataclass(frozen=True)
class Offer:
    """What a screening offered, for its need signal: the first services, how many of each match."""

    service_ids: list[str]
    eligible: int
    maybe: int

    @classmethod
    def of(cls, results: list[ScreeningResult]) -> Offer:
        eligible = sum(1 for r in results if r.match is Match.ELIGIBLE)
        return cls([r.service_id for r in results[:OFFERED_KEPT]], eligible, len(results) - eligible)


@dataclass
class _Shared:
    """What every service with the same verdict shares in the answer: ranks and ready JSON."""

    eligible: int
    high: int
    low: int
    body: bytes  # "match", "needs_met", "reasons" and "to_check" up to the residence's words
    residence_unknown: bool


def screening_answer(person: Person, lang: str = "bg") -> tuple[bytes, Offer]:
    """The UTF-8 JSON of POST /api/v1/screening, the same as `screening_results` gives, built for a national
    catalog: each distinct verdict is put into words once, and each answer is assembled from ready JSON."""
    catalog = screening_catalog()
    book, listing = catalog.book, catalog.listing(lang)
    shared: dict[int, _Shared] = {}
    part_of: list[_Shared | None] = [None] * len(book.services)
    rows = []
    home = person.municipality
    services, rank = book.services, listing.rank
    with translation.override(lang):
        for i, verdict in book.verdicts(person):
            part = shared.get(id(verdict))
            if part is None:
                part = shared[id(verdict)] = _share(verdict, catalog, lang)
            part_of[i] = part
            own = 0 if home and services[i].municipality == home else 1
            # One integer per row: the order of CONTRACTS section 3, then the row itself.
            rows.append(((((part.high * 2 + own) << 12 | part.low) << 24 | rank[i]) << 24) | i)
        rows.sort()
        residence_checks: dict[str | None, bytes] = {}
        pieces: list[bytes] = []
        opening, closing = listing.opening, listing.closing
        eligible = 0
        for row in rows:
            i = row & 0xFFFFFF
            part = part_of[i]
            assert part is not None
            eligible += part.eligible
            if part.residence_unknown:
                residence = book.residences[i]
                words = residence_checks.get(residence)
                if words is None:
                    condition = Condition(RESIDENCE, Outcome.UNKNOWN)
                    words = residence_checks[residence] = _dumps(
                        _check_words(condition, services[i], catalog, lang)
                    ).encode()
                pieces += (opening[i], part.body, words, closing[i])
            else:
                pieces += (opening[i], part.body, closing[i])
    offer = Offer([services[row & 0xFFFFFF].id for row in rows[:OFFERED_KEPT]], eligible, len(rows) - eligible)
    return b'{"results":[' + b"".join(pieces)[:-1] + b"]}", offer


def _share(verdict: Verdict, catalog: ScreeningCatalog, lang: str) -> _Shared:
    checks = [_dumps(_check_words(c, verdict.rules, catalog, lang)) for c in verdict.unknown if c.kind != RESIDENCE]
    residence_unknown = any(c.kind == RESIDENCE for c in verdict.unknown)
    body = (
        f'"match":"{verdict.match}","needs_met":{_dumps(list(verdict.needs_met))},'
        f'"reasons":{_dumps(reasons(verdict, catalog, lang))},"to_check":[' + ",".join(checks)
    )
    if residence_unknown and checks:
        body += ","
    return _Shared(
        eligible=verdict.match is Match.ELIGIBLE,
        high=(verdict.match is not Match.ELIGIBLE) * 64 + (63 - min(len(verdict.needs_met), 63)),
        low=(63 - min(len(verdict.groups_met), 63)) * 64 + min(len(verdict.unknown), 63),
        body=body.encode(),
        residence_unknown=residence_unknown,
    )
