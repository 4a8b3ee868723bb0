"""GET /api/v1/route: which office handles a service for a settlement, with its address, hours and channels."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router
from pydantic import BaseModel, Field

from grizha.national.routing import RouteError, route_answer, route_find

router = Router(tags=["Routing"])
LANGUAGES = ("bg", "en")


UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
# The parameters are read by hand, so that every mistake gets a message in the asked language; the
# document says what a valid request looks like.
PARAMETERS = [
    {
        "in": "query",
        "name": "service",
        "required": True,
        "description": "The service: its id (a UUID), or its IISDA number, such as 2016.",
        "schema": {"type": "string", "pattern": f"^([0-9]{{1,10}}|{UUID_PATTERN})$"},
    },
    {
        "in": "query",
        "name": "settlement",
        "required": True,
        "description": "EKATTE code of the settlement, five digits, such as 04039.",
        "schema": {"type": "string", "pattern": "^[0-9]{5}$"},
    },
    {
        "in": "query",
        "name": "lang",
        "required": False,
        "description": "Language of names, labels and messages.",
        "schema": {"type": "string", "enum": list(LANGUAGES), "default": LANGUAGES[0]},
    },
]


class RouteNamed(BaseModel):
    code: str
    name: str


class RouteService(BaseModel):
    id: str
    name: str
    iisda_number: str | None = Field(description="The service's number in the Register of administrative services.")


class RouteSettlement(BaseModel):
    ekatte: str
    name: str
    municipality: RouteNamed
    mayoralty: RouteNamed | None = Field(description="The mayoralty the settlement belongs to, if any.")


class RouteOfficeSettlement(BaseModel):
    ekatte: str
    name: str


class RouteOffice(BaseModel):
    id: str
    name: str
    kind: Literal["central", "mayoralty", "service_point"]
    kind_label: str
    address: str
    postal_code: str
    settlement: RouteOfficeSettlement
    phone: str
    email: str
    opening_hours: str
    latitude: float | None
    longitude: float | None


class RouteChannel(BaseModel):
    code: Literal["in-person", "post", "electronic", "phone"]
    label: str


class RouteEService(BaseModel):
    level: Literal["information", "form", "apply", "apply-and-pay"]
    label: str
    url: str | None = Field(description="Where to use the service online, when the level offers a form or more.")


class RouteAnswer(BaseModel):
    service: RouteService
    settlement: RouteSettlement
    office: RouteOffice = Field(
        description=(
            "Who handles the service for the settlement: the settlement's own mayoralty when it has an office "
            "and the service can be applied for in person or by post (or its ways to apply are not recorded); "
            "otherwise the municipality's central office."
        )
    )
    central_office: RouteOffice | None = Field(
        description="When the office is a mayoralty: the municipality's central office as well."
    )
    channels: list[RouteChannel] = Field(description="The ways to apply, as the catalogue records them.")
    eservice: RouteEService | None = Field(description="The level of the e-service, if recorded.")


def _errors(errors: list[tuple[str, str]], status: int) -> JsonResponse:
    return JsonResponse({"errors": [{"field": field, "message": message} for field, message in errors]}, status=status)


def _error_response(description: str) -> dict[str, Any]:
    schema = {"$ref": "#/components/schemas/Errors"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


@router.get(
    "/route",
    summary="Which office handles a service for a settlement",
    response={200: RouteAnswer},
    openapi_extra={
        "parameters": PARAMETERS,
        "responses": {
            "400": _error_response("A parameter is missing or malformed; each is named."),
            "404": _error_response("No such settlement, or no such service in the settlement's municipality."),
        },
    },
)
def route(request: HttpRequest) -> HttpResponse:
    lang = request.GET.get("lang", "").strip() or LANGUAGES[0]
    if lang not in LANGUAGES:
        return _errors([("lang", _("Use one of: %(codes)s.") % {"codes": ", ".join(LANGUAGES)})], 400)
    with translation.override(lang):
        try:
            found = route_find(service=request.GET.get("service", ""), settlement=request.GET.get("settlement", ""))
            answer = route_answer(found)
        except RouteError as error:
            return _errors(error.errors, error.status)
    return JsonResponse(answer, json_dumps_params={"ensure_ascii": False})
