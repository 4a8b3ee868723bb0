"""`grizha import-hsds`: HSDS records upserted into the catalog by id, in one transaction.

Records are read as a stream and written in batches: each batch is flattened into rows per table,
compared with what is stored, and only what differs is written, so importing the same data twice
writes nothing. Invalid input stops the import with the record and field named; nothing is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, models, transaction
from django.utils import timezone, translation

from grizha.catalog import models as m
from grizha.catalog.versioning import catalog_changed
from grizha.hsds.readers import Progress, csv_tables, json_records
from grizha.hsds.tables import (
    ACCESS_STEP,
    ATTRIBUTE_LINKS,
    CAPACITY_FIELDS,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    NOT_MODELLED,
    SERVICE_ADDRESS_EXTRAS,
    SERVICE_EXTRAS,
    TABLES,
    HsdsError,
    Table,
    from_hsds,
)
from grizha.search.hooks import refresh_after_commit
from grizha.territory.models import Municipality, Settlement

Row = dict[str, Any]
BATCH = 500  # top-level records (or CSV rows) per write
ADDRESS_MAX_LENGTH = 500  # the length of the catalog's URL fields

# Nested collections: JSON key -> (table, the child's column that points at the parent).
CHILDREN: dict[str, list[tuple[str, str, str]]] = {
    "service": [
        ("phones", "phone", "service_id"),
        ("schedules", "schedule", "service_id"),
        ("service_areas", "service_area", "service_id"),
        ("service_at_locations", "service_at_location", "service_id"),
        ("languages", "language", "service_id"),
        ("funding", "funding", "service_id"),
        ("cost_options", "cost_option", "service_id"),
        ("required_documents", "required_document", "service_id"),
        ("contacts", "contact", "service_id"),
        ("access_steps", "access_step", "service_id"),
    ],
    "service_at_location": [
        ("contacts", "contact", "service_at_location_id"),
        ("phones", "phone", "service_at_location_id"),
        ("schedules", "schedule", "service_at_location_id"),
    ],
    "location": [
        ("languages", "language", "location_id"),
        ("addresses", "address", "location_id"),
        ("contacts", "contact", "location_id"),
        ("accessibility", "accessibility", "location_id"),
        ("phones", "phone", "location_id"),
        ("schedules", "schedule", "location_id"),
    ],
    "contact": [("phones", "phone", "contact_id")],
    "phone": [("languages", "language", "phone_id")],
    "organization": [
        ("funding", "funding", "organization_id"),
        ("contacts", "contact", "organization_id"),
        ("phones", "phone", "organization_id"),
        ("locations", "location", "organization_id"),
        ("programs", "program", "organization_id"),
        ("organization_identifiers", "organization_identifier", "organization_id"),
        ("services", "service", "organization_id"),
    ],
}
# Nested single records that a parent refers to: JSON key -> (table, the parent's column).
REFERENCES: dict[str, list[tuple[str, str, str]]] = {
    "service": [("organization", "organization", "organization_id"), ("program", "program", "program_id")],
    "service_at_location": [("location", "location", "location_id")],
    "attribute": [("taxonomy_term", "taxonomy_term", "taxonomy_term_id")],
    "taxonomy_term": [("taxonomy_detail", "taxonomy", "taxonomy_id")],
}
# Records shared by several parents: dropping one from a parent's list unlinks it; it is deleted
# only when no parent is left. Locations and services are never deleted by a parent's list.
SHARED = {
    "phone": ("location_id", "service_id", "organization_id", "contact_id", "service_at_location_id"),
    "contact": ("organization_id", "service_id", "service_at_location_id", "location_id"),
    "language": ("service_id", "location_id", "phone_id"),
    "schedule": ("service_id", "location_id", "service_at_location_id"),
    "funding": ("organization_id", "service_id"),
}
UNLINK_ONLY = {"location", "service"}
ALL_TABLES: dict[str, Table] = {**TABLES, "access_step": ACCESS_STEP}
EKATTE_URN = "urn:ekatte:"


@dataclass
class Summary:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    @property
    def wrote(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def lines(self) -> list[str]:
        kinds = sorted(
            set(self.created) | set(self.updated) | set(self.unchanged) | set(self.deleted) | set(self.skipped)
        )
        lines = [
            f"  {kind}: {self.created[kind]} created, {self.updated[kind]} updated, {self.unchanged[kind]} unchanged"
            + (f", {self.deleted[kind]} removed" if self.deleted[kind] else "")
            + (f", {self.skipped[kind]} skipped" if self.skipped[kind] else "")
            for kind in kinds
        ]
        lines.append(
            f"Total: {self.created.total()} created, {self.updated.total()} updated, "
            f"{self.unchanged.total()} unchanged, {self.deleted.total()} removed, {self.skipped.total()} skipped"
        )
        return lines


@dataclass
class Batch:
    rows: dict[str, dict[uuid.UUID, Row]] = field(default_factory=lambda: defaultdict(dict))
    # (table, link column, parent id) -> ids of the children the input lists
    replaces: dict[tuple[str, str, uuid.UUID], set[uuid.UUID]] = field(default_factory=dict)
    capacities: dict[uuid.UUID, Row] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


class Importer:
    def __init__(self, *, municipality: str | None = None, lang: str = DEFAULT_LANGUAGE) -> None:
        if municipality and not Municipality.objects.filter(code=municipality).exists():
            raise HsdsError("--municipality", "municipality", f"{municipality!r} is not an EKATTE municipality code")
        if lang not in LANGUAGES:
            raise HsdsError("--lang", "lang", f"{lang!r} is not one of {', '.join(LANGUAGES)}")
        self.municipality = municipality
        self.lang = lang
        self.summary = Summary()
        self.batch = Batch()
        self.top_level: dict[uuid.UUID, bytes] = {}
        self.csv_ids: dict[str, set[uuid.UUID]] = defaultdict(set)
        # Hints for a service's municipality (CONTRACTS section 2), gathered as records are read.
        self.area_hint: dict[uuid.UUID, str] = {}
        self.location_hint: dict[uuid.UUID, uuid.UUID] = {}
        self.address_hint: dict[uuid.UUID, tuple[str, str]] = {}
        self.municipalities = set(Municipality.objects.values_list("code", flat=True))
        self.settlements: dict[str, str] = dict(Settlement.objects.values_list("ekatte", "municipality_id"))
        self.by_postcode: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
        for ekatte, code, *names in Settlement.objects.exclude(postal_code="").values_list(
            "ekatte", "postal_code", *(f"name_{lang}" for lang in LANGUAGES)
        ):
            self.by_postcode[code].append((ekatte, {_plain(n) for n in names if n}))
        self.protected = set(m.Taxonomy.objects.exclude(code=None).values_list("id", flat=True))
        self.protected |= set(
            m.TaxonomyTerm.objects.filter(taxonomy_id__in=self.protected).values_list("id", flat=True)
        )
        self.touched_services: set[uuid.UUID] = set()
        # Per table: HSDS field -> (model field, column in the input's language); translated fields by name.
        self.targets = {
            name: {c.hsds: (c.field, f"{c.attname}_{lang}" if c.translated else c.attname) for c in table.columns}
            for name, table in ALL_TABLES.items()
        }
        self.translated = {
            name: {c.hsds: c.attname for c in table.columns if c.translated}
            | ({e: e for e in SERVICE_EXTRAS} if name == "service" else {})
            for name, table in ALL_TABLES.items()
        }
        self.created_now: set[uuid.UUID] = set()
        # Nested records that others refer to (an organization, a place, a term): id -> (id, fingerprint).
        # A copy met again unchanged is read once: written in this import already, it is the same record.
        self.references: dict[Any, tuple[uuid.UUID, int | None]] = {}

    # --- entry points -------------------------------------------------------------------------

    def run(self, path: Path, progress: Progress | None = None) -> Summary:
        """Import a JSON file or a CSV data package folder, all or nothing."""
        with translation.override(DEFAULT_LANGUAGE), transaction.atomic():
            if path.is_dir():
                self._read_csv(path)
            else:
                self._read_json(path, progress)
            self.flush()
            self._check_references()
            if self.summary.wrote:
                catalog_changed()
                self._refresh_search_index()
        return self.summary

    def _refresh_search_index(self) -> None:
        """Once the import commits, the search index follows: the services read, or all services when a
        record they share (a term, an organization) changed, or attributes came without their services."""
        changed = self.summary.updated + self.summary.deleted
        shared = bool(changed["taxonomy_term"] or changed["organization"])
        orphans = not self.touched_services and bool(self.summary.created["attribute"] or changed["attribute"])
        refresh_after_commit(self.touched_services, everything=shared or orphans)

    def _read_json(self, path: Path, progress: Progress | None) -> None:
        """Read and flatten in a second process while this one writes: the two halves take about as long."""
        if "fork" not in multiprocessing.get_all_start_methods():
            for batch in self._flatten_json(path, progress):
                self._take(batch)
            return
        context = multiprocessing.get_context("fork")
        queue: Any = context.Queue(maxsize=2)
        reader = context.Process(target=self._flatten_json_into, args=(path, queue), daemon=True)
        reader.start()
        try:
            while True:
                kind, payload = queue.get()
                if kind == "error":
                    raise HsdsError(*payload)
                if kind == "crash":
                    raise RuntimeError(f"reading {path} failed: {payload}")
                if kind == "done":
                    break
                if progress:
                    progress(payload.pop("bytes"))
                self._take(payload)
        finally:
            reader.join(timeout=10)
            if reader.is_alive():
                reader.terminate()

    def _flatten_json_into(self, path: Path, queue: Any) -> None:
        """In the reading process: hand each flattened batch over to the writing one."""
        try:
            for batch in self._flatten_json(path, None):
                queue.put(("batch", batch))
            queue.put(("done", None))
        except HsdsError as error:
            queue.put(("error", (error.where, error.field_name, error.message)))
        except Exception as error:
            queue.put(("crash", repr(error)))

    def _flatten_json(self, path: Path, progress: Progress | None) -> Iterator[dict[str, Any]]:
        read_bytes = 0

        def count(size: int) -> None:
            nonlocal read_bytes
            read_bytes += size
            if progress:
                progress(size)

        for read, (where, obj) in enumerate(json_records(path, count), start=1):
            kind = "service" if "status" in obj else "organization"
            rid = self._id(obj, f"{where} ({kind})")
            self.add(kind, obj, f"{kind} {rid}", {})
            # Its own fields tell two records with one id apart (cheaper than hashing all it nests).
            own = self.batch.rows[kind][rid]
            fingerprint = hashlib.blake2b(repr(sorted(own.items())).encode(), digest_size=16).digest()
            if self.top_level.setdefault(rid, fingerprint) != fingerprint:
                raise HsdsError(f"{kind} {rid}", "id", "two different records in the input have this id")
            if read % BATCH == 0 or len(self.batch) >= BATCH * 40:
                yield self._hand_over(read_bytes)
                read_bytes = 0
        yield self._hand_over(read_bytes)

    def _hand_over(self, read_bytes: int) -> dict[str, Any]:
        """The batch read so far, with what was learnt on the way (hints, skipped records)."""
        payload = {
            "batch": self.batch,
            "area_hint": self.area_hint,
            "location_hint": self.location_hint,
            "skipped": self.summary.skipped,
            "bytes": read_bytes,
        }
        self.batch, self.area_hint, self.location_hint, self.summary.skipped = Batch(), {}, {}, Counter()
        return payload

    def _take(self, payload: dict[str, Any]) -> None:
        """In the writing process: write a batch handed over by the reading one."""
        for key, value in payload["area_hint"].items():
            self.area_hint.setdefault(key, value)
        for key, value in payload["location_hint"].items():
            self.location_hint.setdefault(key, value)
        self.summary.skipped.update(payload["skipped"])
        self.batch = payload["batch"]
        self.flush()

    def _read_csv(self, folder: Path) -> None:
        for table, _file, _number, row in csv_tables(folder):
            # Hints first: service areas, first locations and addresses come in later files.
            if table == "service_area" and row.get("uri", "").startswith(EKATTE_URN):
                self._area_hint(row.get("service_id", ""), row["uri"])
            elif table == "service_at_location":
                with _quiet():
                    self.location_hint.setdefault(uuid.UUID(row["service_id"]), uuid.UUID(row["location_id"]))
            elif table == "address":
                with _quiet():
                    self.address_hint.setdefault(
                        uuid.UUID(row["location_id"]), (row.get("postal_code", ""), row.get("city", ""))
                    )
        current = None
        for table, file, number, row in csv_tables(folder):
            where = f"{file} row {number}"
            if table in NOT_MODELLED:
                self.summary.skipped[table] += 1
                continue
            if table != current:
                self.flush()  # parents are written before the tables that refer to them
                current = table
            obj = {key: value for key, value in row.items() if value != ""}
            rid = self._id(obj, where)
            if rid in self.csv_ids[table]:
                raise HsdsError(where, "id", f"{rid} appears twice in {file}")
            self.csv_ids[table].add(rid)
            self.add(table, obj, where, {}, text=True)
            if len(self.batch) >= BATCH * 40:
                self.flush()

    # --- flattening ---------------------------------------------------------------------------

    def _id(self, obj: dict[str, Any], where: str) -> uuid.UUID:
        value = obj.get("id")
        if not isinstance(value, str):
            raise HsdsError(where, "id", "every record needs an id (a UUID)")
        try:
            return uuid.UUID(value)
        except ValueError:
            raise HsdsError(where, "id", f"{value!r} is not a UUID") from None

    def add(self, name: str, obj: Any, where: str, links: Row, *, text: bool = False) -> uuid.UUID:
        """Flatten one record and the records nested in it into the batch; return its id."""
        if not isinstance(obj, dict):
            raise HsdsError(where, name, f"expected an object, got {type(obj).__name__}")
        rid = self._id(obj, where)
        where = f"{where} ({name} {rid})" if text else f"{name} {rid}"  # CSV: the file and row too
        table = ALL_TABLES[name]
        targets = self.targets[name]
        row: Row = {}
        for key, value in obj.items():
            if (target := targets.get(key)) is not None:
                row[target[1]] = from_hsds(target[0], value, where, key, text=text)
        if name == "service":
            self._service(rid, obj, row, where)
        elif name == "location":
            self._location(rid, obj, row, where)
        elif name == "attribute":
            self._attribute(obj, row, where, links, text=text)
            links = {}
        self._translations(table, obj, row, where)
        row.update(links)

        for key, ref_name, column_name in REFERENCES.get(name, ()):
            if (ref := obj.get(key)) is not None:
                ref_links = {}
                if ref_name == "program" and row.get("organization_id"):
                    ref_links = {"organization_id": row["organization_id"]}
                fingerprint = hash(repr(ref)) if isinstance(ref, dict) else None
                copy_of = self.references.get(ref.get("id")) if isinstance(ref, dict) else None
                if copy_of is not None and copy_of[1] == fingerprint:  # the same nested copy again: read once
                    row.setdefault(column_name, copy_of[0])
                    continue
                ref_id = self.add(ref_name, ref, f"{where} {key}", ref_links, text=text)
                self.references[ref["id"]] = (ref_id, fingerprint)
                row.setdefault(column_name, ref_id)
        for key, child_name, column_name in CHILDREN.get(name, ()):
            if key in obj:
                self._children(child_name, column_name, rid, obj[key], f"{where} {key}", text=text)
        if "attributes" in obj:
            self._children("attribute", name, rid, obj["attributes"], f"{where} attributes", text=text)
        if isinstance(obj.get("metadata"), list):
            self.summary.skipped["metadata"] += len(obj["metadata"])

        stored = self.batch.rows[name].get(rid)
        if stored is None:
            self.batch.rows[name][rid] = row
        else:
            stored.update(row)  # a nested copy of a record already read: one record
        return rid

    def _children(self, name: str, link: str, parent: uuid.UUID, items: Any, where: str, *, text: bool) -> None:
        if not isinstance(items, list):
            raise HsdsError(where, "-", f"expected a list, got {type(items).__name__}")
        ids = set()
        for index, item in enumerate(items):
            if name == "attribute":
                ids.add(self.add(name, item, f"{where}[{index}]", {"_parent": (link, parent)}, text=text))
            else:
                ids.add(self.add(name, item, f"{where}[{index}]", {link: parent}, text=text))
        column = ATTRIBUTE_LINKS.get(link, "other_link_id") if name == "attribute" else link
        self.batch.replaces[name, column, parent] = ids

    def _translations(self, table: Table, obj: dict[str, Any], row: Row, where: str) -> None:
        extras = SERVICE_EXTRAS if table.name == "service" else ()
        translated = self.translated[table.name]
        for name in extras:
            if name in obj:
                row[f"{name}_{self.lang}"] = _text(obj[name], where, name)
        for name in SERVICE_ADDRESS_EXTRAS if table.name == "service" else ():
            if name in obj:
                row[name] = _web_address(obj[name], where, name)
        given = obj.get("translations")
        if given is None:
            return
        if not isinstance(given, dict):
            raise HsdsError(where, "translations", 'expected an object such as {"en": {"name": "..."}}')
        for lang, texts in given.items():
            if lang not in LANGUAGES or lang == self.lang:
                continue
            if not isinstance(texts, dict):
                raise HsdsError(where, f"translations.{lang}", "expected an object of texts")
            for key, value in texts.items():
                if key in translated:
                    row[f"{translated[key]}_{lang}"] = _text(value, where, f"translations.{lang}.{key}")

    def _service(self, rid: uuid.UUID, obj: dict[str, Any], row: Row, where: str) -> None:
        self.touched_services.add(rid)
        for area in obj.get("service_areas") or ():
            if isinstance(area, dict) and str(area.get("uri", "")).startswith(EKATTE_URN):
                self._area_hint(str(rid), area["uri"])
        sals = obj.get("service_at_locations")
        if isinstance(sals, list) and sals and isinstance(sals[0], dict):
            location = sals[0].get("location")
            lid = location.get("id") if isinstance(location, dict) else sals[0].get("location_id")
            with _quiet():
                self.location_hint.setdefault(rid, uuid.UUID(str(lid)))
        if isinstance(obj.get("capacity"), dict):
            capacity = obj["capacity"]
            self.batch.capacities[rid] = {
                name: from_hsds(m.Capacity._meta.get_field(name), capacity[name], where, f"capacity.{name}")
                for name in CAPACITY_FIELDS
                if name in capacity
            }

    def _area_hint(self, service_id: str, uri: str) -> None:
        code = uri.removeprefix(EKATTE_URN).strip().upper()
        if code in self.municipalities:
            with _quiet():
                self.area_hint.setdefault(uuid.UUID(service_id), code)

    def _location(self, rid: uuid.UUID, obj: dict[str, Any], row: Row, where: str) -> None:
        kind = str(obj.get("external_identifier_type") or "").strip().lower()
        code = str(obj.get("external_identifier") or "").strip()
        if kind == "ekatte" and code in self.settlements:
            row["settlement_id"] = code
            return
        addresses = obj.get("addresses")
        if isinstance(addresses, list) and addresses and isinstance(addresses[0], dict):
            self.address_hint[rid] = (str(addresses[0].get("postal_code") or ""), str(addresses[0].get("city") or ""))
        if rid in self.address_hint:
            row["settlement_id"] = self._settlement_by_address(*self.address_hint.pop(rid))
        elif "external_identifier" in obj:
            row["settlement_id"] = None

    def _settlement_by_address(self, postal_code: str, city: str) -> str | None:
        city = _plain(city)
        for ekatte, names in self.by_postcode.get(postal_code.strip(), ()):
            if city in names:
                return ekatte
        return None

    def _attribute(self, obj: dict[str, Any], row: Row, where: str, links: Row, *, text: bool) -> None:
        parent = links.get("_parent")
        if parent:  # nested: it belongs to the record it is nested in
            kind, parent_id = parent
            row.setdefault("link_entity", kind)
        else:
            kind = str(obj.get("link_entity") or "")
            if "link_id" not in obj:
                raise HsdsError(where, "link_id", "an attribute needs the id of the record it describes")
            parent_id = from_hsds(
                m.Attribute._meta.get_field("other_link_id"), obj["link_id"], where, "link_id", text=text
            )
        for column in (*ATTRIBUTE_LINKS.values(), "other_link_id"):
            row[column] = None
        row[ATTRIBUTE_LINKS.get(kind, "other_link_id")] = parent_id

    # --- writing ------------------------------------------------------------------------------

    def flush(self) -> None:
        batch, self.batch = self.batch, Batch()
        self.created_now = set()
        for name in ALL_TABLES:
            if rows := batch.rows.get(name):
                self._upsert(ALL_TABLES[name], rows)
        self._capacities(batch.capacities)
        self._replace(batch.replaces)

    def _upsert(self, table: Table, rows: dict[uuid.UUID, Row]) -> None:
        model = table.model
        kind = table.name
        if kind == "service":
            self._municipalities(rows)
        columns = sorted({key for row in rows.values() for key in row})
        existing = _existing_ids(model, list(rows))
        stored = {r["id"]: r for r in _chunked_values(model, existing, columns)} if existing else {}
        creates, updates, changed_fields = [], [], set()
        now = timezone.now()
        for rid, row in rows.items():
            if rid in self.protected:
                self.summary.unchanged[kind] += 1
                continue
            before = stored.get(rid)
            if before is None:
                creates.append({"id": rid, **row})
                self.created_now.add(rid)
                self.summary.created[kind] += 1
                continue
            changed = {key for key, value in row.items() if before.get(key) != value}
            if not changed:
                self.summary.unchanged[kind] += 1
                continue
            if kind == "service" and "last_modified" not in row:
                row["last_modified"] = now
                changed.add("last_modified")
            obj = model(**{**before, **row})
            obj.updated_at = now  # type: ignore[attr-defined]
            updates.append(obj)
            changed_fields |= changed
            self.summary.updated[kind] += 1
        insert_rows(model, creates, now)
        if updates:
            # The untranslated column mirrors the default language (django-modeltranslation).
            originals = {
                key.removesuffix(f"_{DEFAULT_LANGUAGE}")
                for key in changed_fields
                if key.endswith(f"_{DEFAULT_LANGUAGE}")
            }
            fields = sorted(changed_fields | (originals & {c.attname for c in table.columns}) | {"updated_at"})
            model.objects.bulk_update(updates, fields, batch_size=500)  # type: ignore[attr-defined]

    def _municipalities(self, rows: dict[uuid.UUID, Row]) -> None:
        """Each service's municipality, by the rules of CONTRACTS section 2."""
        locations = {sid: self.location_hint[sid] for sid in rows if sid in self.location_hint}
        settlements = dict(
            m.Location.objects.filter(id__in=set(locations.values()), settlement__isnull=False).values_list(
                "id", "settlement__municipality_id"
            )
        )
        stored = dict(m.Service.objects.filter(id__in=list(rows)).values_list("id", "municipality_id"))
        for sid, row in rows.items():
            first_place = locations.get(sid)
            code = (
                self.municipality or self.area_hint.get(sid) or (settlements.get(first_place) if first_place else None)
            )
            row["municipality_id"] = code or stored.get(sid) or settings.GRIZHA_MUNICIPALITY

    def _capacities(self, capacities: dict[uuid.UUID, Row]) -> None:
        if not capacities:
            return
        stored = {c.service_id: c for c in m.Capacity.objects.filter(service_id__in=list(capacities))}
        new = [{"service_id": sid, **values} for sid, values in capacities.items() if sid not in stored]
        insert_rows(m.Capacity, new, timezone.now())
        self.summary.created["capacity"] += len(new)
        for sid, values in capacities.items():
            capacity = stored.get(sid)
            if capacity is None:
                continue
            if any(getattr(capacity, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(capacity, key, value)
                capacity.save()
                self.summary.updated["capacity"] += 1
            else:
                self.summary.unchanged["capacity"] += 1

    def _replace(self, replaces: dict[tuple[str, str, uuid.UUID], set[uuid.UUID]]) -> None:
        """A nested list in the input replaces the stored one: drop what it no longer lists."""
        grouped: dict[tuple[str, str], dict[uuid.UUID, set[uuid.UUID]]] = defaultdict(dict)
        for (name, column, parent), ids in replaces.items():
            if parent not in self.created_now:  # a record new in this batch has only the children just written
                grouped[name, column][parent] = ids
        for (name, column), parents in grouped.items():
            model = ALL_TABLES[name].model
            listed = set().union(*parents.values())
            stale = [
                rid
                for rid, parent in _chunked_pairs(model, column, list(parents))
                if rid not in listed and rid not in self.protected
            ]
            if not stale:
                continue
            if name in SHARED or name in UNLINK_ONLY:
                for chunk in _chunks(stale):
                    model.objects.filter(id__in=chunk).update(**{column: None})  # type: ignore[attr-defined]
                if name in SHARED:
                    orphans = model.objects.filter(id__in=stale, **{f"{c}__isnull": True for c in SHARED[name]})  # type: ignore[attr-defined]
                    self.summary.deleted[name] += orphans.delete()[1].get(model._meta.label, 0)
            else:
                for chunk in _chunks(stale):
                    deleted = model.objects.filter(id__in=chunk).delete()[1]  # type: ignore[attr-defined]
                    self.summary.deleted[name] += deleted.get(model._meta.label, 0)

    def _check_references(self) -> None:
        """Errors for references the database cannot keep; warnings for those HSDS allows to dangle."""
        for name, table in ALL_TABLES.items():
            for model_field in table.model._meta.concrete_fields:
                if not isinstance(model_field, models.ForeignKey) or model_field.related_model is None:
                    continue
                target = model_field.related_model
                if target._meta.app_label != "catalog":
                    continue
                dangling = (
                    table.model.objects.filter(**{f"{model_field.attname}__isnull": False})  # type: ignore[attr-defined]
                    .order_by()
                    .exclude(**{f"{model_field.attname}__in": target._default_manager.values("pk")})
                    .values_list("id", model_field.attname)[:11]
                )
                for rid, ref in dangling:
                    hsds_field = _hsds_name(name, model_field.attname)
                    message = f"{target._meta.model_name} {ref} is neither in the input nor stored"
                    if getattr(model_field, "db_constraint", True):
                        raise HsdsError(f"{name} {rid}", hsds_field, message)
                    self.summary.warnings.append(f"{name} {rid}: {hsds_field}: {message} (kept)")


def insert_rows(model: type[models.Model], rows: list[Row], now: Any) -> None:
    """INSERT new rows with executemany: what bulk_create does, without building a model object per row
    (the import's largest cost). Absent columns take the field's default; the untranslated column of a
    translated field mirrors the default language, as django-modeltranslation keeps it."""
    if not rows:
        return
    fields = list(model._meta.concrete_fields)
    given = {key for row in rows for key in row}
    names = [f.attname for f in fields]
    defaults = {f.attname: f.get_default() for f in fields}
    mirrored = {n: f"{n}_{DEFAULT_LANGUAGE}" for n in names if f"{n}_{DEFAULT_LANGUAGE}" in given and n not in given}
    stamps = {n for n in names if n in ("created_at", "updated_at")}
    converters = [(i, c) for i, c in enumerate(_db_converter(f) for f in fields) if c is not None]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    params = []
    for number, row in enumerate(rows):
        # One microsecond apart: tables ordered by creation keep the order of the input.
        stamp = now + dt.timedelta(microseconds=number)
        values = [
            row[name]
            if name in row
            else stamp
            if name in stamps
            else (row.get(mirrored[name]) or defaults[name])
            if name in mirrored
            else defaults[name]
            for name in names
        ]
        for index, convert in converters:
            if values[index] is not None:
                values[index] = convert(values[index])
        params.append(values)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: several times faster than INSERTs
            table = connection.ops.quote_name(model._meta.db_table)
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in params:
                    copy.write_row(values)
            return
        for start in range(0, len(params), 1000):
            cursor.executemany(sql, params[start : start + 1000])


def _db_converter(model_field: Any) -> Any:
    """How a Python value of this field goes to the database (the part of get_db_prep_save that matters);
    None when the driver takes the value as it is."""
    ops = connection.ops
    target = model_field.target_field if isinstance(model_field, models.ForeignKey) else model_field
    if isinstance(target, models.UUIDField):
        return (lambda v: v.hex) if connection.vendor != "postgresql" else None
    if isinstance(target, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(target, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(target, models.TimeField):
        return ops.adapt_timefield_value
    if isinstance(target, models.DecimalField):
        return lambda v: ops.adapt_decimalfield_value(v, target.max_digits, target.decimal_places)
    if isinstance(target, models.JSONField):
        return lambda v: target.get_db_prep_save(v, connection)
    return None  # stored as it is


def _hsds_name(table: str, attname: str) -> str:
    if table == "attribute" and attname in (*ATTRIBUTE_LINKS.values(), "other_link_id"):
        return "link_id"
    if table == "taxonomy_term" and attname == "taxonomy_name":
        return "taxonomy"
    return attname


def _text(value: Any, where: str, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise HsdsError(where, name, f"expected text, got {type(value).__name__}")
    return value


def _web_address(value: Any, where: str, name: str) -> str:
    """An http(s) address, or empty: shown as a link and played on public pages, so nothing else."""
    text = _text(value, where, name).strip()
    if not text:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError as error:
        raise HsdsError(where, name, "expected an http or https address") from error
    if len(text) > ADDRESS_MAX_LENGTH:
        raise HsdsError(where, name, f"longer than {ADDRESS_MAX_LENGTH} characters")
    return text


def _plain(name: str) -> str:
    name = name.strip().lower()
    for prefix in ("гр.", "с.", "град ", "село ", "gr.", "s."):
        name = name.removeprefix(prefix)
    return name.strip()


def _chunks(ids: list[Any], size: int = 2000) -> Iterable[list[Any]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _existing_ids(model: type[models.Model], ids: list[Any]) -> list[Any]:
    """Which of the ids are stored: one cheap query, so that a first import fetches no rows at all."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT id FROM {table} WHERE id = ANY(%s)", [ids])  # noqa: S608
            return [row[0] for row in cursor.fetchall()]
    return [
        rid
        for chunk in _chunks(ids)
        for rid in model._default_manager.filter(id__in=chunk).order_by().values_list("id", flat=True)
    ]


def _chunked_values(model: type[models.Model], ids: list[Any], columns: list[str]) -> Iterable[Row]:
    for chunk in _chunks(ids):
        yield from model.objects.filter(id__in=chunk).order_by().values("id", *columns)  # type: ignore[attr-defined]


def _chunked_pairs(model: type[models.Model], column: str, parents: list[Any]) -> Iterable[tuple[Any, Any]]:
    for chunk in _chunks(parents):
        yield from model.objects.filter(**{f"{column}__in": chunk}).order_by().values_list("id", column)  # type: ignore[attr-defined]


class _quiet:
    """Ignore a malformed hint: the record itself is validated where it is read."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> bool:
        return kind is not None and issubclass(kind, ValueError | TypeError | KeyError | AttributeError)
