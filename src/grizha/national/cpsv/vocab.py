"""The words of the CPSV-AP export: namespaces, the JSON-LD context, the EU's authority tables we use, and
the IRIs grizha mints for its own records and concepts.

Records with a UUID keep it: `urn:uuid:<id>`, the same on every server, so that a national aggregator
that reads the files of many municipalities can join them. Nodes that grizha derives from a record (the
age requirement of a service, its legal-basis rule) get a UUID of their own, derived from the record's."""

from __future__ import annotations

import json
import uuid
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SHAPES_FILE = DATA / "cpsv-ap-SHACL.ttl"  # the official SHACL shapes of CPSV-AP 3.2.0 (tests validate with them)
CONTEXT_FILE = DATA / "cpsv-ap_en.jsonld"  # the official JSON-LD context
PROFILE = "https://semiceu.github.io/CPSV-AP/releases/3.2.0/"
LANGUAGES = ("bg", "en")  # every text goes out in both, tagged with its language

PREFIXES = {
    "adms": "http://www.w3.org/ns/adms#",
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "locn": "http://www.w3.org/ns/locn#",
    "org": "http://www.w3.org/ns/org#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# The EU Publications Office's authority tables that CPSV-AP recommends.
AUTHORITY = "http://publications.europa.eu/resource/authority/"
# ISO 639-1 codes (HSDS language.code) to the codes of the EU's Language table.
LANGUAGE_TABLE = {
    "bg": "BUL",
    "de": "DEU",
    "el": "ELL",
    "en": "ENG",
    "es": "SPA",
    "fr": "FRA",
    "it": "ITA",
    "mk": "MKD",
    "ro": "RON",
    "ru": "RUS",
    "sr": "SRP",
    "tr": "TUR",
    "uk": "UKR",
}

# grizha's own concept schemes (channel types, e-service levels, participation roles), which no EU table
# covers with codes we could verify; `urn:ekatte:` is the project's name for an EKATTE unit (CONTRACTS 2).
OWN = "urn:grizha:"
EKATTE = "urn:ekatte:"
_MINTED = uuid.UUID("2a7c9e40-5d8b-4f0e-9c61-3b1d7e2f8a55")


@cache
def context() -> dict[str, str]:
    """The official context's class names (PublicService, Channel, ...) and the prefixes properties are
    written with: small enough to go in every document, so that no reader has to fetch anything."""
    official = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    classes = {term: iri for term, iri in official.items() if "." not in term and isinstance(iri, str)}
    return {**PREFIXES, **classes}


def record(record_id: uuid.UUID | str) -> str:
    return f"urn:uuid:{record_id}"


def derived(*parts: object) -> str:
    """The IRI of a node grizha derives from records, stable across exports."""
    return record(derived_id(*parts))


def derived_id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(_MINTED, ":".join(str(part) for part in parts))


def ekatte(code: str) -> str:
    return f"{EKATTE}{code}"


def own_concept(scheme: str, code: str) -> str:
    return f"{OWN}{scheme}:{code}"


def own_scheme(scheme: str) -> str:
    return f"{OWN}{scheme}"


def currency(code: str) -> str:
    return f"{AUTHORITY}currency/{code.upper()}"


def frequency(code: str) -> str:
    return f"{AUTHORITY}frequency/{code.upper()}"


def language(code: str) -> str | None:
    """The EU Language table's IRI of an ISO 639 code, if we know it (three letters are taken as they are)."""
    code = code.strip().lower()
    table = LANGUAGE_TABLE.get(code) or (code.upper() if len(code) == 3 and code.isalpha() else None)
    return f"{AUTHORITY}language/{table}" if table else None
