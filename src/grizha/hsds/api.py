"""The HSDS 3.0 API under /api/hsds/ (CONTRACTS section 3), read-only and public.

Answers are built from the same serializer as the export and returned as ready JSON; the OpenAPI
document refers to the official HSDS schemas for what they contain. Every answer carries an ETag and
Last-Modified taken from the catalog version, so clients and proxies can ask "has it changed?".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, cast

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date, parse_http_date_safe
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from grizha.catalog import models as m
from grizha.hsds.selectors import Selection, ServiceQuery, select_services
from grizha.hsds.serialize import Serializer
from grizha.hsds.tables import DEFAULT_LANGUAGE, TABLES
from grizha.territory.sites import current_base_url

router = Router(tags=["HSDS 3.0"])
SCHEMAS = Path(__file__).parent / "data" / "schemas"
HSDS_PROFILE = "https://docs.openreferral.org/en/3.0/"
MAX_AGE = 60  # seconds public caches may keep an answer before asking again

Lang = Literal["bg", "en"]
Format = Literal["json", "ndjson"]


# --- parameters ------------------------------------------------------------------------------


class PageParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    per_page: int = Field(50, ge=1, le=1000, description="Items per page (at most 1000).")
    format: Format = Field("json", description="`ndjson`: one item per line, without the Page envelope.")
    lang: Lang = Field(cast(Lang, DEFAULT_LANGUAGE), description="Language of the texts (grizha extension).")


class ServiceParams(PageParams):
    search: str = Field(
        "",
        description=(
            "Words to search for, as people type them (Bulgarian in Cyrillic or Latin letters, or English); "
            "only active services, best match first. Any text is accepted; only its first 1,000 characters are read."
        ),
    )
    taxonomy_term_id: uuid.UUID | None = Field(None, description="Services with an attribute of this term.")
    taxonomy_id: uuid.UUID | None = Field(None, description="Services with an attribute of a term of this taxonomy.")
    organization_id: uuid.UUID | None = Field(None, description="Services of this organization.")
    modified_after: dt.datetime | None = Field(None, description="Services modified on or after this time.")
    minimal: bool = Field(False, description="Only each service's id and last_modified.")
    full: bool = Field(False, description="Fully nested services.")
    municipality: str | None = Field(
        None, pattern=r"^[A-Za-z]{3}[0-9]{2}$", description="EKATTE code of the services' municipality, e.g. SLV20."
    )
    settlement: str | None = Field(
        None, pattern=r"^[0-9]{5}$", description="EKATTE code of a settlement where a service has a place, e.g. 67338."
    )
    lat: float | None = Field(None, ge=-90, le=90, description="Latitude of a point (with lng and radius_km).")
    lng: float | None = Field(None, ge=-180, le=180, description="Longitude of a point (with lat and radius_km).")
    radius_km: float | None = Field(None, gt=0, le=1000, description="Services with a place this near the point.")

    @field_validator("search")
    @classmethod
    def _stripped(cls, value: str) -> str:
        return value.strip()

    @field_validator("modified_after", mode="before")
    @classmethod
    def _iso_time(cls, value: Any) -> Any:
        return iso_datetime(value)

    @field_validator("municipality")
    @classmethod
    def _municipality(cls, value: str | None) -> str | None:
        return value.upper() if value else value

    def missing_point_part(self) -> str | None:
        """lat, lng and radius_km go together: the first one missing when only some are given."""
        given = {"lat": self.lat, "lng": self.lng, "radius_km": self.radius_km}
        if all(v is None for v in given.values()):
            return None
        return next((name for name, value in given.items() if value is None), None)


def iso_datetime(value: Any) -> dt.datetime | None:
    """An ISO 8601 date or date and time (no Unix timestamps); a time without zone is taken as UTC."""
    if value is None or isinstance(value, dt.datetime):
        return value
    text = str(value).strip()
    try:
        parsed = parse_datetime(text)
        if parsed is None and (day := parse_date(text)) is not None:
            parsed = dt.datetime.combine(day, dt.time())
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValueError("expected an ISO 8601 date or time, such as 2026-01-31 or 2026-01-31T09:00:00Z")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


class OrganizationParams(PageParams):
    search: str = Field("", max_length=200, description="Words in the organization's name.")
    full: bool = Field(False, description="Organizations with their contacts, phones, locations and programs.")
    full_service: bool = Field(False, description="Also nest each organization's services in full.")


class TermParams(PageParams):
    search: str = Field("", max_length=200, description="Words in the term's name.")
    taxonomy_id: uuid.UUID | None = Field(None, description="Terms of this taxonomy.")
    parent_id: uuid.UUID | None = Field(None, description="Terms under this parent term.")
    top_only: bool = Field(False, description="Only terms without a parent.")


class SalParams(PageParams):
    search: str = Field("", description="Words to search for in the services, as for /services (any text).")
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    modified_after: dt.datetime | None = None
    full: bool = Field(False, description="Each with its service fully nested.")

    @field_validator("modified_after", mode="before")
    @classmethod
    def _iso_time(cls, value: Any) -> Any:
        return iso_datetime(value)


class LangParam(Schema):
    lang: Lang = Field(cast(Lang, DEFAULT_LANGUAGE), description="Language of the texts (grizha extension).")


class OrganizationOne(LangParam):
    full_service: bool = Field(False, description="Nest the organization's services in full.")


class Root(Schema):
    version: str
    profile: str
    openapi_url: str


class ErrorItem(Schema):
    field: str
    message: str


class Errors(Schema):
    errors: list[ErrorItem]


# --- answers ---------------------------------------------------------------------------------


def _conditional(request: HttpRequest, build: Callable[[], HttpResponse]) -> HttpResponse:
    """ETag and Last-Modified from the catalog version; 304 when the client's copy is current."""
    version, changed_at = m.CatalogVersion.objects.filter(pk=1).values_list("version", "changed_at").first() or (
        0,
        None,
    )
    tag = hashlib.sha256(f"{version}:{request.get_full_path()}".encode()).hexdigest()[:32]
    etag = f'W/"{tag}"'
    modified = int(changed_at.timestamp()) if changed_at else None
    if_none_match = request.headers.get("If-None-Match")
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if (if_none_match and etag in [t.strip() for t in if_none_match.split(",")]) or (
        if_none_match is None and since and modified and modified <= since
    ):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = build()
    response["ETag"] = etag
    if modified:
        response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Vary"] = "Accept-Encoding"
    return response


