"""Catalog records as HSDS 3.0 JSON: a batch of services, organizations or taxonomy terms is read in a
fixed number of queries, whatever it holds, and nested the way the HSDS API and examples nest them."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import ForeignKey, Model, Q

from grizha.catalog import models as m
from grizha.hsds.tables import (
    ACCESS_STEP,
    ATTRIBUTE_LINKS,
    CAPACITY_FIELDS,
    LANGUAGES,
    SERVICE_ADDRESS_EXTRAS,
    SERVICE_EXTRAS,
    TABLES,
    Table,
    to_hsds,
)
from grizha.territory.models import Municipality

Row = dict[str, Any]
MUNICIPALITY_AREA = uuid.UUID("6f3b8a52-8c1d-4c55-9d0e-5a1f8a3c2b10")  # namespace of service_area ids


def municipality_area_id(service_id: uuid.UUID) -> uuid.UUID:
    """The id of the service_areas item that names a service's municipality (stable across exports)."""
    return uuid.uuid5(MUNICIPALITY_AREA, str(service_id))


def fetch(table: Table, condition: Q, *extra: str) -> list[Row]:
    """Rows of one table, in the model's own order (without joins, which would hide dangling links)."""
    queryset = table.model.objects.filter(condition).order_by(*own_ordering(table.model))  # type: ignore[attr-defined]
    return list(queryset.values(*table.db_columns, *extra))


def own_ordering(model: type[Model]) -> list[str]:
    fields = []
    for name in model._meta.ordering or ():
        bare = str(name).lstrip("-")
        if "__" in bare or isinstance(model._meta.get_field(bare), ForeignKey):
            continue
        fields.append(str(name))
    return [*fields, "id"] if "id" not in fields else fields


def group(rows: Iterable[Row], key: str) -> dict[Any, list[Row]]:
    grouped: dict[Any, list[Row]] = defaultdict(list)
    for row in rows:
        if row.get(key) is not None:
            grouped[row[key]].append(row)
    return grouped


