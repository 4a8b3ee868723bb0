"""How fresh and complete each municipality's catalogue is, over its active services: stale (never verified,
or verified longer ago than GRIZHA_VERIFY_EVERY_DAYS), not valid HSDS 3.0, missing a translation, without
easy-read text, and an administrative service without its IISDA number.

The national figures are counted by the database in one grouped query, with the validity of HSDS as the
periodic check last stored it (models.HsdsCheck: validating the whole country takes about a minute). The
list of one municipality's services checks their HSDS now, validating only what changed since that check.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, reduce
from operator import and_, or_
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Q
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from grizha.accounts.models import Membership
from grizha.accounts.roles import CAPABILITIES, Capability
from grizha.accounts.selectors import StaffScope
from grizha.catalog.models import Service
from grizha.catalog.selectors import services_with_terms
from grizha.hsds.api import SCHEMAS
from grizha.hsds.serialize import Serializer
from grizha.hsds.tables import DEFAULT_LANGUAGE, LANGUAGES
from grizha.national.models import HsdsCheck
from grizha.territory.models import Municipality

# The texts every service needs in every language.
TEXTS = ("name", "description", "easy_read")
# Administrative services people apply for to the municipality are in IISDA's register (bg-access-route).
APPLY_TO_MUNICIPALITY = "application-to-municipality"
PROBLEMS = ("stale", "invalid_hsds", "missing_translations", "missing_easy_read", "missing_iisda")
MAX_ERRORS = 10  # of one service's HSDS errors, kept and shown; the count says how many there were
BATCH = 200  # services serialized at once: a fixed number of queries each


def stale_before(today: date | None = None) -> date:
    """A service last verified before this day is stale (never verified: stale too)."""
    return (today or timezone.localdate()) - timedelta(days=settings.GRIZHA_VERIFY_EVERY_DAYS)


def _empty(column: str) -> Q:
    # django-modeltranslation leaves a language's column NULL until someone writes it.
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def problem_conditions(today: date | None = None) -> dict[str, Q]:
    """Each problem as a condition on a service, as the figures count it (the list reads the texts themselves,
    to say which are missing, and the tests hold the two to the same counts)."""
    return {
        "stale": Q(assured_date__isnull=True) | Q(assured_date__lt=stale_before(today)),
        "invalid_hsds": Q(hsds_check__error_count__gt=0),
        "missing_translations": reduce(or_, (_empty(f"{text}_{lang}") for text in TEXTS for lang in LANGUAGES)),
        "missing_easy_read": reduce(and_, (_empty(f"easy_read_{lang}") for lang in LANGUAGES)),
        "missing_iisda": Q(iisda_number="") & Q(id__in=services_with_terms("access_route", [APPLY_TO_MUNICIPALITY])),
    }


def _active() -> Any:
    # No default ordering: it would be grouped by too.
    return Service.objects.filter(status=Service.Status.ACTIVE).order_by()


def _local(row: dict[str, Any], prefix: str) -> str:
    """A translated column in the active language, else in the default one."""
    return str(row.get(f"{prefix}_{get_language()}") or row.get(f"{prefix}_{DEFAULT_LANGUAGE}") or "")


# --- the figures, per municipality -----------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """Counts of a municipality's active services (or of all, in the totals) with each problem."""

    code: str
    name: str
    services: int
    stale: int = 0
    invalid_hsds: int = 0
    missing_translations: int = 0
    missing_easy_read: int = 0
    missing_iisda: int = 0
    hsds_unchecked: int = 0  # services the periodic check has not seen yet

    def share(self, count: int) -> float:
        """`count` as a percentage of the services, to one decimal."""
        return round(100 * count / self.services, 1) if self.services else 0.0

    @property
    def stale_share(self) -> float:
        return self.share(self.stale)


def municipality_figures(codes: Collection[str] | None = None, *, today: date | None = None) -> list[Figures]:
    """The figures of every municipality that has active services (or of `codes`), by name: one query."""
    conditions = problem_conditions(today)
    services = _active()
    if codes is not None:
        services = services.filter(municipality_id__in=list(codes))
    rows = services.values("municipality_id", "municipality__name_bg", "municipality__name_en").annotate(
        services=Count("id"),
        **{name: Count("id", filter=condition) for name, condition in conditions.items()},
        hsds_unchecked=Count("id", filter=Q(hsds_check__isnull=True)),
    )
    figures = [
        Figures(
            code=row["municipality_id"],
            name=_local(row, "municipality__name"),
            services=row["services"],
            hsds_unchecked=row["hsds_unchecked"],
            **{name: row[name] for name in PROBLEMS},
        )
        for row in rows
    ]
    return sorted(figures, key=lambda f: (f.name.casefold(), f.code))


