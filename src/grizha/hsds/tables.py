"""The HSDS 3.0 tables and the grizha columns behind each of their fields.

The official tabular data package (`data/datapackage.json`) names the tables, their CSV files and
their fields in order; the catalog's models hold them. A *row* here is a dict of model column names
(`name_bg`, `name_en`, `service_id`, ...) to Python values: the importer turns HSDS records into rows,
the exporter turns rows back into HSDS records, so both directions share one mapping.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from modeltranslation.translator import translator

from grizha.catalog import models as m

DATAPACKAGE: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "datapackage.json").read_text())
LANGUAGES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
DEFAULT_LANGUAGE = LANGUAGES[0]

# HSDS tables grizha does not keep, and why (the README lists them).
NOT_MODELLED = {
    "metadata": "grizha keeps its own change history; HSDS change logs of other systems are not imported",
    "meta_table_description": "describes a dataset's tables, not the services; grizha writes its own",
}

# An attribute's link_entity names the kind of record its link_id points to.
ATTRIBUTE_LINKS = {"service": "service_id", "location": "location_id", "organization": "organization_id"}


class HsdsError(Exception):
    """Invalid input, named by the record (or CSV file and row) and field."""

    def __init__(self, where: str, field_name: str, message: str) -> None:
        super().__init__(f"{where}: {field_name}: {message}")
        self.where, self.field_name, self.message = where, field_name, message


@dataclass(frozen=True)
class Column:
    hsds: str  # the HSDS field name
    attname: str  # the model column (for translated fields, the base name)
    field: models.Field[Any, Any]
    translated: bool

    def db_columns(self) -> list[str]:
        return [f"{self.attname}_{lang}" for lang in LANGUAGES] if self.translated else [self.attname]


@dataclass(frozen=True)
class Table:
    name: str  # HSDS resource name, e.g. "phone"
    path: str  # CSV file name in the data package
    model: type[models.Model]
    hsds_fields: tuple[str, ...]
    renames: Mapping[str, str] = field(default_factory=dict)  # HSDS field -> model field, where they differ

    @cached_property
    def translated(self) -> frozenset[str]:
        try:
            return frozenset(getattr(translator.get_options_for_model(self.model), "fields", ()))
        except Exception:
            return frozenset()

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        """Every HSDS field the model keeps, except `id` and the attribute's polymorphic `link_id`."""
        result = []
        for name in self.hsds_fields:
            if name == "id" or (self.model is m.Attribute and name == "link_id"):
                continue
            model_field = cast("models.Field[Any, Any]", self.model._meta.get_field(self.renames.get(name, name)))
            attname = getattr(model_field, "attname", model_field.name)
            result.append(Column(name, attname, model_field, model_field.name in self.translated))
        return tuple(result)

    @cached_property
    def db_columns(self) -> list[str]:
        columns = ["id"] + [c for column in self.columns for c in column.db_columns()]
        if self.model is m.Attribute:
            columns += [*ATTRIBUTE_LINKS.values(), "other_link_id"]
        return columns

    @cached_property
    def links(self) -> tuple[str, ...]:
        """HSDS fields that hold the id of another record."""
        return tuple(c.hsds for c in self.columns if isinstance(c.field, models.ForeignKey))


def _table(name: str, model: type[models.Model], renames: Mapping[str, str] | None = None) -> Table:
    resource = next(r for r in DATAPACKAGE["resources"] if r["name"] == name)
    fields = tuple(f["name"] for f in resource["schema"]["fields"])
    return Table(name, resource["path"], model, fields, renames or {})


# In an order that lets each table's references point backwards.
TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        _table("taxonomy", m.Taxonomy),
        _table("taxonomy_term", m.TaxonomyTerm, {"taxonomy": "taxonomy_name"}),
        _table("organization", m.Organization),
        _table("organization_identifier", m.OrganizationIdentifier),
        _table("program", m.Program),
        _table("location", m.Location),
        _table("address", m.Address),
        _table("accessibility", m.Accessibility),
        _table("service", m.Service),
        _table("service_at_location", m.ServiceAtLocation),
        _table("contact", m.Contact),
        _table("phone", m.Phone),
        _table("language", m.Language),
        _table("schedule", m.Schedule),
        _table("service_area", m.ServiceArea),
        _table("required_document", m.RequiredDocument),
        _table("cost_option", m.CostOption),
        _table("funding", m.Funding),
        _table("attribute", m.Attribute),
    )
}

