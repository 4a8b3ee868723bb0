"""The CPSV-AP 3.2 export: valid against the official SHACL shapes (pySHACL), what goes where, the API at
/api/cpsv/ and `grizha export-cpsv`."""

from __future__ import annotations

import copy
import io
import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pyshacl import validate
from rdflib import Graph, Namespace

from grizha.catalog import models as m
from grizha.demo.loader import demo_id
from grizha.national.cpsv import selectors, vocab
from grizha.national.cpsv.graph import catalogue_document

pytestmark = pytest.mark.django_db

SLIVEN = "SLV20"
ADVICE = demo_id("service", "informirane-konsultirane")  # an active demo service with a place
EUR = "http://publications.europa.eu/resource/authority/currency/EUR"
SH = Namespace("http://www.w3.org/ns/shacl#")


@cache
def shapes() -> Graph:
    """The official shapes, from the copy in the package (the shared folder is not there in CI)."""
    return Graph().parse(vocab.SHAPES_FILE, format="turtle")


def conformance(document: dict[str, Any]) -> tuple[bool, str, set[str]]:
    """Whether the document conforms, the report in words, and the properties of the violations."""
    data = Graph().parse(data=json.dumps(document), format="json-ld")
    conforms, results, text = validate(data, shacl_graph=shapes())
    paths = {str(path) for path in results.objects(None, SH.resultPath)}
    return bool(conforms), str(text), paths


def export(code: str = SLIVEN) -> dict[str, Any]:
    found = selectors.catalogue(code)
    assert found is not None
    return catalogue_document(found)


def nodes(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["@id"]: node for node in document["@graph"]}


def service_node(document: dict[str, Any], service_id: Any) -> dict[str, Any]:
    return next(
        n for n in document["@graph"] if n["@type"] == "PublicService" and n["dct:identifier"] == str(service_id)
    )


def linked(document: dict[str, Any], node: dict[str, Any], prop: str) -> list[dict[str, Any]]:
    by_id = nodes(document)
    value = node.get(prop, [])
    return [by_id[item["@id"]] for item in (value if isinstance(value, list) else [value])]


def values(literals: Any) -> dict[str, str]:
    """Language-tagged literals as {language: text}."""
    return {item["@language"]: item["@value"] for item in (literals if isinstance(literals, list) else [literals])}


def enrich_with_iisda_fields(service: m.Service) -> None:
    """Every IISDA field and evidence source set on one demo service, so validation sees each of them."""
    service.iisda_number = "2004"
    service.decision_days = 14
    service.result_validity_bg, service.result_validity_en = "една година", "one year"
    service.channels = [m.Channel.IN_PERSON, m.Channel.POST, m.Channel.ELECTRONIC, m.Channel.PHONE]
    service.eservice_level = m.EServiceLevel.APPLY_AND_PAY
    service.save()
    m.LegalReference.objects.create(
        service=service,
        act_bg="Закон за социалните услуги",
        act_en="Social Services Act",
        article="15",
        paragraph="1",
        point="1",
        url="https://lex.bg/laws/ldoc/2137189630",
    )
    m.CostOption.objects.create(
        service=service,
        option_bg="Бърза услуга",
        option_en="Fast service",
        amount=Decimal("12.50"),
        currency="EUR",
        tier=m.CostOption.Tier.FAST,
        payment_methods=[m.CostOption.Payment.CARD, m.CostOption.Payment.ONLINE],
    )
    m.RequiredDocument.objects.create(
        service=service,
        document_bg="Експертно решение на ТЕЛК/НЕЛК",
        document_en="Disability decision of TELK/NELK",
        register_check="disability-decision",
    )
    m.RequiredDocument.objects.create(
        service=service, document_bg="Заявление", document_en="Application form", uri="https://www.sliven.bg/form.pdf"
    )


# --- validity ----------------------------------------------------------------------------------


def test_the_demo_catalogue_conforms_to_the_official_shapes() -> None:
    enrich_with_iisda_fields(m.Service.objects.get(id=ADVICE))
    document = export()

    conforms, report, _paths = conformance(document)

    assert conforms, report
    services = [n for n in document["@graph"] if n["@type"] == "PublicService"]
    assert len(services) == m.Service.objects.filter(municipality_id=SLIVEN, status="active").count() > 40


