"""JSON-LD literals and references of the CPSV-AP export: texts in Bulgarian and English, each tagged with
its language and never standing in for the other."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils import translation

from grizha.catalog import models as m
from grizha.national.cpsv import vocab
from grizha.territory.models import Municipality, Settlement

Node = dict[str, Any]


def ref(iri: str) -> Node:
    return {"@id": iri}


def typed(value: str, datatype: str) -> Node:
    return {"@value": value, "@type": datatype}


def text_in(obj: Any, name: str, lang: str) -> str:
    """One language column of a translated field, as it is (no fallback to the other language)."""
    return str(getattr(obj, f"{name}_{lang}", None) or "").strip()


def texts(obj: Any, name: str) -> list[Node]:
    """A translated field as one literal per language that has text."""
    return [{"@value": value, "@language": lang} for lang in vocab.LANGUAGES if (value := text_in(obj, name, lang))]


def per_language(make: Callable[[str], str]) -> list[Node]:
    """A text made for each language (with that language active), as one literal per language that has it."""
    made = []
    for lang in vocab.LANGUAGES:
        with translation.override(lang):
            if text := make(lang).strip():
                made.append({"@value": text, "@language": lang})
    return made


def words(label: Any, lang: str) -> str:
    """grizha's own words (a lazy translation) in the active language `lang`; empty while the translation
    is not made, as English labelled Bulgarian would be worse than nothing."""
    text = str(label)
    if lang != "en":
        with translation.override("en"):
            if str(label) == text:
                return ""
    return text


def sentence(label: Any, params: Callable[[str], dict[str, str]] | None = None) -> list[Node]:
    """grizha's own words, with data put in, in each language they are translated to."""

    def make(lang: str) -> str:
        text = words(label, lang)
        return text % params(lang) if text and params else text

    return per_language(make)


def name_in(obj: Municipality | Settlement | m.TaxonomyTerm, lang: str) -> str:
    return text_in(obj, "name", lang) or text_in(obj, "name", "bg") or obj.name


def unique(refs: Iterable[Node | None]) -> list[Node]:
    seen: dict[str, Node] = {}
    for item in refs:
        if item is not None:
            seen.setdefault(item["@id"], item)
    return list(seen.values())


def clean(node: Node) -> Node:
    return {key: value for key, value in node.items() if value not in (None, "", [])}


def identifier_of(iri: str) -> str:
    return iri.removeprefix("urn:uuid:")