class Serializer:
    """Writes rows as HSDS objects in one language, carrying the other under `translations`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.others = [code for code in LANGUAGES if code != lang]
        self._plans: dict[str, list[tuple[str, str, list[tuple[str, str]]]]] = {}

    def record(
        self, table: Table, row: Row, *, extras: Sequence[str] = (), untranslated: Sequence[str] = ()
    ) -> dict[str, Any]:
        obj: dict[str, Any] = {"id": str(row["id"])}
        translations: dict[str, dict[str, Any]] = {}
        for hsds, key, others in self._plan(table):
            value = row[key]
            for other, other_key in others:
                if text := row[other_key]:
                    translations.setdefault(other, {})[hsds] = text
            if value is None or value == "":
                continue
            kind = type(value)
            obj[hsds] = value if kind is str or kind is int or kind is float else to_hsds(None, value)
        for name in extras:
            if value := row[f"{name}_{self.lang}"]:
                obj[name] = value
            for other in self.others:
                if text := row[f"{name}_{other}"]:
                    translations.setdefault(other, {})[name] = text
        for name in untranslated:
            if value := row[name]:
                obj[name] = value
        if table.model is m.Attribute:
            link = next((row[c] for c in (*ATTRIBUTE_LINKS.values(), "other_link_id") if row[c]), None)
            if link:
                obj["link_id"] = str(link)
        if translations:
            obj["translations"] = translations
        return obj

    def _plan(self, table: Table) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """For each HSDS field of a table: the column in this language and those in the others."""
        plan = self._plans.get(table.name)
        if plan is None:
            plan = [
                (
                    c.hsds,
                    f"{c.attname}_{self.lang}" if c.translated else c.attname,
                    [(o, f"{c.attname}_{o}") for o in self.others] if c.translated else [],
                )
                for c in table.columns
            ]
            self._plans[table.name] = plan
        return plan

    # --- taxonomies ---------------------------------------------------------------------------

    def taxonomy_terms(self, term_ids: Iterable[Any], *, every_detail: bool = False) -> dict[Any, dict[str, Any]]:
        """Terms by id, each with its taxonomy nested as `taxonomy_detail`, except the national vocabularies
        of taxonomies.json (known by `taxonomy_id`, listed once in taxonomies.json, not repeated in every
        attribute), unless `every_detail`."""
        terms = fetch(TABLES["taxonomy_term"], Q(id__in=set(term_ids)))
        wanted = {t["taxonomy_id"] for t in terms if t["taxonomy_id"]}
        taxonomies = {
            row["id"]: self.record(TABLES["taxonomy"], row)
            for row in fetch(TABLES["taxonomy"], Q(id__in=wanted) if every_detail else Q(id__in=wanted, code=None))
        }
        result = {}
        for row in terms:
            obj = self.record(TABLES["taxonomy_term"], row)
            if row["taxonomy_id"] in taxonomies:
                obj["taxonomy_detail"] = taxonomies[row["taxonomy_id"]]
            result[row["id"]] = obj
        return result

    def attributes(self, rows: Iterable[Row], terms: dict[Any, dict[str, Any]]) -> list[dict[str, Any]]:
        result = []
        for row in rows:
            obj = self.record(TABLES["attribute"], row)
            if row["taxonomy_term_id"] in terms:
                obj["taxonomy_term"] = terms[row["taxonomy_term_id"]]
            result.append(obj)
        return result

    # --- shared parts -------------------------------------------------------------------------

    def _contacts_and_phones(
        self, contact_q: Q, phone_q: Q
    ) -> tuple[list[Row], dict[str, dict[Any, list[dict[str, Any]]]]]:
        """Contacts and phones (each phone with its languages), grouped by every parent they can have."""
        t = TABLES
        contacts = fetch(t["contact"], contact_q)
        phones = fetch(t["phone"], phone_q | Q(contact_id__in=[c["id"] for c in contacts]))
        languages = group(fetch(t["language"], Q(phone_id__in=[p["id"] for p in phones])), "phone_id")
        phone_objs: dict[str, dict[Any, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
        for row in phones:
            obj = self.record(t["phone"], row)
            obj["languages"] = [self.record(t["language"], r) for r in languages[row["id"]]]
            for link in ("service_id", "location_id", "service_at_location_id", "contact_id", "organization_id"):
                if row[link] is not None:
                    phone_objs[link][row[link]].append(obj)
        grouped: dict[str, dict[Any, list[dict[str, Any]]]] = {"phones": phone_objs}  # type: ignore[dict-item]
        contact_objs: dict[str, dict[Any, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
        for row in contacts:
            obj = self.record(t["contact"], row)
            obj["phones"] = phone_objs["contact_id"][row["id"]]
            for link in ("service_id", "location_id", "service_at_location_id", "organization_id"):
                if row[link] is not None:
                    contact_objs[link][row[link]].append(obj)
        grouped["contacts"] = contact_objs  # type: ignore[assignment]
        return contacts, grouped

    def locations(self, ids: Iterable[Any]) -> dict[Any, dict[str, Any]]:
        """Full location objects by id: languages, addresses, contacts, accessibility, phones, schedules, attributes."""
        t = TABLES
        lids = list(set(ids))
        rows = fetch(t["location"], Q(id__in=lids))
        if not rows:
            return {}
        _contacts, cp = self._contacts_and_phones(Q(location_id__in=lids), Q(location_id__in=lids))
        languages = group(fetch(t["language"], Q(location_id__in=lids)), "location_id")
        addresses = group(fetch(t["address"], Q(location_id__in=lids)), "location_id")
        accessibility = group(fetch(t["accessibility"], Q(location_id__in=lids)), "location_id")
        schedules = group(fetch(t["schedule"], Q(location_id__in=lids)), "location_id")
        attributes = group(fetch(t["attribute"], Q(location_id__in=lids)), "location_id")
        terms = self.taxonomy_terms(r["taxonomy_term_id"] for rows_ in attributes.values() for r in rows_)
        result = {}
        for row in rows:
            lid = row["id"]
            obj = self.record(t["location"], row)
            obj["languages"] = [self.record(t["language"], r) for r in languages[lid]]
            obj["addresses"] = [self.record(t["address"], r) for r in addresses[lid]]
            obj["contacts"] = cp["contacts"]["location_id"][lid]
            obj["accessibility"] = [self.record(t["accessibility"], r) for r in accessibility[lid]]
            obj["phones"] = cp["phones"]["location_id"][lid]
            obj["schedules"] = [self.record(t["schedule"], r) for r in schedules[lid]]
            obj["attributes"] = self.attributes(attributes[lid], terms)
            result[lid] = obj
        return result

    # --- services -----------------------------------------------------------------------------

    def services(self, ids: Sequence[Any]) -> list[dict[str, Any]]:
        """Full service objects for the ids, in the order given (unknown ids are left out)."""
        t = TABLES
        services = {row["id"]: row for row in fetch(t["service"], Q(id__in=ids), *_service_extras())}
        if not services:
            return []
        sids = list(services)
        sals = fetch(t["service_at_location"], Q(service_id__in=sids))
        sal_ids = [row["id"] for row in sals]
        locations = self.locations(row["location_id"] for row in sals)
        link_q = Q(service_id__in=sids) | Q(service_at_location_id__in=sal_ids)
        _contacts, cp = self._contacts_and_phones(link_q, link_q)
        languages = group(fetch(t["language"], Q(service_id__in=sids)), "service_id")
        schedules = fetch(t["schedule"], link_q)
        service_schedules = group(schedules, "service_id")
        sal_schedules = group(schedules, "service_at_location_id")
        attributes = group(fetch(t["attribute"], Q(service_id__in=sids)), "service_id")
        terms = self.taxonomy_terms(r["taxonomy_term_id"] for rows_ in attributes.values() for r in rows_)
        organizations = {
            _uuid(o["id"]): o
            # Without its places: a municipality's dozens of places would repeat in each of its services;
            # they are in organizations.json and /organizations/{id}, and each service has its own.
            for o in self.organizations(
                [r["organization_id"] for r in services.values() if r["organization_id"]], locations=False
            )
        }
        program_ids = {row["program_id"] for row in services.values() if row["program_id"]}
        programs = {row["id"]: self.record(t["program"], row) for row in fetch(t["program"], Q(id__in=program_ids))}
        municipalities = dict(
            Municipality.objects.filter(code__in={row["municipality_id"] for row in services.values()}).values_list(
                "code", f"name_{self.lang}"
            )
        )
        capacities = {
            row["service_id"]: row
            for row in m.Capacity.objects.filter(service_id__in=sids).values("service_id", *CAPACITY_FIELDS)
        }
        by_service = {
            name: group(fetch(t[name], Q(service_id__in=sids)), "service_id")
            for name in ("service_area", "required_document", "cost_option", "funding")
        }
        steps = group(fetch(ACCESS_STEP, Q(service_id__in=sids)), "service_id")
        sals_by_service = group(sals, "service_id")

        result = []
        for sid in ids:
            if (row := services.get(sid if isinstance(sid, uuid.UUID) else _uuid(sid))) is None:
                continue
            sid = row["id"]
            obj = self.record(t["service"], row, extras=SERVICE_EXTRAS, untranslated=SERVICE_ADDRESS_EXTRAS)
            obj["phones"] = cp["phones"]["service_id"][sid]
            obj["schedules"] = [self.record(t["schedule"], r) for r in service_schedules[sid]]
            areas = [self.record(t["service_area"], r) for r in by_service["service_area"][sid]]
            municipality_uri = f"urn:ekatte:{row['municipality_id']}"
            if not any(area.get("uri") == municipality_uri for area in areas):
                name = municipalities.get(row["municipality_id"], row["municipality_id"])
                areas.append({"id": str(municipality_area_id(sid)), "name": name, "uri": municipality_uri})
            obj["service_areas"] = areas
            sal_list = []
            for sal in sals_by_service[sid]:
                sal_obj = self.record(t["service_at_location"], sal)
                sal_obj["contacts"] = cp["contacts"]["service_at_location_id"][sal["id"]]
                sal_obj["phones"] = cp["phones"]["service_at_location_id"][sal["id"]]
                sal_obj["schedules"] = [self.record(t["schedule"], r) for r in sal_schedules[sal["id"]]]
                if sal["location_id"] in locations:
                    sal_obj["location"] = locations[sal["location_id"]]
                sal_list.append(sal_obj)
            obj["service_at_locations"] = sal_list
            obj["languages"] = [self.record(t["language"], r) for r in languages[sid]]
            if row["organization_id"] in organizations:
                obj["organization"] = organizations[row["organization_id"]]
            obj["funding"] = [self.record(t["funding"], r) for r in by_service["funding"][sid]]
            obj["cost_options"] = [self.record(t["cost_option"], r) for r in by_service["cost_option"][sid]]
            if row["program_id"] in programs:
                obj["program"] = programs[row["program_id"]]
            obj["required_documents"] = [
                self.record(t["required_document"], r) for r in by_service["required_document"][sid]
            ]
            obj["contacts"] = cp["contacts"]["service_id"][sid]
            obj["attributes"] = self.attributes(attributes[sid], terms)
            obj["access_steps"] = [self.record(ACCESS_STEP, r) for r in steps[sid]]
            if capacity := capacities.get(sid):
                obj["capacity"] = {k: to_hsds(m.Capacity._meta.get_field(k), capacity[k]) for k in CAPACITY_FIELDS}
            result.append(obj)
        return result

    # --- organizations ------------------------------------------------------------------------

    def organizations(
        self, ids: Sequence[Any], *, services: Sequence[dict[str, Any]] | None = None, locations: bool = True
    ) -> list[dict[str, Any]]:
        """Organization objects with their funding, contacts, phones, locations, programs and identifiers.

        `services`, when given, are nested under each organization as its `services`.
        """
        t = TABLES
        rows = {row["id"]: row for row in fetch(t["organization"], Q(id__in=ids))}
        if not rows:
            return []
        oids = list(rows)
        _contacts, cp = self._contacts_and_phones(Q(organization_id__in=oids), Q(organization_id__in=oids))
        location_ids = (
            group(fetch(TABLES["location"], Q(organization_id__in=oids)), "organization_id") if locations else {}
        )
        places = self.locations(r["id"] for rows_ in location_ids.values() for r in rows_)
        by_org = {
            name: group(fetch(t[name], Q(organization_id__in=oids)), "organization_id")
            for name in ("organization_identifier", "funding", "program", "attribute")
        }
        terms = self.taxonomy_terms(r["taxonomy_term_id"] for rows_ in by_org["attribute"].values() for r in rows_)
        nested: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for service in services or ():
            if org := service.get("organization"):
                nested[_uuid(org["id"])].append(service)

        result = []
        for oid in ids:
            if (row := rows.get(oid if isinstance(oid, uuid.UUID) else _uuid(oid))) is None:
                continue
            oid = row["id"]
            obj = self.record(t["organization"], row)
            obj["funding"] = [self.record(t["funding"], r) for r in by_org["funding"][oid]]
            obj["contacts"] = cp["contacts"]["organization_id"][oid]
            obj["phones"] = cp["phones"]["organization_id"][oid]
            if locations:
                obj["locations"] = [places[r["id"]] for r in location_ids[oid] if r["id"] in places]
            obj["programs"] = [self.record(t["program"], r) for r in by_org["program"][oid]]
            obj["organization_identifiers"] = [
                self.record(t["organization_identifier"], r) for r in by_org["organization_identifier"][oid]
            ]
            obj["attributes"] = self.attributes(by_org["attribute"][oid], terms)
            if services is not None:
                obj["services"] = nested[oid]
            result.append(obj)
        return result

    # --- list items (direct properties only, as HSDS lists give them) ---------------------------

    def service_items(self, ids: Sequence[Any]) -> list[dict[str, Any]]:
        """Services with their direct properties and their organization and program (HSDS service_list)."""
        t = TABLES
        rows = {row["id"]: row for row in fetch(t["service"], Q(id__in=ids), *_service_extras())}
        orgs = {
            r["id"]: self.record(t["organization"], r)
            for r in fetch(
                t["organization"], Q(id__in={r["organization_id"] for r in rows.values() if r["organization_id"]})
            )
        }
        programs = {
            r["id"]: self.record(t["program"], r)
            for r in fetch(t["program"], Q(id__in={r["program_id"] for r in rows.values() if r["program_id"]}))
        }
        result = []
        for sid in ids:
            if (row := rows.get(sid)) is None:
                continue
            obj = self.record(t["service"], row, extras=SERVICE_EXTRAS, untranslated=SERVICE_ADDRESS_EXTRAS)
            if row["organization_id"] in orgs:
                obj["organization"] = orgs[row["organization_id"]]
            if row["program_id"] in programs:
                obj["program"] = programs[row["program_id"]]
            result.append(obj)
        return result

    def service_at_locations(self, ids: Sequence[Any], *, full: bool) -> list[dict[str, Any]]:
        """Services at locations, each with its location and its service (in full, or as a list item)."""
        t = TABLES
        rows = {row["id"]: row for row in fetch(t["service_at_location"], Q(id__in=ids))}
        locations = self.locations(r["location_id"] for r in rows.values())
        service_ids = list({r["service_id"] for r in rows.values()})
        services = self.services(service_ids) if full else self.service_items(service_ids)
        by_id = {_uuid(s["id"]): s for s in services}
        result = []
        for sal_id in ids:
            if (row := rows.get(sal_id)) is None:
                continue
            obj = self.record(t["service_at_location"], row)
            if row["location_id"] in locations:
                obj["location"] = locations[row["location_id"]]
            if row["service_id"] in by_id:
                obj["service"] = by_id[row["service_id"]]
            result.append(obj)
        return result

    def rows(self, table: Table, condition: Q) -> list[dict[str, Any]]:
        return [self.record(table, row) for row in fetch(table, condition)]

    def rows_in_order(self, table: Table, ids: Sequence[Any]) -> list[dict[str, Any]]:
        """Records of one table with their direct properties, in the order of `ids`."""
        rows = {row["id"]: row for row in fetch(table, Q(id__in=ids))}
        return [self.record(table, rows[i]) for i in ids if i in rows]


def _service_extras() -> list[str]:
    texts = [f"{name}_{lang}" for name in SERVICE_EXTRAS for lang in LANGUAGES]
    return [*texts, *SERVICE_ADDRESS_EXTRAS, "municipality_id"]


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
