"""POST /api/v1/screening (CONTRACTS section 3): the services that fit a person, with the reasons.

The body is read strictly: unknown keys, unknown codes and wrong types are each named in a 400 answer,
in the asked language, saying what to send instead."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from annotated_types import Interval
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from grizha.catalog import reference
from grizha.screening import services
from grizha.screening.rules import BOUNDS, Person
from grizha.screening.selectors import screening_answer
from grizha.territory.reference import municipality_codes

router = Router(tags=["Screening"])


def _codes(taxonomy: str) -> tuple[str, ...]:
    return tuple(t["code"] for t in reference.read_taxonomies()["taxonomy_terms"] if t["taxonomy"] == taxonomy)


if TYPE_CHECKING:
    TargetGroup: TypeAlias = str
    Need: TypeAlias = str
    MunicipalityCode: TypeAlias = str
else:
    # The codes of the vocabularies and the territory, so that pydantic names an unknown code and the
    # OpenAPI document lists the known ones.
    TargetGroup = Literal[_codes(reference.TARGET_GROUP)]
    Need = Literal[_codes(reference.NEED)]
    MunicipalityCode = Literal[municipality_codes()]


class Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    disability_percent: float | None = Field(
        None,
        ge=BOUNDS["disability_percent"][0],
        le=BOUNDS["disability_percent"][1],
        description="Degree of disability or lost capacity for work, in percent.",
    )
    needs_assistance_of_another: bool | None = Field(
        None, description="Whether an assessed need for the assistance of another person has been established."
    )
    monthly_income_per_member: float | None = Field(
        None,
        ge=BOUNDS["monthly_income_per_member"][0],
        le=BOUNDS["monthly_income_per_member"][1],
        description="Monthly income per household member, in EUR.",
    )


def _whole_number(value: Any) -> Any:
    """JSON Schema counts 80.0 as an integer; so do we. 80.5, "80" and true stay errors."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class ScreeningRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, title="ScreeningRequest")

    age: Annotated[int, Interval(ge=BOUNDS["age"][0], le=BOUNDS["age"][1]), BeforeValidator(_whole_number)] | None = (
        Field(None, description="Age in whole years.")
    )
    municipality: MunicipalityCode | None = Field(
        None, description="EKATTE code of the municipality where the person lives."
    )
    scope: MunicipalityCode | None = Field(None, description="Consider only services of this municipality.")
    facts: Facts = Field(default_factory=Facts)  # type: ignore[arg-type]
    target_groups: dict[TargetGroup, bool | None] = Field(
        default_factory=dict, description="Codes of bg-target-group: true applies, false does not; absent is unknown."
    )
    needs: list[Need] = Field(default_factory=list, max_length=50, description="Codes of bg-need.")
    lang: Literal["bg", "en"] = "bg"

    def person(self) -> Person:
        return Person(
            age=self.age,
            municipality=self.municipality,
            facts={k: v for k, v in self.facts.model_dump().items() if v is not None},
            target_groups={k: v for k, v in self.target_groups.items() if v is not None},
            needs=tuple(dict.fromkeys(self.needs)),
            scope=self.scope,
        )


class ScreeningResultItem(BaseModel):
    service_id: str
    name: str
    match: Literal["eligible", "maybe"]
    needs_met: list[str]
    reasons: list[str]
    to_check: list[str]
    access_route: str | None
    url: str


class ScreeningResponse(BaseModel):
    results: list[ScreeningResultItem]


def _message(error: dict[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    location = [p for p in error["loc"] if p != "[key]"]
    if kind == "json_invalid":
        return _("The body is not valid JSON: %(error)s") % {"error": ctx.get("error", "")}
    if kind == "model_type":
        return _("Send a JSON object.")
    if kind == "extra_forbidden":
        return _("This field is not known. Remove it or check its spelling.")
    if kind == "literal_error":
        field = location[0] if location else ""
        value = location[-1] if error["loc"][-1] == "[key]" else error.get("input")
        if field == "target_groups":
            return _("“%(code)s” is not a code of bg-target-group.") % {"code": value}
        if field == "needs":
            return _("“%(code)s” is not a code of bg-need.") % {"code": value}
        if field in ("municipality", "scope"):
            return _("No municipality has the EKATTE code %(code)s.") % {"code": value}
        return _("Use one of: %(expected)s.") % {"expected": ctx.get("expected", "")}
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("Enter a whole number.")
    if kind in ("float_type", "float_parsing"):
        return _("Enter a number.")
    if kind == "bool_type":
        return _("Enter true, false or null.")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _("Enter a number from %(min)s to %(max)s.") % _bounds(location)
    if kind in ("dict_type",):
        return _("Send an object that maps codes to true or false.")
    if kind in ("list_type", "too_long"):
        return _("Send a list of up to 50 codes.")
    return str(error.get("msg", _("This value is not valid.")))


def _bounds(location: list[Any]) -> dict[str, Any]:
    low, high = BOUNDS.get(str(location[-1]) if location else "", ("", ""))
    return {"min": low, "max": high}


def _field(error: dict[str, Any]) -> str:
    return ".".join(str(p) for p in error["loc"] if p != "[key]") or "body"


def _asked_language(body: bytes) -> str:
    try:
        lang = json.loads(body).get("lang")
    except (ValueError, AttributeError):
        lang = None
    return lang if lang in ("bg", "en") else translation.get_language() or "bg"


def parse(body: bytes) -> tuple[ScreeningRequest | None, list[dict[str, str]]]:
    """The request, or the errors that name each bad field (messages in the active language)."""
    try:
        request = ScreeningRequest.model_validate_json(body or b"{}")
    except ValidationError as error:
        return None, [{"field": _field(e), "message": _message(e)} for e in error.errors()]  # type: ignore[arg-type]
    return request, []


@router.post(
    "/screening",
    summary="Services that fit a person",
    response={200: ScreeningResponse},
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ScreeningRequest"}}},
        },
        "responses": {
            "400": {
                "description": "A field is not valid; each is named.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
            }
        },
    },
)
def screening(request: HttpRequest) -> HttpResponse:
    with translation.override(_asked_language(request.body)):
        parsed, errors = parse(request.body)
    if parsed is None:
        return JsonResponse({"errors": errors}, status=400)
    person = parsed.person()
    body, offer = screening_answer(person, parsed.lang)
    services.need_signal_record(person=person, offer=offer, channel="api")
    return HttpResponse(body, content_type="application/json")


def components() -> dict[str, Any]:
    """The request's JSON schema for the OpenAPI document."""
    schema = ScreeningRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    found = schema.pop("$defs", {})
    found["ScreeningRequest"] = schema
    return found