def test_a_broken_graph_is_reported_as_not_conforming() -> None:
    document = copy.deepcopy(export())
    service = next(n for n in document["@graph"] if n["@type"] == "PublicService")
    del service["dct:title"]  # a public service must have a name
    cost = next(n for n in document["@graph"] if n["@type"] == "Cost" and "cv:hasValue" in n)
    cost["cv:hasValue"] = "free"  # and a cost's value must be a number

    conforms, report, paths = conformance(document)

    assert not conforms, report
    assert paths == {"http://purl.org/dc/terms/title", "http://data.europa.eu/m8g/hasValue"}


# --- what goes where ---------------------------------------------------------------------------


def test_legal_references_are_legal_resources_that_the_legal_basis_rule_implements() -> None:
    service = m.Service.objects.get(id=ADVICE)
    article = m.LegalReference.objects.create(
        service=service,
        position=1,
        act_bg="Закон за социалните услуги",
        act_en="Social Services Act",
        article="15",
        point="1",
        url="https://lex.bg/laws/ldoc/2137189630",
    )
    m.LegalReference.objects.create(
        service=service, position=2, act_bg="Наредба за качеството на социалните услуги", act_en="Quality Ordinance"
    )
    document = export()
    node = service_node(document, ADVICE)

    resources = linked(document, node, "cv:hasLegalResource")

    assert [r["@type"] for r in resources] == ["LegalResource", "LegalResource"]
    first = values(resources[0]["dct:title"])
    assert first["en"] == "Art. 15, item 1 of the Social Services Act"
    # Bulgarian once the words of a citation are translated, and never English labelled Bulgarian.
    assert first.get("bg", "чл. 15, т. 1 от Закона за социалните услуги").startswith("чл. 15, т. 1 от Закон")
    assert values(resources[1]["dct:title"]) == {
        "bg": "Наредба за качеството на социалните услуги",
        "en": "Quality Ordinance",
    }
    assert resources[0]["dct:identifier"] == str(article.id)
    assert resources[0]["rdfs:seeAlso"] == [{"@id": "https://lex.bg/laws/ldoc/2137189630"}]
    rule = next(r for r in linked(document, node, "cpsv:follows") if values(r["dct:title"])["en"] == "Legal basis")
    assert rule["cpsv:implements"] == [{"@id": r["@id"]} for r in resources]


def test_without_legal_references_the_free_text_legal_basis_is_the_legal_resource() -> None:
    service = m.Service.objects.get(id=ADVICE)
    document = export()

    resources = linked(document, service_node(document, ADVICE), "cv:hasLegalResource")

    assert [values(r["dct:title"]) for r in resources] == [{"bg": service.legal_basis_bg, "en": service.legal_basis_en}]


def test_costs_carry_their_amounts_in_euro_with_tier_and_ways_to_pay() -> None:
    service = m.Service.objects.get(id=ADVICE)
    option = m.CostOption.objects.create(
        service=service,
        option_bg="Копие",
        option_en="A copy",
        amount=Decimal("2.90"),
        tier=m.CostOption.Tier.EXPRESS,
        payment_methods=[m.CostOption.Payment.CASH, m.CostOption.Payment.CARD],
    )
    document = export()

    cost = nodes(document)[vocab.record(option.id)]

    assert cost["@type"] == "Cost"
    assert cost["cv:hasValue"] == {"@value": "2.9", "@type": "xsd:double"}
    assert cost["cv:currency"] == {"@id": EUR}
    assert nodes(document)[EUR]["@type"] == "Concept"
    description = values(cost["dct:description"])["en"]
    assert "A copy" in description and "express" in description and "in cash, by card" in description
    assert {"@id": cost["@id"]} in service_node(document, ADVICE)["cv:hasCost"]


