"""GET /api/cpsv/: one municipality's catalogue as CPSV-AP 3.2 JSON-LD.

The same document as `grizha export-cpsv` writes, kept until the catalogue changes; like the HSDS API,
every answer carries an ETag and Last-Modified from the catalog version."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from grizha.hsds.api import _conditional
from grizha.national.cpsv.export import catalogue_json
from grizha.national.cpsv.selectors import municipality_exists
from grizha.territory.reference import municipality_codes
from grizha.territory.sites import home_municipality

router = Router(tags=["CPSV-AP 3.2"])
MEDIA_TYPE = "application/ld+json"


class CatalogueParams(Schema):
    municipality: str | None = Field(
        None,
        max_length=20,
        description="EKATTE code of the municipality, such as SLV20 (its LAU code too); default: this site's.",
        # The codes a client may send, for the OpenAPI document; an unknown one is answered with a 400.
        json_schema_extra={"enum": list(municipality_codes())},
    )


ERRORS = {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}
RESPONSES: dict[str, Any] = {
    "responses": {
        "200": {
            "description": "The municipality's public services, in CPSV-AP 3.2 JSON-LD (one flat @graph).",
            "content": {MEDIA_TYPE: {"schema": {"type": "object", "required": ["@context", "@graph"]}}},
        },
        "304": {"description": "Not modified since the client's copy (ETag or Last-Modified)."},
        "400": {"description": "No municipality has this code.", "content": ERRORS},
    }
}


@router.get("/", summary="A municipality's catalogue in CPSV-AP 3.2", openapi_extra=RESPONSES)
def catalogue(request: HttpRequest, params: Query[CatalogueParams]) -> HttpResponse:
    given = params.municipality
    code = home_municipality() if given is None else given.strip().upper()
    body = catalogue_json(code) if code.isalnum() and municipality_exists(code) else None
    if body is None:
        if code:
            message = _("No municipality has the EKATTE code %(code)s.") % {"code": code}
        else:
            message = _("Give the EKATTE code of a municipality, such as SLV20, or leave the parameter out.")
        return JsonResponse({"errors": [{"field": "municipality", "message": message}]}, status=400)
    return _conditional(request, lambda: HttpResponse(body, content_type=MEDIA_TYPE))