# grizha's own parts of a service, written in JSON beside the HSDS fields.
ACCESS_STEP = Table(
    "access_step",
    "",
    m.AccessStep,
    ("id", "service_id", "position", "title", "who", "where", "bring", "duration"),
)
SERVICE_EXTRAS = ("easy_read", "sign_language_description", "legal_basis")  # texts, in each language
SERVICE_ADDRESS_EXTRAS = ("sign_language_video", "sign_language_captions")  # web addresses, one for all
CAPACITY_FIELDS = ("places", "occupied", "waiting", "updated_at")


# --- values -------------------------------------------------------------------------------------


def to_hsds(model_field: Any, value: Any) -> Any:
    """A stored value as JSON; None for an empty one (HSDS leaves empty fields out)."""
    if value is None or value == "":
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        # Milliseconds when that is all there is (as HSDS examples write them), else microseconds.
        spec = "milliseconds" if value.microsecond % 1000 == 0 else "microseconds"
        return value.astimezone(dt.UTC).isoformat(timespec=spec).replace("+00:00", "Z")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@lru_cache(maxsize=65536)
def _uuid(value: str) -> uuid.UUID:
    return uuid.UUID(value)  # ids repeat (terms, organizations, shared places): parse each once


_KINDS: dict[int, str] = {}


def _kind(model_field: Any) -> str:
    """ "id", "text" (free text: only its type and length to check) or "other" (Field.clean decides)."""
    key = id(model_field)
    if key not in _KINDS:
        if isinstance(model_field, models.ForeignKey | models.UUIDField):
            _KINDS[key] = "id"
        elif (
            isinstance(model_field, models.CharField | models.TextField)
            and not isinstance(model_field, models.URLField | models.EmailField | models.SlugField)
            and not model_field.choices
        ):
            _KINDS[key] = "text"
        else:
            _KINDS[key] = "other"
    return _KINDS[key]


def from_hsds(model_field: Any, value: Any, where: str, name: str, *, text: bool = False) -> Any:
    """An HSDS value as the model stores it, or HsdsError saying what is wrong.

    `text` is set for CSV cells, where every value comes as a string and an empty cell is absent.
    """
    if value is None or (text and value == ""):
        return None if model_field.null or not isinstance(model_field, models.CharField | models.TextField) else ""
    kind = _kind(model_field)
    if kind == "id":
        if not isinstance(value, str):
            raise HsdsError(where, name, "expected an id (a UUID as text)")
        try:
            return _uuid(value)
        except ValueError:
            raise HsdsError(where, name, f"{value!r} is not a UUID") from None
    if kind == "text":  # most values: checked here, without the cost of Field.clean
        if not isinstance(value, str):
            raise HsdsError(where, name, f"expected text, got {type(value).__name__}")
        if model_field.max_length and len(value) > model_field.max_length:
            raise HsdsError(where, name, f"longer than {model_field.max_length} characters")
        return value
    if isinstance(model_field, models.CharField | models.TextField):
        if not isinstance(value, str):
            raise HsdsError(where, name, f"expected text, got {type(value).__name__}")
    elif isinstance(model_field, models.IntegerField | models.FloatField | models.DecimalField):
        if text:
            try:
                value = float(value) if isinstance(model_field, models.FloatField) else decimal.Decimal(value)
            except (ValueError, decimal.InvalidOperation):
                raise HsdsError(where, name, f"{value!r} is not a number") from None
        elif isinstance(value, bool) or not isinstance(value, int | float):
            raise HsdsError(where, name, f"expected a number, got {type(value).__name__}")
        if isinstance(model_field, models.IntegerField):
            if value != int(value):
                raise HsdsError(where, name, f"{value!r} is not a whole number")
            value = int(value)
        elif isinstance(model_field, models.DecimalField):
            value = decimal.Decimal(str(value))
    elif isinstance(model_field, models.DateField | models.TimeField) and not isinstance(value, str):
        raise HsdsError(where, name, "expected a date or time as text")
    try:
        return model_field.clean(value, None)
    except ValidationError as error:
        raise HsdsError(where, name, f"{value!r}: {' '.join(str(m) for m in error.messages)}") from None