def test_spatial_coverage_names_the_ekatte_and_lau_code_of_the_municipality() -> None:
    document = export()
    node = service_node(document, ADVICE)

    [area] = linked(document, node, "dct:spatial")

    assert area["@id"] == "urn:ekatte:SLV20"
    assert area["@type"] == "Location"
    assert area["dct:identifier"] == SLIVEN
    schemes = {item["adms:schemaAgency"]["@value"]: item["skos:notation"] for item in area["adms:identifier"]}
    assert schemes == {
        "National Statistical Institute of Bulgaria (EKATTE)": SLIVEN,
        "Eurostat (Local Administrative Units, LAU)": SLIVEN,
    }
    assert values(area["locn:geographicName"]) == {"bg": "Сливен", "en": "Sliven"}
    [authority] = linked(document, node, "cv:hasCompetentAuthority")
    assert authority["dct:spatial"] == [{"@id": "urn:ekatte:SLV20"}]
    assert values(authority["skos:prefLabel"])["en"] == "Municipality of Sliven"


def test_a_place_is_an_in_person_channel_with_its_address_settlement_and_hours() -> None:
    link = m.ServiceAtLocation.objects.filter(service_id=ADVICE).select_related("location__settlement").first()
    assert link is not None and link.location.settlement is not None
    document = export()

    channel = nodes(document)[vocab.record(link.id)]

    assert channel["dct:type"] == {"@id": "urn:grizha:channel-type:in-person"}
    assert channel["dct:spatial"] == {"@id": f"urn:ekatte:{link.location.settlement.ekatte}"}
    hours = linked(document, channel, "cv:openingHours")
    assert hours and all(h["@type"] == "TemporalEntity" for h in hours)
    opening = m.Schedule.objects.filter(location_id=link.location_id).exclude(opens_at=None).first()
    assert opening is not None and opening.opens_at is not None
    assert any(f"{opening.opens_at:%H:%M}–" in values(h["dct:description"])["en"] for h in hours)
    assert nodes(document)[channel["locn:address"]["@id"]]["locn:postCode"]


def test_texts_go_out_in_both_languages_and_a_missing_translation_stays_missing() -> None:
    service = m.Service.objects.get(id=ADVICE)
    service.description_en = ""
    service.save()
    document = export()
    node = service_node(document, ADVICE)

    assert values(node["dct:title"]) == {"bg": service.name_bg, "en": service.name_en}
    assert values(node["dct:description"]) == {"bg": service.description_bg}


def test_the_iisda_number_is_an_identifier_beside_the_uuid() -> None:
    enrich_with_iisda_fields(m.Service.objects.get(id=ADVICE))
    document = export()
    node = service_node(document, ADVICE)

    assert node["dct:identifier"] == str(ADVICE)
    assert [i["skos:notation"] for i in node["adms:identifier"]] == ["2004"]
    assert node["rdfs:seeAlso"] == [{"@id": m.Service.objects.get(id=ADVICE).iisda_url}]
    assert node["cv:processingTime"] == {"@value": "P14D", "@type": "xsd:duration"}
    types = {c["dct:type"]["@id"] for c in linked(document, node, "cv:hasChannel")}
    assert {"urn:grizha:channel-type:post", "urn:grizha:channel-type:electronic"} <= types
    assert {"@id": "urn:grizha:eservice-level:apply-and-pay"} in node["cv:isClassifiedBy"]


def test_a_document_a_register_can_give_names_the_register_as_its_source() -> None:
    enrich_with_iisda_fields(m.Service.objects.get(id=ADVICE))
    document = export()
    evidence = linked(document, service_node(document, ADVICE), "cpsv:hasInput")

    sources = {e["dct:type"]["@id"] for e in evidence}

    assert sources == {"urn:grizha:evidence-source:disability-decision", "urn:grizha:evidence-source:upload"}
    register = nodes(document)["urn:grizha:evidence-source:disability-decision"]
    assert "NELK" in values(register["skos:prefLabel"])["en"]


def test_service_types_are_classifications_and_target_groups_the_audience() -> None:
    document = export()
    node = service_node(document, ADVICE)
    attributes = m.Attribute.objects.filter(service_id=ADVICE).select_related("taxonomy_term")

    audience = {c["skos:notation"] for c in linked(document, node, "dct:audience")}
    classes = {c["skos:notation"] for c in linked(document, node, "cv:isClassifiedBy")}

    assert audience == {a.taxonomy_term.code for a in attributes if a.link_type == "audience"}
    assert {a.taxonomy_term.code for a in attributes if a.link_type == "service_type"} <= classes


