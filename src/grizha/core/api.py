"""The JSON API of grizha: HSDS 3.0 at /api/hsds/, our own at /api/v1/, OpenAPI at /api/openapi.json."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from grizha.hsds.api import hsds_components
from grizha.hsds.api import router as hsds_router
from grizha.national.api import router as national_router
from grizha.national.cpsv.api import router as cpsv_router
from grizha.screening.api import components as screening_components
from grizha.screening.api import router as screening_router


class GrizhaAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.update(hsds_components())
        schemas.update(screening_components())
        schemas.setdefault(
            "Errors",
            {
                "type": "object",
                "required": ["errors"],
                "properties": {
                    "errors": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["field", "message"],
                            "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                        },
                    }
                },
            },
        )
        return schema


api = GrizhaAPI(
    title="grizha",
    version="1",
    description="Social services of the municipality: HSDS 3.0 open data and grizha's own API.",
    openapi_url="/openapi.json",
    docs_url=None,
    urls_namespace="api",
)
api.add_router("/hsds/", hsds_router)
api.add_router("/v1/", screening_router)
api.add_router("/v1/", national_router)
api.add_router("/cpsv/", cpsv_router)


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """400 with {"errors": [{"field", "message"}]}, naming each parameter as the client wrote it."""
    errors = []
    for item in error.errors:
        location = [str(part) for part in item.get("loc", ()) if part not in ("query", "path", "body", "params")]
        field = location[-1] if location else "-"
        message = str(item.get("msg", "invalid value")).removeprefix("Value error, ")
        errors.append({"field": field, "message": message})
    return JsonResponse({"errors": errors}, status=400)
