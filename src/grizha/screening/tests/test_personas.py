"""Realistic people of Sliven (and one from Sofia) screened through POST /api/v1/screening.

Each persona's expectations were worked out by hand from `demo/data/sliven.json` and CONTRACTS
section 3, never by asking the engine: the services the person must be offered (with `eligible` or
`maybe`), the services that must not be offered, and, where it is clear-cut, the first result."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from grizha.demo.loader import demo_id, demo_services

pytestmark = pytest.mark.django_db

URL = "/api/v1/screening"
E, M = "eligible", "maybe"
NAMES = {item["key"]: item["name"] for item in demo_services()}


@dataclass(frozen=True)
class Persona:
    id: str
    body: dict[str, Any]
    gets: dict[str, str]
    never: tuple[str, ...] = ()
    first: str | None = None


PERSONAS = [
    Persona(
        "widow-80-alone-in-a-village-needs-meals-and-care",
        {
            "age": 80,
            "municipality": "SLV20",
            "target_groups": {"elderly": True, "people-living-alone": True, "homeless": False},
            "needs": ["meals", "care-at-home"],
        },
        gets={
            "patronazh": E,
            "dc-vazrastni": E,
            "topal-obyad": E,
            "mobilni-uslugi-sela": E,
            "trapezaria": M,  # low income not stated, income unknown
            "grizha-v-doma": M,
            "asistentska-podkrepa": M,
            "lichna-pomosht": M,
        },
        never=("cvn", "deca-na-ulitsata", "zimen-priyut", "patronazhna-grizha"),
        first="patronazh",
    ),
    Persona(
        "mother-of-a-6-year-old-with-cerebral-palsy-75-percent-en",
        {
            "age": 6,
            "municipality": "SLV20",
            "facts": {"disability_percent": 75, "needs_assistance_of_another": True},
            "target_groups": {
                "children-with-disabilities": True,
                "families-with-children": True,
                "adults-with-disabilities": False,
            },
            "needs": ["rehabilitation-therapy", "personal-assistance", "caregiver-respite", "mobility-transport"],
            "lang": "en",
        },
        gets={
            "dc-deca-mladezhi": E,
            "csri-deca": E,
            "cnst-deca-uvrezhdania": E,
            "ranno-detsko-razvitie": E,
            "lichna-pomosht": E,
            "asp-individualna-otsenka": E,
            "specializiran-transport": E,  # 75 >= 71
            "asp-pomoshtni-sredstva": E,
            "grizha-v-doma": M,  # older people unable to self-care not stated
            "dc-demencia": M,
        },
        never=("csri-pylnoletni", "asistentska-podkrepa"),
        first="dc-deca-mladezhi",
    ),
    Persona(
        "homeless-man-45-needs-shelter-and-food",
        {
            "age": 45,
            "municipality": "SLV20",
            "target_groups": {"homeless": True, "elderly": False},
            "needs": ["shelter-housing", "meals"],
        },
        gets={
            "cvn": E,
            "topal-obyad": E,
            "krizisen-center": M,
            "mayka-bebe": M,
            "obshtinski-zhilishta": M,
            "patronazh": M,  # elderly false, adults with disabilities unknown
            "trapezaria": M,
        },
        never=("zimen-priyut", "cnst-deca", "nablyudavano-zhilishte", "deca-na-ulitsata", "dc-vazrastni"),
        first="cvn",
    ),
    Persona(
        "woman-32-fleeing-violence-with-her-children-en",
        {
            "age": 32,
            "municipality": "SLV20",
            "target_groups": {"victims-of-violence": True, "families-with-children": True},
            "needs": ["crisis-protection", "shelter-housing", "psychological-support"],
            "lang": "en",
        },
        gets={
            "krizisen-center": E,
            "semeyno-posrednichestvo": E,
            "pic-zavisimosti": E,
            "mayka-bebe": M,
            "cvn": M,
            "obshtinski-zhilishta": M,
            "csri-pylnoletni": M,
        },
        never=("asp-zakrila-deteto", "cop", "deca-na-ulitsata", "cnst-deca", "nablyudavano-zhilishte"),
        first="krizisen-center",
    ),
    Persona(
        "young-man-leaving-care-on-his-18th-birthday",
        {
            "age": 18,
            "municipality": "SLV20",
            "target_groups": {"young-people-leaving-care": True, "unemployed": True},
            "needs": ["shelter-housing", "independent-living-skills", "employment-skills"],
        },
        gets={
            "nablyudavano-zhilishte": E,  # 18 is the lower bound, inside
            "dbt-registratsia": E,
            "dbt-programi-zaetost": E,
            "cvn": M,
            "dc-pylnoletni": M,
            "cnst-mladezhi-uvrezhdania": M,
            "trudovi-umenia": M,
        },
        never=("cnst-deca",),  # 3-17: 18 is outside
        first="nablyudavano-zhilishte",
    ),
    Persona(
        "daughter-52-caring-for-her-father-with-dementia-en",
        {
            "age": 52,
            "municipality": "SLV20",
            "target_groups": {"family-caregivers": True},
            "needs": ["caregiver-respite", "information-advice", "psychological-support"],
            "lang": "en",
        },
        gets={
            "pic-zavisimosti": E,  # information and psychological support: two needs met
            "informirane-konsultirane": E,
            "semeyno-posrednichestvo": E,
            "zhestov-ezik": E,
            "dc-demencia": M,  # for people with dementia: not stated of her
            "asp-individualna-otsenka": M,
        },
        never=("dc-deca-mladezhi", "cop"),
        first="pic-zavisimosti",
    ),
    Persona(
        "father-79-with-dementia-who-needs-assistance",
        {
            "age": 79,
            "municipality": "SLV20",
            "facts": {"needs_assistance_of_another": True},
            "target_groups": {"people-with-dementia": True, "elderly": True, "elderly-unable-to-self-care": True},
            "needs": ["day-activities", "care-at-home", "long-term-residential-care"],
        },
        gets={
            "dc-demencia": E,
            "dc-vazrastni": E,
            "patronazh": E,
            "grizha-v-doma": E,
            "asistentska-podkrepa": E,
            "mobilni-uslugi-sela": E,
            "dom-stari-hora": E,
            "lichna-pomosht": M,  # disability groups not stated
            "dc-pylnoletni": M,
            "cnst-psihichni": M,
        },
        never=("dc-deca-mladezhi", "cnst-mladezhi-uvrezhdania", "cnst-deca-uvrezhdania"),
    ),
    Persona(
        "pensioner-70-living-in-sofia-sof46",
        {
            "age": 70,
            "municipality": "SOF46",
            "facts": {"monthly_income_per_member": 250},
            "target_groups": {"elderly": True, "low-income": True},
            "needs": ["meals", "financial-support"],
        },
        gets={
            "asp-mesechna-pomosht": E,
            "asp-otoplenie": E,
            "asp-ednokratna-pomosht": E,
            "cvn": M,
            "asp-semeyni-pomoshti": M,
        },
        never=("patronazh", "trapezaria", "topal-obyad", "dc-vazrastni"),  # Sliven residents only
    ),
    Persona(
        "unemployed-30-without-disability-or-home-problems",
        {
            "age": 30,
            "municipality": "SLV20",
            "target_groups": {"unemployed": True, "adults-with-disabilities": False, "homeless": False},
            "needs": ["employment-skills"],
        },
        gets={"dbt-registratsia": E, "dbt-programi-zaetost": E, "trudovi-umenia": M},
        never=("csri-pylnoletni", "cvn", "nablyudavano-zhilishte"),
    ),
    Persona(
        "pregnant-16-year-old-at-risk",
        {
            "age": 16,
            "municipality": "SLV20",
            "target_groups": {"pregnant-women-and-mothers": True, "children-at-risk": True},
            "needs": ["shelter-housing", "parenting-support"],
        },
        gets={
            "mayka-bebe": E,
            "cnst-deca": E,
            "cop": E,
            "priemna-grizha": E,
            "obshtnostna-rabota-nadezhda": E,
            "semeyno-posrednichestvo": E,
            "asp-zakrila-deteto": E,
            "krizisen-center": M,
            "obshtinski-zhilishta": M,
            "csri-deca": M,
        },
        never=("cvn", "nablyudavano-zhilishte", "ranno-detsko-razvitie"),
        first="mayka-bebe",
    ),
    Persona(
        "man-38-with-an-alcohol-addiction-en",
        {
            "age": 38,
            "municipality": "SLV20",
            "target_groups": {"people-with-addictions": True},
            "needs": ["addiction-recovery", "psychological-support"],
            "lang": "en",
        },
        gets={"pic-zavisimosti": E, "semeyno-posrednichestvo": E, "csri-pylnoletni": M, "krizisen-center": M},
        never=("cop", "deca-na-ulitsata"),
        first="pic-zavisimosti",
    ),
    Persona(
        "pensioner-72-alone-on-300-eur",
        {
            "age": 72,
            "municipality": "SLV20",
            "facts": {"monthly_income_per_member": 300},
            "target_groups": {"elderly": True, "low-income": True, "people-living-alone": True},
            "needs": ["meals", "financial-support"],
        },
        gets={
            "trapezaria": E,  # 300 <= 330
            "patronazh": E,
            "dc-vazrastni": E,
            "topal-obyad": E,
            "asp-mesechna-pomosht": E,
            "asp-otoplenie": E,
            "asp-ednokratna-pomosht": E,
            "cvn": M,
            "asp-mfp-uvrezhdania": M,
        },
        never=("deca-na-ulitsata",),
    ),
    Persona(
        "pensioner-72-alone-on-400-eur",
        {
            "age": 72,
            "municipality": "SLV20",
            "facts": {"monthly_income_per_member": 400},
            "target_groups": {"elderly": True, "low-income": True, "people-living-alone": True},
            "needs": ["meals", "financial-support"],
        },
        gets={"patronazh": E, "topal-obyad": E, "asp-mesechna-pomosht": E, "asp-otoplenie": E},
        never=("trapezaria", "deca-na-ulitsata"),  # 400 > 330
    ),
    Persona(
        "pensioner-on-exactly-330-eur",
        {
            "age": 68,
            "municipality": "SLV20",
            "facts": {"monthly_income_per_member": 330},
            "target_groups": {"low-income": True},
            "needs": ["meals"],
        },
        gets={"trapezaria": E, "topal-obyad": E, "patronazh": M, "dc-vazrastni": M},
    ),
    Persona(
        "homeless-person-of-unknown-age-en",
        {"municipality": "SLV20", "target_groups": {"homeless": True}, "needs": ["shelter-housing"], "lang": "en"},
        gets={
            "cvn": M,  # 18 or over: the age is not stated
            "cnst-deca": M,
            "nablyudavano-zhilishte": M,
            "krizisen-center": M,
            "mayka-bebe": M,
            "obshtinski-zhilishta": M,
        },
        never=("zimen-priyut",),
    ),
    Persona(
        "anonymous-visitor-asking-only-for-advice",
        {"needs": ["information-advice"]},
        gets={
            "informirane-konsultirane": E,
            "zhestov-ezik": E,
            "mobilni-uslugi-sela": E,
            "obshtnostna-rabota-nadezhda": E,
            "pic-zavisimosti": E,
            "cop": M,
            "asp-individualna-otsenka": M,
        },
    ),
    Persona(
        "boy-10-at-risk-no-need-stated",
        {"age": 10, "municipality": "SLV20", "target_groups": {"children-at-risk": True}},
        gets={
            "cop": E,
            "cnst-deca": E,
            "priemna-grizha": E,
            "obshtnostna-rabota-nadezhda": E,
            "deca-na-ulitsata": E,
            "asp-zakrila-deteto": E,
            "cnst-deca-uvrezhdania": M,
            "krizisen-center": M,
            "mayka-bebe": M,
        },
        never=("informirane-konsultirane", "dom-stari-hora", "ranno-detsko-razvitie", "cvn"),
    ),
    Persona(
        "man-35-with-intellectual-disability-60-percent",
        {
            "age": 35,
            "municipality": "SLV20",
            "facts": {"disability_percent": 60, "needs_assistance_of_another": False},
            "target_groups": {"adults-with-disabilities": True},
            "needs": ["long-term-residential-care", "independent-living-skills", "day-activities"],
        },
        gets={
            "zashtiteno-zhilishte": E,
            "dc-pylnoletni": E,
            "cnst-psihichni": M,
            "priemna-grizha": M,
            "dc-vazrastni": M,
            "dc-demencia": M,
        },
        never=("cnst-mladezhi-uvrezhdania", "dom-stari-hora", "dc-deca-mladezhi", "nablyudavano-zhilishte"),
    ),
    Persona(
        "woman-22-with-40-percent-disability-en",
        {
            "age": 22,
            "municipality": "SLV20",
            "facts": {"disability_percent": 40},
            "target_groups": {"adults-with-disabilities": True},
            "needs": ["long-term-residential-care", "financial-support", "mobility-transport"],
            "lang": "en",
        },
        gets={
            "asp-individualna-otsenka": E,
            "asp-pomoshtni-sredstva": E,
            "priemna-grizha": M,
            "asp-mesechna-pomosht": M,
        },
        never=(
            "asp-mfp-uvrezhdania",
            "specializiran-transport",
            "cnst-mladezhi-uvrezhdania",
            "zashtiteno-zhilishte",
            "cnst-psihichni",
            "dom-stari-hora",
        ),
    ),
    Persona(
        "wheelchair-user-50-with-exactly-71-percent",
        {
            "age": 50,
            "municipality": "SLV20",
            "facts": {"disability_percent": 71},
            "target_groups": {"adults-with-disabilities": True},
            "needs": ["mobility-transport"],
        },
        gets={"specializiran-transport": E, "asp-pomoshtni-sredstva": E},
    ),
    Persona(
        "woman-67-with-90-percent-disability-needing-an-assistant",
        {
            "age": 67,
            "municipality": "SLV20",
            "facts": {"disability_percent": 90, "needs_assistance_of_another": True},
            "target_groups": {"adults-with-disabilities": True, "elderly": True},
            "needs": ["personal-assistance"],
        },
        gets={"lichna-pomosht": E, "grizha-v-doma": E, "asistentska-podkrepa": E, "asp-individualna-otsenka": E},
        never=("patronazh", "mobilni-uslugi-sela"),  # they do not meet the stated need
    ),
    Persona(
        "woman-67-assessed-as-not-needing-an-assistant-en",
        {
            "age": 67,
            "municipality": "SLV20",
            "facts": {"disability_percent": 90, "needs_assistance_of_another": False},
            "target_groups": {"adults-with-disabilities": True, "elderly": True},
            "needs": ["personal-assistance"],
            "lang": "en",
        },
        gets={"grizha-v-doma": E, "asistentska-podkrepa": E, "asp-individualna-otsenka": E},
        never=("lichna-pomosht",),
    ),
    Persona(
        "roma-family-in-nadezhda-on-150-eur",
        {
            "age": 28,
            "municipality": "SLV20",
            "facts": {"monthly_income_per_member": 150},
            "target_groups": {"vulnerable-communities": True, "families-with-children": True, "low-income": True},
            "needs": ["financial-support", "parenting-support", "shelter-housing"],
        },
        gets={
            "obshtinski-zhilishta": E,
            "asp-semeyni-pomoshti": E,
            "asp-mesechna-pomosht": E,
            "obshtnostna-rabota-nadezhda": E,
            "semeyno-posrednichestvo": E,
            "mayka-bebe": M,
            "priemna-grizha": M,
        },
        never=("cop", "ranno-detsko-razvitie", "asp-zakrila-deteto", "csri-deca"),
    ),
    Persona(
        "refugee-34-of-unknown-residence-looking-for-work-en",
        {
            "age": 34,
            "target_groups": {"refugees-and-migrants": True, "unemployed": True},
            "needs": ["information-advice", "employment-skills"],
            "lang": "en",
        },
        gets={
            "informirane-konsultirane": E,
            "dbt-registratsia": E,
            "dbt-programi-zaetost": E,
            "csri-pylnoletni": M,  # residence and disability unknown
            "trudovi-umenia": M,
        },
        never=("cop", "nablyudavano-zhilishte"),
    ),
    Persona(
        "sofia-boy-9-with-80-percent-disability",
        {
            "age": 9,
            "municipality": "SOF46",
            "facts": {"disability_percent": 80, "needs_assistance_of_another": True},
            "target_groups": {"children-with-disabilities": True},
            "needs": ["rehabilitation-therapy", "personal-assistance", "mobility-transport"],
        },
        gets={
            "csri-deca": E,
            "dc-deca-mladezhi": E,
            "cnst-deca-uvrezhdania": E,
            "asp-individualna-otsenka": E,
            "asp-pomoshtni-sredstva": E,
        },
        never=("lichna-pomosht", "specializiran-transport", "grizha-v-doma", "ranno-detsko-razvitie"),
    ),
    Persona(
        "man-41-released-from-prison-no-need-stated",
        {"age": 41, "municipality": "SLV20", "target_groups": {"former-prisoners": True}},
        gets={"cvn": M},  # audience makes it a candidate; its "homeless only" is unknown
        never=("zimen-priyut", "dbt-registratsia"),
    ),
    Persona(
        "woman-exactly-65-unable-to-care-for-herself",
        {
            "age": 65,
            "municipality": "SLV20",
            "target_groups": {"elderly-unable-to-self-care": True},
            "needs": ["long-term-residential-care"],
        },
        gets={"dom-stari-hora": E},
    ),
    Persona(
        "man-64-unable-to-care-for-himself",
        {
            "age": 64,
            "municipality": "SLV20",
            "target_groups": {"elderly-unable-to-self-care": True},
            "needs": ["long-term-residential-care"],
        },
        gets={"priemna-grizha": M},
        never=("dom-stari-hora",),
    ),
    Persona(
        "newborn-in-a-family-age-0",
        {
            "age": 0,
            "municipality": "SLV20",
            "target_groups": {"families-with-children": True},
            "needs": ["early-childhood-development"],
        },
        gets={"ranno-detsko-razvitie": E, "csri-deca": M, "mayka-bebe": M},
    ),
    Persona(
        "woman-75-who-has-not-said-where-she-lives",
        {"age": 75, "target_groups": {"elderly": True}, "needs": ["meals"]},
        gets={"dc-vazrastni": M, "patronazh": M, "trapezaria": M, "topal-obyad": M, "cvn": M},
        never=("deca-na-ulitsata",),
    ),
]

BY_ID = pytest.mark.parametrize("persona", PERSONAS, ids=[p.id for p in PERSONAS])
WITH_A_FIRST = [p for p in PERSONAS if p.first]


def sid(key: str) -> str:
    return str(demo_id("service", key))


def screen(client: Client, persona: Persona) -> list[dict[str, Any]]:
    response = client.post(URL, data=json.dumps(persona.body), content_type="application/json")
    assert response.status_code == 200, response.content
    found: list[dict[str, Any]] = response.json()["results"]
    return found


def keys_of(found: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    key_of = {sid(key): key for key in NAMES}
    return {key_of[r["service_id"]]: r for r in found}


def test_there_are_at_least_25_personas_in_both_languages() -> None:
    assert len(PERSONAS) >= 25
    assert {p.body.get("lang", "bg") for p in PERSONAS} == {"bg", "en"}
    assert len({p.id for p in PERSONAS}) == len(PERSONAS)
    assert all(key in NAMES for p in PERSONAS for key in (*p.gets, *p.never))


@BY_ID
def test_a_persona_is_offered_each_service_it_must_get_with_the_expected_match(
    client: Client, persona: Persona
) -> None:
    found = keys_of(screen(client, persona))
    assert {key: found[key]["match"] if key in found else None for key in persona.gets} == persona.gets


@BY_ID
def test_a_persona_is_not_offered_the_services_it_must_not_get(client: Client, persona: Persona) -> None:
    found = keys_of(screen(client, persona))
    assert [key for key in persona.never if key in found] == []


@pytest.mark.parametrize("persona", WITH_A_FIRST, ids=[p.id for p in WITH_A_FIRST])
def test_a_persona_gets_the_expected_service_first(client: Client, persona: Persona) -> None:
    assert persona.first is not None
    found = screen(client, persona)
    assert found[0]["service_id"] == sid(persona.first)


@BY_ID
def test_a_persona_reads_names_and_links_in_the_asked_language(client: Client, persona: Persona) -> None:
    lang = persona.body.get("lang", "bg")
    prefix = "/en/services/" if lang == "en" else "/services/"
    for key, result in keys_of(screen(client, persona)).items():
        assert result["name"] == NAMES[key][lang]
        assert result["url"].endswith(f"{prefix}{sid(key)}/")
        assert lang == "en" or "/en/" not in result["url"]


@BY_ID
def test_a_persona_reads_needs_met_among_the_needs_it_stated(client: Client, persona: Persona) -> None:
    stated = persona.body.get("needs", [])
    for result in screen(client, persona):
        assert set(result["needs_met"]) <= set(stated)
        assert bool(result["needs_met"]) == bool(stated)