def test_only_active_services_go_out() -> None:
    active = m.Service.objects.filter(municipality_id=SLIVEN, status="active").exclude(id=ADVICE).first()
    assert active is not None
    active.status = m.Service.Status.INACTIVE
    active.save()
    elsewhere = set(
        m.Service.objects.filter(municipality_id=SLIVEN).exclude(status="active").values_list("id", flat=True)
    )
    assert len(elsewhere) >= 3  # the demo's inactive and temporarily closed services, and this one

    identifiers = {n["dct:identifier"] for n in export()["@graph"] if n["@type"] == "PublicService"}

    assert str(ADVICE) in identifiers
    assert not identifiers & {str(x) for x in elsewhere}


def test_the_export_reads_the_same_number_of_queries_for_one_service_as_for_all() -> None:
    with CaptureQueriesContext(connection) as all_services:
        export()
    m.Service.objects.filter(municipality_id=SLIVEN).exclude(id=ADVICE).update(status="inactive")
    with CaptureQueriesContext(connection) as one_service:
        document = export()

    assert len([n for n in document["@graph"] if n["@type"] == "PublicService"]) == 1
    assert len(all_services) == len(one_service) <= 25


# --- the API -----------------------------------------------------------------------------------


def test_the_api_answers_json_ld_for_this_sites_municipality(client: Client) -> None:
    response = client.get("/api/cpsv/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response["ETag"]
    body = json.loads(response.content)
    assert body["@graph"][0]["@type"] == "Dataset" and body["@graph"][0]["dct:identifier"] == SLIVEN
    assert body == json.loads(client.get("/api/cpsv/?municipality=slv20").content)


@pytest.mark.parametrize(("given", "named"), [("XYZ99", "XYZ99"), ("", "SLV20"), ("%00", "\x00")])
def test_the_api_answers_400_for_an_unknown_municipality(client: Client, given: str, named: str) -> None:
    response = client.get(f"/api/cpsv/?municipality={given}")

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "municipality"
    assert named in error["message"]


def test_the_api_shows_a_change_made_after_an_earlier_answer(client: Client) -> None:
    client.get("/api/cpsv/")  # kept in the cache for this catalog version
    service = m.Service.objects.get(id=ADVICE)
    service.name_en = "Advice, renamed"
    service.save()

    body = json.loads(client.get("/api/cpsv/").content)

    assert values(service_node(body, ADVICE)["dct:title"])["en"] == "Advice, renamed"


# --- the command -------------------------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("export-cpsv", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_a_file_per_municipality_and_an_index(tmp_path: Path) -> None:
    output = run(str(tmp_path / "cpsv"))

    written = json.loads((tmp_path / "cpsv" / "SLV20.jsonld").read_text(encoding="utf-8"))
    index = json.loads((tmp_path / "cpsv" / "index.json").read_text(encoding="utf-8"))
    active = m.Service.objects.filter(municipality_id=SLIVEN, status="active").count()
    assert written == json.loads(json.dumps(export()))
    assert [(c["municipality"], c["file"], c["services"]) for c in index["catalogues"]] == [
        (SLIVEN, "SLV20.jsonld", active)
    ]
    assert f"Exported {active} services of 1 municipality" in output


def test_the_command_for_one_municipality_keeps_the_others_in_the_index(tmp_path: Path) -> None:
    run(str(tmp_path))
    output = run(str(tmp_path), "--municipality", "sof46")

    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    active = m.Service.objects.filter(municipality_id=SLIVEN, status="active").count()
    assert [(c["municipality"], c["services"]) for c in index["catalogues"]] == [(SLIVEN, active), ("SOF46", 0)]
    assert "Exported 0 services of 1 municipality" in output
    assert json.loads((tmp_path / "SOF46.jsonld").read_text(encoding="utf-8"))["@graph"][0]["@type"] == "Dataset"


def test_the_command_fails_cleanly_when_the_folder_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")

    with pytest.raises(CommandError, match=r"Cannot write to .*a-file/cpsv: Not a directory"):
        run(str(blocker / "cpsv"))


def test_the_command_refuses_an_unknown_municipality(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No municipality has the EKATTE code 'XYZ99'"):
        run(str(tmp_path), "--municipality", "XYZ99")
    assert not list(tmp_path.iterdir())