def figures_total(rows: Iterable[Figures]) -> Figures:
    """The sum of the rows, as one more row."""
    rows = list(rows)
    counts = {name: sum(getattr(row, name) for row in rows) for name in ("services", *PROBLEMS, "hsds_unchecked")}
    return Figures(code="", name=str(_("All municipalities")), **counts)


def hsds_checked_at() -> datetime | None:
    """When the periodic check last looked at a service's HSDS record."""
    latest: datetime | None = HsdsCheck.objects.aggregate(latest=Max("checked_at"))["latest"]
    return latest


# --- the list of one municipality's services with problems ---------------------------------------------


@dataclass(frozen=True)
class ServiceProblems:
    """One service and what is wrong with it; `missing_texts` is (language code, the texts missing in it)."""

    id: UUID
    name: str
    assured_date: date | None
    assurer_email: str
    stale: bool
    hsds_errors: tuple[str, ...] = ()
    hsds_error_count: int = 0
    missing_texts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    missing_easy_read: bool = False
    missing_iisda: bool = False

    @property
    def invalid_hsds(self) -> bool:
        return self.hsds_error_count > 0

    @property
    def missing_translations(self) -> bool:
        return bool(self.missing_texts)

    @property
    def has_problems(self) -> bool:
        return any(getattr(self, name) for name in PROBLEMS)


@dataclass(frozen=True)
class MunicipalityProblems:
    figures: Figures
    services: list[ServiceProblems] = field(default_factory=list)  # only those with a problem


def service_problems(municipality: Municipality, *, today: date | None = None) -> MunicipalityProblems:
    """The municipality's active services with a problem: stale first (never verified, then the oldest),
    then the others by name; with the figures they add up to. HSDS is checked now."""
    conditions = problem_conditions(today)
    flags = {
        flag: ExpressionWrapper(conditions[flag], output_field=BooleanField()) for flag in ("stale", "missing_iisda")
    }
    texts = [f"{text}_{lang}" for text in TEXTS for lang in LANGUAGES]
    rows = list(
        _active()
        .filter(municipality_id=municipality.code)
        .annotate(**flags)
        .values("id", "assured_date", "assurer_email", *flags, *texts, *(f"name_{lang}" for lang in LANGUAGES))
    )
    errors = hsds_errors([row["id"] for row in rows])
    services = []
    for row in rows:
        missing = tuple(
            (lang, gone) for lang in LANGUAGES if (gone := tuple(text for text in TEXTS if not row[f"{text}_{lang}"]))
        )
        count, shown = errors.get(row["id"], (0, []))
        services.append(
            ServiceProblems(
                id=row["id"],
                name=_local(row, "name"),
                assured_date=row["assured_date"],
                assurer_email=row["assurer_email"],
                stale=bool(row["stale"]),
                hsds_errors=tuple(shown),
                hsds_error_count=count,
                missing_texts=missing,
                missing_easy_read=all(not row[f"easy_read_{lang}"] for lang in LANGUAGES),
                missing_iisda=bool(row["missing_iisda"]),
            )
        )
    figures = Figures(
        code=municipality.code,
        name=municipality.name,
        services=len(services),
        **{problem: sum(1 for s in services if getattr(s, problem)) for problem in PROBLEMS},
    )
    with_problems = [s for s in services if s.has_problems]
    with_problems.sort(
        key=lambda s: (not s.stale, s.assured_date is not None, s.assured_date or date.min, s.name.casefold())
    )
    return MunicipalityProblems(figures=figures, services=with_problems)


# --- HSDS 3.0 validity -------------------------------------------------------------------------------------