def _json(data: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), status=status, content_type="application/json"
    )


def not_found(kind: str) -> HttpResponse:
    return JsonResponse({"errors": [{"field": "id", "message": f"No {kind} has this id."}]}, status=404)


def _page(params: PageParams, total: int, items: list[dict[str, Any]]) -> HttpResponse:
    if params.format == "ndjson":
        body = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
        return HttpResponse(body, content_type="application/x-ndjson")
    total_pages = math.ceil(total / params.per_page)
    return _json(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": params.page,
            "size": len(items),
            "first_page": params.page == 1,
            "last_page": params.page >= total_pages,
            "empty": not items,
            "contents": items,
        }
    )


def _page_ids(queryset: Any, params: PageParams) -> tuple[int, list[Any]]:
    """How many records match, and the ids of the asked page."""
    start = (params.page - 1) * params.per_page
    return queryset.count(), list(queryset.values_list("id", flat=True)[start : start + params.per_page])


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _schema(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/hsds_{name}"}


def _page_of(name: str, *alternatives: dict[str, Any]) -> dict[str, Any]:
    items = {"anyOf": [_schema(name), *alternatives]} if alternatives else _schema(name)
    return {
        "allOf": [
            {"$ref": "#/components/schemas/hsds_Page"},
            {"type": "object", "properties": {"contents": {"type": "array", "items": items}}},
        ]
    }


MINIMAL_SERVICE = {
    "type": "object",
    "description": "A service as `minimal=true` gives it.",
    "required": ["id", "last_modified"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "last_modified": {"type": "string", "format": "date-time"},
    },
}


def _responses(schema: dict[str, Any], *, not_found: bool = False, listing: bool = False) -> dict[str, Any]:
    content: dict[str, Any] = {"application/json": {"schema": schema}}
    if listing:
        content["application/x-ndjson"] = {"schema": {"type": "string"}}
    responses: dict[str, Any] = {
        "200": {"description": "OK", "content": content},
        "304": {"description": "Not modified since the client's copy (ETag or Last-Modified)."},
        "400": {"description": "Invalid parameters", "content": {"application/json": {"schema": _errors()}}},
    }
    if not_found:
        responses["404"] = {"description": "No such record", "content": {"application/json": {"schema": _errors()}}}
    return {"responses": responses}


def _errors() -> dict[str, Any]:
    return {"$ref": "#/components/schemas/Errors"}


# --- endpoints -------------------------------------------------------------------------------


@router.get(
    "/", response=Root, summary="About this HSDS API", openapi_extra=_responses({"$ref": "#/components/schemas/Root"})
)
def root(request: HttpRequest) -> HttpResponse:
    base = current_base_url()
    return _conditional(
        request, lambda: _json({"version": "3.0.0", "profile": HSDS_PROFILE, "openapi_url": f"{base}/api/openapi.json"})
    )


@router.get(
    "/services", summary="Services", openapi_extra=_responses(_page_of("service", MINIMAL_SERVICE), listing=True)
)
def services(request: HttpRequest, params: Query[ServiceParams]) -> HttpResponse:
    if missing := params.missing_point_part():
        message = "lat, lng and radius_km go together: give all three or none"
        return JsonResponse({"errors": [{"field": missing, "message": message}]}, status=400)

    def build() -> HttpResponse:
        query = ServiceQuery(
            search=params.search,
            lang=params.lang,
            taxonomy_term_id=params.taxonomy_term_id,
            taxonomy_id=params.taxonomy_id,
            organization_id=params.organization_id,
            modified_after=params.modified_after,
            municipality=params.municipality,
            settlement=params.settlement,
            lat=params.lat,
            lng=params.lng,
            radius_km=params.radius_km,
        )
        selection = select_services(query)
        ids = selection.page((params.page - 1) * params.per_page, params.per_page)
        serializer = Serializer(params.lang)
        if params.minimal:
            stamps = dict(m.Service.objects.filter(id__in=ids).values_list("id", "last_modified"))
            items = [{"id": str(sid), "last_modified": _stamp(stamps[sid])} for sid in ids]
        elif params.full:
            items = serializer.services(ids)
        else:
            items = serializer.service_items(ids)
        _add_distances(items, selection)
        return _page(params, selection.count(), items)

    return _conditional(request, build)


def _stamp(value: dt.datetime) -> str:
    from grizha.hsds.tables import to_hsds

    return str(to_hsds(m.Service._meta.get_field("last_modified"), value))


def _add_distances(items: list[dict[str, Any]], selection: Selection) -> None:
    if selection.distances is None:
        return
    for item in items:
        item["distance_km"] = round(selection.distances[uuid.UUID(item["id"])], 3)


@router.get(
    "/services/{id}", summary="One service, fully nested", openapi_extra=_responses(_schema("service"), not_found=True)
)
def service(request: HttpRequest, id: str, params: Query[LangParam]) -> HttpResponse:
    sid = _uuid(id)
    found = Serializer(params.lang).services([sid]) if sid else []
    if not found:
        return not_found("service")
    return _conditional(request, lambda: _json(found[0]))


@router.get("/organizations", summary="Organizations", openapi_extra=_responses(_page_of("organization"), listing=True))
def organizations(request: HttpRequest, params: Query[OrganizationParams]) -> HttpResponse:
    def build() -> HttpResponse:
        queryset = m.Organization.objects.order_by("name_bg", "id")
        if params.search:
            queryset = queryset.filter(_name_search(params.search))
        total, ids = _page_ids(queryset, params)
        serializer = Serializer(params.lang)
        if params.full or params.full_service:
            services = _services_of(serializer, ids) if params.full_service else None
            items = serializer.organizations(ids, services=services)
        else:
            items = serializer.rows_in_order(TABLES["organization"], ids)
        return _page(params, total, items)

    return _conditional(request, build)


@router.get(
    "/organizations/{id}", summary="One organization", openapi_extra=_responses(_schema("organization"), not_found=True)
)
def organization(request: HttpRequest, id: str, params: Query[OrganizationOne]) -> HttpResponse:
    oid = _uuid(id)
    serializer = Serializer(params.lang)
    if oid is None or not m.Organization.objects.filter(id=oid).exists():
        return not_found("organization")

    def build() -> HttpResponse:
        services = _services_of(serializer, [oid]) if params.full_service else None
        return _json(serializer.organizations([oid], services=services)[0])

    return _conditional(request, build)


def _services_of(serializer: Serializer, org_ids: list[Any]) -> list[dict[str, Any]]:
    ids = list(
        m.Service.objects.filter(organization_id__in=org_ids).order_by("name_bg", "id").values_list("id", flat=True)
    )
    return serializer.services(ids)


@router.get("/taxonomies", summary="Taxonomies", openapi_extra=_responses(_page_of("taxonomy"), listing=True))
def taxonomies(request: HttpRequest, params: Query[PageParams]) -> HttpResponse:
    def build() -> HttpResponse:
        queryset = m.Taxonomy.objects.order_by("name_bg", "id")
        total, ids = _page_ids(queryset, params)
        return _page(params, total, Serializer(params.lang).rows_in_order(TABLES["taxonomy"], ids))

    return _conditional(request, build)


@router.get("/taxonomies/{id}", summary="One taxonomy", openapi_extra=_responses(_schema("taxonomy"), not_found=True))
def taxonomy(request: HttpRequest, id: str, params: Query[LangParam]) -> HttpResponse:
    tid = _uuid(id)
    found = Serializer(params.lang).rows_in_order(TABLES["taxonomy"], [tid]) if tid else []
    if not found:
        return not_found("taxonomy")
    return _conditional(request, lambda: _json(found[0]))


@router.get(
    "/taxonomy_terms", summary="Taxonomy terms", openapi_extra=_responses(_page_of("taxonomy_term"), listing=True)
)
def taxonomy_terms(request: HttpRequest, params: Query[TermParams]) -> HttpResponse:
    def build() -> HttpResponse:
        queryset = m.TaxonomyTerm.objects.order_by("taxonomy_id", "position", "name_bg", "id")
        if params.taxonomy_id:
            queryset = queryset.filter(taxonomy_id=params.taxonomy_id)
        if params.parent_id:
            queryset = queryset.filter(parent_id=params.parent_id)
        if params.top_only:
            queryset = queryset.filter(parent_id=None)
        if params.search:
            queryset = queryset.filter(_name_search(params.search))
        total, ids = _page_ids(queryset, params)
        terms = Serializer(params.lang).taxonomy_terms(ids, every_detail=True)
        return _page(params, total, [terms[i] for i in ids if i in terms])

    return _conditional(request, build)


@router.get(
    "/taxonomy_terms/{id}",
    summary="One taxonomy term",
    openapi_extra=_responses(_schema("taxonomy_term"), not_found=True),
)
def taxonomy_term(request: HttpRequest, id: str, params: Query[LangParam]) -> HttpResponse:
    tid = _uuid(id)
    found = Serializer(params.lang).taxonomy_terms([tid], every_detail=True) if tid else {}
    if tid not in found:
        return not_found("taxonomy term")
    return _conditional(request, lambda: _json(found[tid]))


@router.get(
    "/service_at_locations",
    summary="Services at locations",
    openapi_extra=_responses(_page_of("service_at_location"), listing=True),
)
def service_at_locations(request: HttpRequest, params: Query[SalParams]) -> HttpResponse:
    def build() -> HttpResponse:
        services = select_services(
            ServiceQuery(
                search=params.search,
                lang=params.lang,
                taxonomy_term_id=params.taxonomy_term_id,
                taxonomy_id=params.taxonomy_id,
                organization_id=params.organization_id,
                modified_after=params.modified_after,
            )
        )
        wanted = services.ids if services.ids is not None else services.queryset  # a search answers ids
        queryset = m.ServiceAtLocation.objects.filter(service_id__in=wanted).order_by(  # type: ignore[misc]
            "service__name_bg", "id"
        )
        total, ids = _page_ids(queryset, params)
        return _page(params, total, Serializer(params.lang).service_at_locations(ids, full=params.full))

    return _conditional(request, build)


@router.get(
    "/service_at_locations/{id}",
    summary="One service at a location",
    openapi_extra=_responses(_schema("service_at_location"), not_found=True),
)
def service_at_location(request: HttpRequest, id: str, params: Query[LangParam]) -> HttpResponse:
    sid = _uuid(id)
    found = Serializer(params.lang).service_at_locations([sid], full=True) if sid else []
    if not found:
        return not_found("service at location")
    return _conditional(request, lambda: _json(found[0]))


def _name_search(text: str) -> Any:
    from django.db.models import Q

    query = Q()
    for variant in {text, text.lower(), text.capitalize()}:
        query |= Q(name_bg__contains=variant) | Q(name_en__contains=variant)
    return query


# --- OpenAPI ---------------------------------------------------------------------------------


def hsds_components() -> dict[str, Any]:
    """The official HSDS schemas (one per table, as published) as OpenAPI components `hsds_<table>`."""
    components = {
        f"hsds_{path.stem}": _components_refs(json.loads(path.read_text())) for path in sorted(SCHEMAS.glob("*.json"))
    }
    components["hsds_Page"] = {
        "type": "object",
        "required": [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        "properties": {
            "total_items": {"type": "integer"},
            "total_pages": {"type": "integer"},
            "page_number": {"type": "integer"},
            "size": {"type": "integer"},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean"},
            "contents": {"type": "array"},
        },
    }
    return components


def _components_refs(schema: Any) -> Any:
    """A table schema with its references to other files pointed at their components, without the data
    package's own keys."""
    if isinstance(schema, list):
        return [_components_refs(v) for v in schema]
    if not isinstance(schema, dict):
        return schema
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ("name", "path", "datapackage_metadata", "constraints", "core", "$schema", "$id"):
            continue
        if key == "$ref" and isinstance(value, str) and value.endswith(".json"):
            result[key] = f"#/components/schemas/hsds_{value.removesuffix('.json')}"
        elif key == "properties":
            result[key] = {name: _components_refs(prop) for name, prop in value.items()}
        else:
            result[key] = _components_refs(value)
    return result
