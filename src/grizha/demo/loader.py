"""Loading the demo catalog (data/sliven.json) idempotently: records that exist are left as they are,
so a second run adds only what is missing and keeps the edits made since."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from grizha.catalog import masters, reference
from grizha.catalog import models as m
from grizha.territory.models import Office, Settlement

DATA_FILE = Path(__file__).resolve().parent / "data" / "sliven.json"
# National master descriptions the demo's services derive from (written from the Social Services Act).
MASTERS_FILE = Path(__file__).resolve().parent / "data" / "masters.json"
NAMESPACE = uuid.UUID("6f1c1f0e-4b7a-4f53-9a51-8d3d5e1c2a10")
ATTRIBUTE_TAXONOMIES = {
    "service_type": reference.SERVICE_TYPE,
    "activity_kind": reference.ACTIVITY_KIND,
    "access_route": reference.ACCESS_ROUTE,
    "audience": reference.TARGET_GROUP,
    "need": reference.NEED,
}


def demo_id(kind: str, key: str) -> uuid.UUID:
    """A stable id for a demo record, the same on every machine."""
    return uuid.uuid5(NAMESPACE, f"{kind}:{key}")


def _tr(field_name: str, text: dict[str, str] | None) -> dict[str, str]:
    """Both language columns of a translated field from {"bg": ..., "en": ...}."""
    text = text or {}
    return {f"{field_name}_bg": text.get("bg") or "", f"{field_name}_en": text.get("en") or ""}


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.created.values())


class _Loader:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.municipality = data["municipality"]
        self.report = LoadReport()
        self.terms = {
            (taxonomy, code): term_id
            for term_id, taxonomy, code in m.TaxonomyTerm.objects.filter(taxonomy__code__isnull=False).values_list(
                "id", "taxonomy__code", "code"
            )
        }
        self.settlements = dict(
            Settlement.objects.filter(municipality_id=self.municipality).values_list("ekatte", "name_bg")
        )
        self.settlements_en = dict(
            Settlement.objects.filter(municipality_id=self.municipality).values_list("ekatte", "name_en")
        )

    def term(self, taxonomy: str, code: str) -> uuid.UUID:
        try:
            return self.terms[(taxonomy, code)]
        except KeyError:
            raise ValueError(f"unknown term {code!r} of {taxonomy}") from None

    def _create(self, model: type, label: str, key: str, **values: Any) -> tuple[Any, bool]:
        obj, created = model.objects.get_or_create(id=demo_id(label, key), defaults=values)  # type: ignore[attr-defined]
        if created:
            self.report.count(label)
        return obj, created

    def run(self) -> LoadReport:
        for item in self.data.get("masters", []):
            self.master(item)
        for item in self.data["organizations"]:
            self.organization(item)
        for item in self.data.get("programs", []):
            self._create(
                m.Program,
                "program",
                item["key"],
                organization_id=demo_id("organization", item["organization"]),
                **_tr("name", item["name"]),
                **_tr("description", item["description"]),
            )
        for item in self.data["locations"]:
            self.location(item)
        for item in self.data["offices"]:
            self.office(item)
        for item in self.data["services"]:
            self.service(item)
        return self.report

    def organization(self, item: dict[str, Any]) -> None:
        org, created = self._create(
            m.Organization,
            "organization",
            item["key"],
            email=item.get("email") or "",
            website=item.get("website") or "",
            tax_id=item.get("tax_id") or "",
            **_tr("name", item["name"]),
            **_tr("alternate_name", item.get("alternate_name")),
            **_tr("description", item["description"]),
        )
        if created:
            for number in item.get("phones", []):
                m.Phone.objects.create(organization=org, number=number)
            if item.get("tax_id"):
                m.OrganizationIdentifier.objects.create(
                    organization=org, identifier_scheme="BG-EIK", identifier_type="EIK", identifier=item["tax_id"]
                )

    def location(self, item: dict[str, Any]) -> None:
        settlement = item["settlement"]
        location, created = self._create(
            m.Location,
            "location",
            item["key"],
            organization_id=demo_id("organization", item["organization"]),
            settlement_id=settlement,
            external_identifier=settlement,
            external_identifier_type="EKATTE",
            latitude=item.get("latitude"),
            longitude=item.get("longitude"),
            **_tr("name", item["name"]),
            **_tr("description", item.get("description")),
            **_tr("transportation", item.get("transportation")),
        )
        if not created:
            return
        m.Address.objects.create(
            location=location,
            address_type="physical",
            postal_code=item.get("postal_code") or "",
            state_province="Сливен",
            state_province_en="Sliven",
            **_tr("address_1", item["address"]),
            city_bg=self.settlements.get(settlement, ""),
            city_en=self.settlements_en.get(settlement, ""),
        )
        for number in item.get("phones", []):
            m.Phone.objects.create(location=location, number=number)
        for hours in item.get("hours", []):
            m.Schedule.objects.create(
                location=location,
                freq="WEEKLY",
                wkst="MO",
                byday=",".join(hours["days"]),
                opens_at=dt.time.fromisoformat(hours["opens"]),
                closes_at=dt.time.fromisoformat(hours["closes"]),
                **_tr("notes", item.get("hours_note")),
            )
        for code in item.get("accessibility", []):
            m.Attribute.objects.create(
                location=location,
                link_entity="location",
                link_type="accessibility",
                taxonomy_term_id=self.term(reference.ACCESSIBILITY, code),
            )
        if item.get("accessibility_details"):
            m.Accessibility.objects.create(location=location, **_tr("details", item["accessibility_details"]))

    def office(self, item: dict[str, Any]) -> None:
        self._create(
            Office,
            "office",
            item["key"],
            municipality_id=self.municipality,
            kind=item["kind"],
            mayoralty_id=item.get("mayoralty"),
            settlement_id=item["settlement"],
            postal_code=item.get("postal_code") or "",
            latitude=item.get("latitude"),
            longitude=item.get("longitude"),
            phone=item.get("phone") or "",
            email=item.get("email") or "",
            **_tr("name", item["name"]),
            **_tr("address", item["address"]),
            **_tr("opening_hours", item.get("opening_hours")),
        )

    def master(self, item: dict[str, Any]) -> None:
        master, created = self._create(
            m.MasterDescription,
            "master",
            item["code"],
            code=item["code"],
            minimum_age=item.get("minimum_age"),
            maximum_age=item.get("maximum_age"),
            **{key: value for name in m.MASTER_TEXT_FIELDS for key, value in _tr(name, item.get(name)).items()},
        )
        if not created:
            return
        for link_type, taxonomy, code, value in self.attribute_terms(item["attributes"]):
            m.MasterTerm.objects.create(
                master=master, link_type=link_type, taxonomy_term_id=self.term(taxonomy, code), value=value
            )
        for document in item.get("documents", []):
            m.MasterDocument.objects.create(
                master=master, register_check=document.get("register_check", ""), **_tr("document", document)
            )
        for position, reference_ in enumerate(item.get("legal_references", []), start=1):
            m.LegalReference.objects.create(
                master=master,
                position=position,
                article=reference_["article"],
                paragraph=reference_["paragraph"],
                point=reference_["point"],
                url=reference_["url"],
                **_tr("act", reference_["act"]),
            )

    def service(self, item: dict[str, Any]) -> None:
        values: dict[str, Any] = {}
        for name in m.MASTER_TEXT_FIELDS:
            values.update(_tr(name, item.get(name)))
        service, created = self._create(
            m.Service,
            "service",
            item["key"],
            municipality_id=self.municipality,
            organization_id=demo_id("organization", item["organization"]),
            program_id=demo_id("program", item["program"]) if item.get("program") else None,
            status=item.get("status", "active"),
            minimum_age=item.get("minimum_age"),
            maximum_age=item.get("maximum_age"),
            email=item.get("email") or "",
            url=item.get("url") or "",
            assured_date=dt.date.fromisoformat(item["assured_date"]) if item.get("assured_date") else None,
            master_id=demo_id("master", item["master"]) if item.get("master") else None,
            **values,
        )
        if not created:
            return
        m.ServiceArea.objects.create(
            service=service,
            uri=f"urn:ekatte:{self.municipality}",
            extent_type="ekatte",
            name_bg="Община Сливен",
            name_en="Sliven Municipality",
        )
        self.attributes(service, item.get("attributes", {}))
        for key in item.get("locations", []):
            m.ServiceAtLocation.objects.create(service=service, location_id=demo_id("location", key))
        for position, step in enumerate(item.get("steps", []), start=1):
            m.AccessStep.objects.create(
                service=service,
                position=position,
                **_tr("title", step["title"]),
                **_tr("who", step.get("who")),
                **_tr("where", step.get("where")),
                **_tr("bring", step.get("bring")),
                **_tr("duration", step.get("duration")),
            )
        for document in item.get("documents", []):
            m.RequiredDocument.objects.create(
                service=service, register_check=document.get("register_check", ""), **_tr("document", document)
            )
        for cost in item.get("costs", []):
            m.CostOption.objects.create(
                service=service,
                currency=cost.get("currency") or "EUR",
                amount=Decimal(str(cost["amount"])) if cost.get("amount") is not None else None,
                **_tr("option", cost.get("option")),
                **_tr("amount_description", cost.get("amount_description")),
            )
        if capacity := item.get("capacity"):
            m.Capacity.objects.create(
                service=service,
                places=capacity.get("places"),
                occupied=capacity.get("occupied"),
                waiting=capacity.get("waiting"),
                funded_places=capacity.get("funded_places"),
                **_tr("funding_decision", capacity.get("funding_decision")),
            )
        for number in item.get("phones", []):
            m.Phone.objects.create(service=service, number=number)
        for contact in item.get("contacts", []):
            row = m.Contact.objects.create(
                service=service,
                email=contact.get("email") or "",
                **_tr("name", contact.get("name")),
                **_tr("title", contact.get("title")),
            )
            if contact.get("phone"):
                m.Phone.objects.create(contact=row, number=contact["phone"])
        for code in item.get("languages", []):
            m.Language.objects.create(
                service=service, code=code, name={"bg": "български", "en": "English"}.get(code, code)
            )
        for source in item.get("funding", []):
            m.Funding.objects.create(service=service, **_tr("source", source))
        # What the demo leaves out of a derived service is the national text.
        masters.service_fill_from_master(service=service)

    def attribute_terms(self, attributes: dict[str, Any]) -> list[tuple[str, str, str, str]]:
        """(link type, taxonomy, term code, value) of each attribute the data gives."""
        terms = [
            (link_type, taxonomy, code, "")
            for link_type, taxonomy in ATTRIBUTE_TAXONOMIES.items()
            for code in attributes.get(link_type, [])
        ]
        terms += [
            ("eligibility", reference.TARGET_GROUP, code, "") for code in attributes.get("eligibility_groups", [])
        ]
        terms += [
            ("eligibility", reference.ELIGIBILITY_CRITERION, code, str(value))
            for code, value in attributes.get("eligibility_criteria", {}).items()
        ]
        return terms

    def attributes(self, service: m.Service, attributes: dict[str, Any]) -> None:
        for link_type, taxonomy, code, value in self.attribute_terms(attributes):
            m.Attribute.objects.create(
                service=service,
                link_entity="service",
                link_type=link_type,
                taxonomy_term_id=self.term(taxonomy, code),
                value=value,
            )


def demo_services(*, path: Path = DATA_FILE, masters_path: Path = MASTERS_FILE) -> list[dict[str, Any]]:
    """The demo's services as the catalog holds them once loaded: a derived service's item completed,
    where it leaves a field blank, with its master's (as `catalog.masters` fills them)."""
    by_code = {item["code"]: item for item in json.loads(masters_path.read_text(encoding="utf-8"))["masters"]}
    merged = []
    for item in json.loads(path.read_text(encoding="utf-8"))["services"]:
        master = by_code.get(item.get("master") or "", {})
        blanks = {key: value for key, value in master.items() if key != "code" and item.get(key) in (None, [], {})}
        merged.append({**item, **blanks})
    return merged


@transaction.atomic
def load_demo(*, path: Path = DATA_FILE, masters_path: Path = MASTERS_FILE) -> LoadReport:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["masters"] = json.loads(masters_path.read_text(encoding="utf-8"))["masters"]
    return _Loader(data).run()