@cache
def _schema() -> tuple[Any, str]:
    """The validator of a service against the official HSDS 3.0 schemas (one per table, as published, with
    their references between them), and a digest of the schemas, part of every fingerprint."""
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    digest = hashlib.sha256()
    resources = []
    for path in sorted(SCHEMAS.glob("*.json")):
        content = path.read_bytes()
        digest.update(path.name.encode() + content)
        resources.append((path.name, Resource.from_contents(json.loads(content), default_specification=DRAFT202012)))
    registry: Registry[Any] = Registry().with_resources(resources)
    service_schema = json.loads((SCHEMAS / "service.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        service_schema, registry=registry, format_checker=jsonschema.FormatChecker()
    )
    return validator, digest.hexdigest()


def validation_errors(record: dict[str, Any]) -> list[str]:
    """What is wrong with an HSDS service record, each as "where: what" (empty when it is valid)."""
    validator, _digest = _schema()
    found = sorted(validator.iter_errors(record), key=lambda e: (e.json_path, e.message))
    return [f"{error.json_path}: {error.message}" for error in found]


@dataclass(frozen=True)
class HsdsResult:
    service_id: UUID
    fingerprint: str
    error_count: int
    errors: list[str]
    changed: bool  # whether the record differs from the last stored check (and so was validated now)


def hsds_results(service_ids: Sequence[UUID]) -> Iterator[HsdsResult]:
    """Each service's HSDS record checked against the official schema, batch by batch; a record whose
    fingerprint is the stored check's is taken as that check found it, without validating it again."""
    _validator, digest = _schema()
    serializer = Serializer(DEFAULT_LANGUAGE)
    for start in range(0, len(service_ids), BATCH):
        batch = list(service_ids[start : start + BATCH])
        stored = {
            row[0]: row[1:]
            for row in HsdsCheck.objects.filter(service_id__in=batch).values_list(
                "service_id", "fingerprint", "error_count", "errors"
            )
        }
        with translation.override(DEFAULT_LANGUAGE):
            records = serializer.services(batch)
        for record in records:
            service_id = UUID(record["id"])
            text = json.dumps(record, ensure_ascii=False, sort_keys=True, default=str)
            fingerprint = hashlib.sha256((digest + text).encode()).hexdigest()
            known = stored.get(service_id)
            if known is not None and known[0] == fingerprint:
                yield HsdsResult(service_id, fingerprint, known[1], list(known[2]), changed=False)
                continue
            errors = validation_errors(record)
            yield HsdsResult(service_id, fingerprint, len(errors), errors[:MAX_ERRORS], changed=True)


def hsds_errors(service_ids: Sequence[UUID]) -> dict[UUID, tuple[int, list[str]]]:
    """The services whose HSDS record is not valid now: how many errors, and the first of them."""
    return {r.service_id: (r.error_count, r.errors) for r in hsds_results(service_ids) if r.error_count}


# --- whom to remind of what --------------------------------------------------------------------------------


EDITOR_ROLES = tuple(role for role, capabilities in CAPABILITIES.items() if Capability.EDIT_CATALOG in capabilities)


@dataclass(frozen=True)
class StaleService:
    id: UUID
    names: dict[str, str]  # by language
    assured_date: date | None


def catalog_editors() -> dict[int, set[str]]:
    """Active members of staff who edit the catalog and have an e-mail address, each with the
    municipalities of their offices."""
    memberships = Membership.objects.filter(role__in=EDITOR_ROLES, user__is_active=True).exclude(user__email="")
    editors: dict[int, set[str]] = {}
    for user_id, code in memberships.values_list("user_id", "office__municipality_id"):
        editors.setdefault(user_id, set()).add(code)
    return editors


def stale_services(codes: Collection[str], *, today: date | None = None) -> dict[str, list[StaleService]]:
    """The stale active services of the municipalities, never verified first, then the oldest."""
    rows = (
        _active()
        .filter(problem_conditions(today)["stale"], municipality_id__in=list(codes))
        .values_list("municipality_id", "id", "assured_date", *(f"name_{lang}" for lang in LANGUAGES))
    )
    found: dict[str, list[StaleService]] = {}
    for code, service_id, assured, *names in rows:
        found.setdefault(code, []).append(StaleService(service_id, dict(zip(LANGUAGES, names, strict=True)), assured))
    for services in found.values():
        services.sort(key=lambda s: (s.assured_date is not None, s.assured_date or date.min, str(s.id)))
    return found


# --- who sees what -----------------------------------------------------------------------------------------


def visible_municipalities(scope: StaffScope) -> frozenset[str] | None:
    """The municipalities whose figures a member of staff sees: None for all of them (national editors and
    national analysts), else those of their offices when they edit the catalog, else none."""
    if scope.can(Capability.EDIT_MASTERS) or scope.can(Capability.ANALYSE_COUNTRY):
        return None
    if scope.can(Capability.EDIT_CATALOG):
        return scope.municipality_codes
    return frozenset()


def editable_municipalities(scope: StaffScope) -> frozenset[str]:
    """The municipalities whose services a member of staff checks and marks as verified: those of their
    offices, when they edit the catalog."""
    return scope.municipality_codes if scope.can(Capability.EDIT_CATALOG) else frozenset()
