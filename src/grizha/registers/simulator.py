"""The RegiX simulator that ships with grizha: a SOAP 1.2 `ExecuteSynchronous` entry point (a WSGI
application, served by `grizha regix-simulator`) that answers the eight checks of `contract.OPERATIONS`
with synthetic people derived from the identifier, so that demos and tests drive the real client.

The same identifier always gives the same person (names, addresses, relations, ТЕЛК decision, social
services, pension, job-seeker status), computed with hashlib; only ages and recent dates follow today.
The GRAO checks (person, addresses, relations) know EGNs only: an LNCh there finds nobody.

Special identifiers (valid EGNs, see `SPECIAL`):

- ``9001010000`` (not-found, born 1 January 1990): every operation answers its empty response element,
  with HasError false, as RegiX does when the register knows nobody.
- ``9002020002`` (access-denied, born 2 February 1990): IsReady false, HasError true, "Access denied!",
  ServiceCallID 0.
- ``9003030005`` (adapter-failure, born 3 March 1990): IsReady true, HasError true,
  "Error occurred! The register did not answer (simulated adapter failure)".
- ``9004040008`` (timeout, born 4 April 1990): the answer comes after `timeout_delay` seconds.

Shapes: every element name, namespace, order and repetition follows R3, the published RegiX 3 source
(see contract.py for the files): relations as repeated PersonRelations (parents, children, siblings; GRAO
gives no spouse), ASP's CurrentTime/PersonData/SocialServicesData (with its Cyrillic е in BirthDatе),
NOI's UP8Response with a PensionPayment per month of the Period asked, AZ's RegistrationGroup and
JobSeekerPersonData, NELK's ExpertDecisionDocument. The values are ours, and these are assumptions, not in
R3: ASP's service codes other than DC2, its unit code D_SL and what it answers for someone it does not know
(CurrentTime alone); NOI's Month as the month's name alone (as R3's only sample has it), its
PensionerStatus, ContentText and TerritorialDivisionNOI texts, and amounts in euro (the schema says лв);
AZ's RegistrationGroup "безработно" and RegistrationStatus "активна" (R3's sample shows "заето" and
"прекратена"); who has which relatives, decisions, pensions and registrations.

Given a signing key and certificate, the simulator signs the answers (not the error answers) of requests
whose SignResult is true, as RegiX does (grizha.registers.signature); without them it answers unsigned.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime
import functools
import hashlib
import itertools
import re
import socketserver
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment
from zoneinfo import ZoneInfo

from lxml import etree

from grizha.core.identifiers import age_on, birth_date, is_egn
from grizha.registers import contract
from grizha.registers.contract import ASP_COMMON, NBD, Operation
from grizha.registers.signature import sign

XSD = "http://www.w3.org/2001/XMLSchema"
XML_NS = "http://www.w3.org/XML/1998/namespace"
FAULT_ACTION = "http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher/fault"
OPERATION_INVALID = (
    "Element request.Operation is invalid. "
    "Check for correct operation names here: http://regixaisweb.egov.bg/regixinfo/"
)
ARGUMENT_INVALID = (
    "Invalid XML content in Request.Argument against an XSD Schema. "
    "Check for correct XSD schema here: http://regixaisweb.egov.bg/regixinfo/"
)
ACCESS_DENIED = "Access denied!"
ADAPTER_FAILURE = "Error occurred! The register did not answer (simulated adapter failure)"
SOFIA = ZoneInfo("Europe/Sofia")
T = TypeVar("T")

# The children of a request that name the person (the others, such as SearchDate, qualify the search).
IDENTIFIER_CHILDREN = frozenset({contract.EGN, contract.IDENTIFIER, "PersonalID"})
GRAO_CHECKS = frozenset({"person", "permanent-address", "current-address", "relations"})


def egn_for(born: datetime.date, serial: int) -> str:
    """A valid EGN for a birth date; `serial` (0-999) is the region and order number, whose parity gives
    the sex (even: a man)."""
    month = born.month + (20 if born.year < 1900 else 40 if born.year >= 2000 else 0)
    digits = f"{born.year % 100:02d}{month:02d}{born.day:02d}{serial % 1000:03d}"
    check = sum(int(d) * w for d, w in zip(digits, (2, 4, 8, 5, 10, 9, 7, 3, 6), strict=True)) % 11
    return digits + str(check % 10)


SPECIAL: dict[str, str] = {
    "not-found": egn_for(datetime.date(1990, 1, 1), 0),
    "access-denied": egn_for(datetime.date(1990, 2, 2), 0),
    "adapter-failure": egn_for(datetime.date(1990, 3, 3), 0),
    "timeout": egn_for(datetime.date(1990, 4, 4), 0),
}

# Synthetic data: common Bulgarian names, each father's name with its patronymic (the surname's stem).
FATHERS: dict[str, str] = {
    "ИВАН": "ИВАНОВ",
    "ГЕОРГИ": "ГЕОРГИЕВ",
    "ДИМИТЪР": "ДИМИТРОВ",
    "ПЕТЪР": "ПЕТРОВ",
    "НИКОЛАЙ": "НИКОЛАЕВ",
    "ХРИСТО": "ХРИСТОВ",
    "СТОЯН": "СТОЯНОВ",
    "ТОДОР": "ТОДОРОВ",
    "АТАНАС": "АТАНАСОВ",
    "ВАСИЛ": "ВАСИЛЕВ",
    "СТЕФАН": "СТЕФАНОВ",
    "АНГЕЛ": "АНГЕЛОВ",
    "КРАСИМИР": "КРАСИМИРОВ",
    "МИХАИЛ": "МИХАЙЛОВ",
    "ЙОРДАН": "ЙОРДАНОВ",
    "ДИМО": "ДИМОВ",
}
MALE_NAMES = tuple(FATHERS)
FEMALE_NAMES = (
    "МАРИЯ",
    "ИВАНКА",
    "ЕЛЕНА",
    "ЙОРДАНКА",
    "ПЕНКА",
    "ГЕРГАНА",
    "ДЕСИСЛАВА",
    "ВАСИЛКА",
    "СТЕФКА",
    "РАДКА",
    "НИКОЛИНА",
    "ПЕТЯ",
    "ТЕОДОРА",
    "ГАЛИНА",
    "СНЕЖАНА",
    "ЦВЕТАНКА",
)
FAMILY_NAMES = (
    "ПЕТРОВ",
    "ГЕОРГИЕВ",
    "ДИМИТРОВ",
    "КОЛЕВ",
    "СТОЯНОВ",
    "МАРИНОВ",
    "ЖЕЛЕВ",
    "ТОДОРОВ",
    "ДОБРЕВ",
    "ИЛИЕВ",
    "КОСТОВ",
    "ПЕНЕВ",
    "КЪНЕВ",
    "ВЪЛКОВ",
    "РУСЕВ",
    "ЯНКОВ",
)
PLACES_OF_BIRTH = ("Сливен", "Сливен", "Сливен", "Ямбол", "Нова Загора", "Котел", "Твърдица", "Стара Загора")
# EKATTE codes of settlements of Sliven municipality (SLV20), the town weighted most.
SETTLEMENTS = (
    ("67338", "ГР.СЛИВЕН"),
    ("67338", "ГР.СЛИВЕН"),
    ("67338", "ГР.СЛИВЕН"),
    ("67338", "ГР.СЛИВЕН"),
    ("36779", "ГР.КЕРМЕН"),
    ("66041", "С.СЕЛИМИНОВО"),
    ("14800", "С.ГЕРГЕВЕЦ"),
    ("72816", "С.ТОПОЛЧАНЕ"),
)
TOWN_STREETS = (
    ("01024", "УЛ.ХАДЖИ ДИМИТЪР"),
    ("02210", "УЛ.ЦАР ОСВОБОДИТЕЛ"),
    ("00482", "БУЛ.БЪЛГАРИЯ"),
    ("03317", "УЛ.ГЕНЕРАЛ СКОБЕЛЕВ"),
    ("02745", "УЛ.РАКОВСКИ"),
    ("04108", "ЖК.ДРУЖБА"),
    ("04155", "ЖК.СЛЪНЧЕВ БРЯГ"),
    ("01963", "УЛ.МИЗИЯ"),
)
VILLAGE_STREETS = (
    ("00012", "УЛ.ВАСИЛ ЛЕВСКИ"),
    ("00027", "УЛ.ХРИСТО БОТЕВ"),
    ("00035", "УЛ.ПЪРВА"),
    ("00041", "УЛ.ЧАВДАР"),
)
TRANSLITERATION = dict(
    zip(
        "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЬЮЯ",
        (
            "A",
            "B",
            "V",
            "G",
            "D",
            "E",
            "ZH",
            "Z",
            "I",
            "Y",
            "K",
            "L",
            "M",
            "N",
            "O",
            "P",
            "R",
            "S",
            "T",
            "U",
            "F",
            "H",
            "TS",
            "CH",
            "SH",
            "SHT",
            "A",
            "Y",
            "YU",
            "YA",
        ),
        strict=True,
    )
)
DIAGNOSES = (
    ("I25.1", "Атеросклеротична болест на сърцето"),
    ("E11.7", "Неинсулинозависим захарен диабет с множествени усложнения"),
    ("M16.1", "Друга първична коксартроза"),
    ("I63.5", "Мозъчен инфаркт"),
    ("G35", "Множествена склероза"),
    ("H54.0", "Слепота на двете очи"),
    ("F20.0", "Параноидна шизофрения"),
)
# ASP's SocialServiceCode and SocialServiceName: DC2 is in R3's sample; the other codes are ours.
SOCIAL_SERVICES = (
    ("LA", "Личен асистент"),
    ("SA", "Социален асистент"),
    ("DP", "Домашен помощник"),
    ("AP", "Асистентска подкрепа"),
    ("DC2", "Дневен център за възрастни хора с увреждания"),
)
# ASP's PersonData spells BirthDate with a Cyrillic е at the end (R3 ASPCommon.xsd, and every sample).
BIRTH_DATE_ASP = "BirthDat\u0435"
MONTHS = (
    "Януари",
    "Февруари",
    "Март",
    "Април",
    "Май",
    "Юни",
    "Юли",
    "Август",
    "Септември",
    "Октомври",
    "Ноември",
    "Декември",
)
ASSESSMENT_PERCENTS = (50, 55, 60, 71, 75, 80, 90, 95, 100)
DURATIONS = ((1, "1 година"), (2, "2 години"), (3, "3 години"), (3, "3 години"))


def _number(identifier: str, *salt: object) -> int:
    """A number deterministic in the identifier and the salt (which says what it is for)."""
    text = "|".join([identifier, *map(str, salt)])
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _pick(options: tuple[T, ...], identifier: str, *salt: object) -> T:
    return options[_number(identifier, *salt) % len(options)]


def _chance(identifier: str, percent: int, *salt: object) -> bool:
    return _number(identifier, "chance", *salt) % 100 < percent


def sofia_today() -> datetime.date:
    """Today in Sofia, where the registers are."""
    return datetime.datetime.now(tz=SOFIA).date()


def _days_ago(identifier: str, low: int, high: int, *salt: object) -> datetime.date:
    return sofia_today() - datetime.timedelta(days=low + _number(identifier, *salt) % (high - low + 1))


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _sofia_midnight(day: datetime.date) -> str:
    """An xs:dateTime at midnight in Sofia, with its +02:00/+03:00 offset, as NELK gives them."""
    return datetime.datetime(day.year, day.month, day.day, tzinfo=SOFIA).isoformat()


def transliterate(name: str) -> str:
    """Latin letters for a Bulgarian name, by the Transliteration Act (the ending -ИЯ becomes -IA)."""
    latin = "".join(TRANSLITERATION.get(letter, letter) for letter in name.upper())
    return latin[:-2] + "IA" if name.upper().endswith("ИЯ") else latin


def _female(family_name: str) -> str:
    return family_name + "А"


@dataclass(frozen=True)
class Person:
    """A synthetic person: everything the registers say about one identifier."""

    identifier: str
    male: bool
    born: datetime.date | None
    first_name: str
    surname: str
    family_name: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.surname} {self.family_name}"

    def age(self, on: datetime.date | None = None) -> int | None:
        return None if self.born is None else age_on(self.born, on or sofia_today())


def person_for(identifier: str) -> Person:
    """The synthetic person an identifier (EGN or LNCh) stands for; an EGN's birth date and sex hold."""
    born = birth_date(identifier)
    male = int(identifier[8]) % 2 == 0 if born is not None else _chance(identifier, 50, "sex")
    father = _pick(MALE_NAMES, identifier, "father")
    family = _pick(FAMILY_NAMES, identifier, "family")
    if male:
        return Person(identifier, True, born, _pick(MALE_NAMES, identifier, "first"), FATHERS[father], family)
    return Person(
        identifier,
        False,
        born,
        _pick(FEMALE_NAMES, identifier, "first"),
        _female(FATHERS[father]),
        _female(family),
    )


# Building the XML.


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _leaves(parent: etree._Element, ns: str, values: Iterable[tuple[str, str | None]]) -> None:
    for name, value in values:
        _sub(parent, f"{{{ns}}}{name}", value)


def _declared(parent: etree._Element, ns: str, name: str, value: str | None = None) -> etree._Element:
    """An element of another namespace than its parent's, declared on itself as RegiX's serialiser does."""
    element = etree.SubElement(parent, f"{{{ns}}}{name}", nsmap={None: ns})
    element.text = value
    return element


def _nbd_leaf(parent: etree._Element, name: str, value: str | None) -> etree._Element:
    """An element of the common NBD namespace, declared on itself as GRAO sends it."""
    return _declared(parent, NBD, name, value)


def _nbd_names(parent: etree._Element, tag: str, names: tuple[str, str, str] | None) -> None:
    """PersonNames/LatinNames/ForeignNames: each part in the common NBD namespace, typed xsd:string."""
    element = _sub(parent, tag)
    if names is None:
        return
    for part, value in zip(("FirstName", "SurName", "FamilyName"), names, strict=True):
        leaf = _nbd_leaf(element, part, value)
        leaf.set(f"{{{contract.XSI}}}type", "xsd:string")


def _nbd_gender(parent: etree._Element, ns: str, male: bool, *, declare: bool = False) -> None:
    """Gender: in the person's answer each code is declared NBD; in a relation the whole Gender is."""
    code, name = ("1", "Мъж") if male else ("2", "Жена")
    if declare:
        _leaves(_declared(parent, ns, "Gender"), ns, (("GenderCode", code), ("GenderName", name)))
        return
    gender = _sub(parent, f"{{{ns}}}Gender")
    _nbd_leaf(gender, "GenderCode", code)
    _nbd_leaf(gender, "GenderName", name)


def _empty_element(op: Operation) -> etree._Element:
    return etree.Element(f"{{{op.response_ns}}}{op.response}", nsmap={None: op.response_ns})


def _empty(op: Operation) -> etree._Element:
    """What the adapter answers when the register knows nobody (GRAO's person keeps its empty parts)."""
    ns = op.response_ns
    response = _empty_element(op)
    if op.check == "person":
        for part in ("PersonNames", "LatinNames", "ForeignNames", "Gender", "Nationality"):
            _sub(response, f"{{{ns}}}{part}")
    for stamp in op.stamps:  # ASP sets CurrentTime whatever it finds (our assumption: nothing more)
        _sub(response, f"{{{ns}}}{stamp}", datetime.datetime.now(tz=SOFIA).isoformat())
    return response


def _person_response(op: Operation, person: Person) -> etree._Element:
    ns = op.response_ns
    response = _empty_element(op)
    names = (person.first_name, person.surname, person.family_name)
    _nbd_names(response, f"{{{ns}}}PersonNames", names)
    _sub(response, f"{{{ns}}}Alias")
    _nbd_names(
        response, f"{{{ns}}}LatinNames", (transliterate(names[0]), transliterate(names[1]), transliterate(names[2]))
    )
    _nbd_names(response, f"{{{ns}}}ForeignNames", None)
    _nbd_gender(response, ns, person.male)
    _sub(response, f"{{{ns}}}EGN", person.identifier)
    if person.born is not None:
        _sub(response, f"{{{ns}}}BirthDate", person.born.isoformat())
    _sub(response, f"{{{ns}}}PlaceBirth", _pick(PLACES_OF_BIRTH, person.identifier, "place"))
    nationality = _sub(response, f"{{{ns}}}Nationality")
    _nbd_leaf(nationality, "NationalityCode", "BG")
    _nbd_leaf(nationality, "NationalityName", "България")
    return response


def _address_response(op: Operation, person: Person, search_date: datetime.date) -> etree._Element:
    ns = op.response_ns
    response = _empty_element(op)
    # Most people live at their permanent address; some have declared another current one since.
    moved = op.check == "current-address" and _chance(person.identifier, 20, "moved")
    salt = "current" if moved else "permanent"
    today = sofia_today()
    earliest = person.born or today - datetime.timedelta(days=365 * 40)
    declared = max(earliest, _days_ago(person.identifier, 30 if moved else 400, 3000 if moved else 9000, salt, "from"))
    if declared > search_date:
        return response
    settlement_code, settlement_name = _pick(SETTLEMENTS, person.identifier, salt, "settlement")
    in_town = settlement_name.startswith("ГР.")
    location_code, location_name = _pick(
        TOWN_STREETS if in_town else VILLAGE_STREETS, person.identifier, salt, "street"
    )
    block = in_town and _chance(person.identifier, 60, salt, "block")
    number = 1 + _number(person.identifier, salt, "number") % (60 if in_town else 120)
    values = [
        ("DistrictCode", "20"),
        ("DistrictName", "СЛИВЕН"),
        ("MunicipalityCode", "20"),
        ("MunicipalityName", "СЛИВЕН"),
        ("SettlementCode", settlement_code),
        ("SettlementName", settlement_name),
        ("CityAreaCode", "00"),
        ("CityArea", ""),
        ("LocationCode", location_code),
        ("LocationName", location_name),
        ("BuildingNumber", f"{number:03d}" + ("Б" if _chance(person.identifier, 10, salt, "letter") else "")),
        ("Entrance", _pick(("А", "Б", "В"), person.identifier, salt, "entrance") if block else ""),
        ("Floor", str(1 + _number(person.identifier, salt, "floor") % 8) if block else ""),
        ("Apartment", str(1 + _number(person.identifier, salt, "apartment") % 40) if block else ""),
        ("FromDate", declared.isoformat()),
    ]
    if op.check == "current-address":
        values = [("CountryCode", "BG"), ("CountryName", "БЪЛГАРИЯ"), *values]
    _leaves(response, ns, values)
    return response


@dataclass(frozen=True)
class Relative:
    relation: str  # GRAO's RelationCode (NBDAdapter.cs): Баща, Майка, Син, Дъщеря, Брат, Сестра, …
    egn: str
    first_name: str
    surname: str
    family_name: str
    born: datetime.date
    male: bool
    died: datetime.date | None = None


# GRAO answers its relations ordered by rel_type: parents (1-4), children (51, 52), siblings (61, 62).
RELATION_ORDER = {"Баща": 1, "Осиновител": 2, "Майка": 3, "Осиновителка": 4, "Син": 51, "Дъщеря": 52}
RELATION_ORDER |= {"Брат": 61, "Сестра": 62}


def relatives_of(person: Person) -> list[Relative]:
    """Parents, children and siblings, each with a valid EGN, all derived from the person's: what GRAO's
    RelationsSearch knows (it has no spouses). People of 65 and over have no parents on record."""
    if person.born is None:
        return []
    ident, today = person.identifier, sofia_today()
    age = age_on(person.born, today)
    relatives: list[Relative] = []
    # A spouse is not a relation GRAO gives, but a woman's children carry her husband's names.
    husband_first, husband_family = (person.first_name, person.family_name) if person.male else ("", "")
    if not person.male and age >= 22 and _chance(ident, 70, "married"):
        husband_first = _pick(MALE_NAMES, ident, "spouse-first")
        husband_family = person.family_name[:-1]
    if husband_first and age >= 23:
        for index in range(_number(ident, "children") % 4):
            born = person.born + datetime.timedelta(days=365 * 22 + 500 * index + _number(ident, "child", index) % 700)
            if born >= today:
                break
            son = _chance(ident, 50, "child-sex", index)
            serial = _number(ident, "child-egn", index) % 500 * 2 + (0 if son else 1)
            patronymic = FATHERS[husband_first]
            if son:
                first = _pick(MALE_NAMES, ident, "child-first", index)
                relatives.append(Relative("Син", egn_for(born, serial), first, patronymic, husband_family, born, True))
            else:
                first = _pick(FEMALE_NAMES, ident, "child-first", index)
                child = Relative(
                    "Дъщеря", egn_for(born, serial), first, _female(patronymic), _female(husband_family), born, False
                )
                relatives.append(child)
    if age < 65:
        relatives += _parents_and_siblings(person, today)
    return sorted(relatives, key=lambda relative: RELATION_ORDER[relative.relation])


def _parents_and_siblings(person: Person, today: datetime.date) -> list[Relative]:
    assert person.born is not None
    ident = person.identifier
    father_first = _pick(MALE_NAMES, ident, "father")  # as person_for names the person's father
    family = person.family_name.removesuffix("А") if not person.male else person.family_name
    relatives = []
    born = person.born - datetime.timedelta(days=365 * 24 + _number(ident, "mother-age") % 3000)
    first = _pick(FEMALE_NAMES, ident, "mother-first")
    surname = _female(FATHERS[_pick(MALE_NAMES, ident, "mother-father")])
    serial = _number(ident, "mother-egn") % 500 * 2 + 1
    relatives.append(Relative("Майка", egn_for(born, serial), first, surname, _female(family), born, False))
    if _chance(ident, 85, "father"):
        born = person.born - datetime.timedelta(days=365 * 26 + _number(ident, "father-age") % 3500)
        serial = _number(ident, "father-egn") % 500 * 2
        grandfather = FATHERS[_pick(MALE_NAMES, ident, "father-father")]
        relatives.append(Relative("Баща", egn_for(born, serial), father_first, grandfather, family, born, True))
    for index in range(_pick((0, 0, 1, 1, 2), ident, "siblings")):
        born = person.born + datetime.timedelta(days=(_number(ident, "sibling-age", index) % 4000) - 2000)
        born = min(born, today - datetime.timedelta(days=1))
        brother = _chance(ident, 50, "sibling-sex", index)
        serial = _number(ident, "sibling-egn", index) % 500 * 2 + (0 if brother else 1)
        names = MALE_NAMES if brother else FEMALE_NAMES
        first = _pick(names, ident, "sibling-first", index)
        surname, last = FATHERS[father_first], family
        if not brother:
            surname, last = _female(surname), _female(last)
        relation = "Брат" if brother else "Сестра"
        relatives.append(Relative(relation, egn_for(born, serial), first, surname, last, born, brother))
    return [_with_death(relative, ident, today) for relative in relatives]


def _with_death(relative: Relative, ident: str, today: datetime.date) -> Relative:
    """The old die: a relative past 80 has a DeathDate, in the past, after their 60th birthday."""
    if age_on(relative.born, today) < 80 or not _chance(ident, 70, "dead", relative.egn):
        return relative
    earliest = _years_after(relative.born, 60)
    died = earliest + datetime.timedelta(days=_number(ident, "died", relative.egn) % max((today - earliest).days, 1))
    return dataclasses.replace(relative, died=died)


def _relations_response(op: Operation, person: Person) -> etree._Element:
    """RelationsResponse: one PersonRelations per relative, every child in the common NBD namespace
    (R3 XMLSamples/…/RelationsSearchResponse.xml)."""
    response = _empty_element(op)
    for relative in relatives_of(person):
        relation = _sub(response, f"{{{op.response_ns}}}PersonRelations")
        values = [
            ("RelationCode", relative.relation),
            ("EGN", relative.egn),
            ("BirthDate", relative.born.isoformat()),
            ("FirstName", relative.first_name),
            ("SurName", relative.surname),
            ("FamilyName", relative.family_name),
        ]
        for name, value in values:
            _nbd_leaf(relation, name, value)
        _nbd_gender(relation, NBD, relative.male, declare=True)
        nationality = _nbd_leaf(relation, "Nationality", None)
        _leaves(nationality, NBD, (("NationalityCode", "BG"), ("NationalityName", "България")))
        _leaves(nationality, NBD, (("NationalityCode2", None), ("NationalityName2", None)))
        if relative.died is not None:
            _nbd_leaf(relation, "DeathDate", relative.died.isoformat())
    return response


def _disability_response(op: Operation, person: Person) -> etree._Element:
    ns = op.response_ns
    response = _empty_element(op)
    ident = person.identifier
    if not _chance(ident, 33, "disability"):
        return response
    decided = _days_ago(ident, 20, 1000, "decision")
    percent = _pick(ASSESSMENT_PERCENTS, ident, "percent")
    years, duration = _pick(DURATIONS, ident, "duration")
    diagnosis_code, diagnosis = _pick(DIAGNOSES, ident, "diagnosis")
    document = _sub(response, f"{{{ns}}}ExpertDecisionDocument")
    values = [
        ("RegistrationNumber", str(1000 + _number(ident, "decision-number") % 9000)),
        ("MeetingNumber", str(1 + _number(ident, "meeting") % 250)),
        ("RegistrationDate", _sofia_midnight(decided)),
        ("CommissionDescr", "ТЕЛК към МБАЛ - Сливен"),
        ("PersonNames", person.full_name),
        ("PersonIdentifier", ident),
        ("ExpertiseType", _pick(("първично освидетелстване", "преосвидетелстване"), ident, "expertise")),
        ("ExpertisePlace", "ТЕЛК"),
        ("EmployabilityAssessment", f"{percent}% т. н. р."),
    ]
    until = _years_after(decided, years)
    if percent >= 90 and _chance(ident, 60, "foreign-aid"):
        values.append(("DurationForeignAid", _sofia_midnight(until)))
    values += [
        ("DurationDisabilityDate", _sofia_midnight(until)),
        ("DurationDisability", duration),
        ("DurationDisabilityCode", str(years)),
    ]
    _leaves(document, ns, values)
    reason = _sub(document, f"{{{ns}}}DisabilityReason")
    _leaves(reason, ns, (("Date", _sofia_midnight(decided)), ("Percent", str(percent)), ("Type", "Общо заболяване")))
    _leaves(document, ns, (("Diagnosis", diagnosis), ("DiagnosisCode", diagnosis_code)))
    # The adapter's constructor always creates these (R3 mock …/GetLastExpertDecisionByIdentifier/6211106327.xml).
    _sub(document, f"{{{ns}}}Appeal")
    _sub(_sub(document, f"{{{ns}}}Parent"), f"{{{ns}}}IdentityDocument")
    _leaves(_sub(document, f"{{{ns}}}AdditionalData"), ns, (("EmployeeType", "9854"), ("Status", "9849")))
    _sub(document, f"{{{ns}}}InitiateDocument")
    return response


def _social_services_response(op: Operation, person: Person, kind: str) -> etree._Element:
    """GetSocialServicesDecisionsResponse: CurrentTime, PersonData, then a SocialServicesData per order for a
    social service, their children in ASP's common namespace (R3 XMLSamples/…/GetSocialServicesDecisionsResponse.xml).
    CurrentTime is the time of the answer, as the adapter sets it."""
    response = _empty_element(op)
    ident = person.identifier
    now = datetime.datetime.now(tz=SOFIA)
    _sub(response, f"{{{op.response_ns}}}CurrentTime", now.isoformat())
    data = _sub(response, f"{{{op.response_ns}}}PersonData")
    birth = person.born.isoformat() if person.born else None
    gender = ("Мъж", "M") if person.male else ("Жена", "F")
    for name, value in (("FirstName", person.first_name), ("MiddleName", person.surname)):
        _declared(data, ASP_COMMON, name, value)
    _declared(data, ASP_COMMON, "LastName", person.family_name)
    if birth:
        _declared(data, ASP_COMMON, BIRTH_DATE_ASP, birth)
    _leaves(_declared(data, ASP_COMMON, "Gender"), ASP_COMMON, (("GenderName", gender[0]), ("GenderCode", gender[1])))
    _declared(data, ASP_COMMON, "Identifier", ident)
    _declared(data, ASP_COMMON, "IdentifierType", kind)
    for index in range(_pick((0, 0, 0, 1, 1, 2), ident, "services")):
        decided = _days_ago(ident, 30, 900, "service-date", index)
        code, name = _pick(SOCIAL_SERVICES, ident, "service", index)
        street = _pick(TOWN_STREETS, ident, "service-street", index)[1]
        services = _sub(response, f"{{{op.response_ns}}}SocialServicesData")
        details = _declared(services, ASP_COMMON, "Details")
        values: tuple[tuple[str, str], ...] = (
            ("DecisionNumber", f"СУ/D-SL/{1 + _number(ident, 'service-number', index) % 3000}"),
            ("Date", decided.isoformat()),
            ("OrganizationUnitCode", "D_SL"),
            ("OrganizationUnitName", 'Дирекция "Социално подпомагане"- Сливен'),
        )
        _leaves(details, ASP_COMMON, values)
        values = (
            ("SocialServiceCode", code),
            ("SocialServiceName", name),
            ("CityEkatteCode", "67338"),
            ("CityName", "гр. СЛИВЕН"),
            ("Address", f"{_street_text(street)} № {1 + _number(ident, 'service-number', index) % 60}"),
            ("IsResidentType", "false"),
            ("SocialServiceTypeCode", "SUO"),
            ("SocialServiceType", "Социална услуга в общността"),
        )
        for name, value in values:
            _declared(services, ASP_COMMON, name, value)
    return response


def _pension_response(op: Operation, person: Person, period: tuple[datetime.date, datetime.date]) -> etree._Element:
    """UP8Response, the report of pension income (УП-8): the pensioner, then a PensionPayment per month of
    the period asked, in NOI's …/NOI/RP namespace (R3 XMLSamples/…/GetPensionIncomeAmountReportResponse.xml).
    People under 63 get no pension: NOI says NODATA, and the adapter answers an empty UP8Response."""
    ns = op.response_ns
    response = _empty_element(op)
    age = person.age()
    if age is None or age < 63:
        return response
    rp = contract.NOI_RP
    ident = person.identifier
    cents = 32_200 + _number(ident, "pension") % 90_000
    assistance = 0 if not _chance(ident, 15, "assistance") else 13_000 + _number(ident, "assistance") % 5_000
    values: tuple[tuple[str, str], ...] = (
        ("Title", "Справка за доход от пенсия и добавка (УП-8)"),
        ("ForDate", sofia_today().isoformat()),
        ("TerritorialDivisionNOI", "ТП на НОИ - Сливен"),
        ("Identifier", ident),
    )
    _leaves(response, ns, values)
    names = _sub(response, f"{{{ns}}}Names")
    for name, value in (("Name", person.first_name), ("Surname", person.surname), ("FamilyName", person.family_name)):
        _declared(names, rp, name, value.capitalize())
    _leaves(response, ns, (("PensionerStatus", "Пенсионер"), ("ContentText", "Лицето получава пенсия.")))
    payments = _sub(response, f"{{{ns}}}PensionPayments")
    start, end = period
    month = start
    while month <= end:
        payment = _declared(payments, rp, "PensionPayment")
        values = (
            ("Month", MONTHS[month.month - 1]),
            ("TotalAmount", _money(cents + assistance)),
            ("PensionAmount", _money(cents)),
            ("AdditionForAssistance", _money(assistance)),
            ("OtherAddition", _money(0)),
        )
        _leaves(payment, rp, values)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return response


def _street_text(street: str) -> str:
    """GRAO's "УЛ.РАКОВСКИ" as ASP writes addresses: "ул. Раковски"."""
    kind, name = street.split(".", 1)
    return f"{kind.lower()}. {name.title()}"


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _job_seeker_response(op: Operation, person: Person) -> etree._Element:
    """JobSeekerStatusResponse: RegistrationGroup and the JobSeekerPersonData of the Employment Agency's
    register, in …/AZ (R3 XMLSamples/…/GetJobSeekerStatusResponse.xml); someone never registered gets an
    empty answer (the mock …/GetJobSeekerStatusNULLTest.xml)."""
    response = _empty_element(op)
    age = person.age()
    working_age = age is None or 18 <= age < 63
    if not working_age or not _chance(person.identifier, 25, "job-seeker"):
        return response
    _sub(response, f"{{{op.response_ns}}}RegistrationGroup", "безработно")
    data = _sub(response, f"{{{op.response_ns}}}JobSeekerPersonData")
    values = (
        ("PersonalID", person.identifier),
        ("FirstName", person.first_name),
        ("MiddleName", person.surname),
        ("LastName", person.family_name),
        ("RegistrationNumber", str(1000 + _number(person.identifier, "job-seeker-number") % 90_000)),
        ("RegistrationDate", _days_ago(person.identifier, 10, 700, "job-seeker-date").isoformat()),
        ("RegistrationDBT", "ДБТ - Сливен"),
        ("RegistrationStatus", "активна"),
    )
    for name, value in values:
        _declared(data, contract.AZ, name, value)
    return response


# The entry point.


class ArgumentError(ValueError):
    """The argument does not match the operation's schema (RegiX answers a SOAP Fault)."""


@dataclass(frozen=True)
class Call:
    operation: Operation
    argument: etree._Element
    identifier: str
    search_date: datetime.date | None
    message_id: str | None
    return_matrix: bool
    sign_result: bool = False
    kind: str = ""  # IdentifierType, as the request gave it
    period: tuple[datetime.date, datetime.date] | None = None  # NOI's From and To, first days of months


def _child(parent: etree._Element | None, tag: str) -> etree._Element | None:
    return None if parent is None else parent.find(tag)


def _argument_values(op: Operation, argument: etree._Element) -> dict[str, str]:
    """The texts of the request's children (under the wrapper, if any), by name."""
    if argument.tag != f"{{{op.request_ns}}}{op.request}":
        raise ArgumentError(ARGUMENT_INVALID)
    values: dict[str, str] = {}
    for name in op.children:
        element = _child(_holder(op, argument), f"{{{op.children_ns or op.request_ns}}}{name}")
        if element is not None:
            values[name] = (element.text or "").strip()
    if contract.IDENTIFIER_TYPE in op.children and values.get(contract.IDENTIFIER_TYPE) not in op.kinds:
        raise ArgumentError(ARGUMENT_INVALID)  # the schema's enumeration: ЕГН/ЛНЧ for NOI, EGN/LNCh for ASP
    return values


def _holder(op: Operation, argument: etree._Element) -> etree._Element | None:
    if not op.wrapper:
        return argument
    wrappers = (argument.find(f"{{{ns}}}{op.wrapper}") for ns in (op.request_ns, op.children_ns or op.request_ns))
    return next((wrapper for wrapper in wrappers if wrapper is not None), None)


def _period(op: Operation, argument: etree._Element) -> tuple[datetime.date, datetime.date] | None:
    """NOI's required Period: From and To, each a Month ("--MM") and a Year; a fault when it is missing
    or malformed, as the XSD check of the entry point makes it."""
    if contract.PERIOD not in op.children:
        return None
    period = _child(_holder(op, argument), f"{{{op.children_ns or op.request_ns}}}{contract.PERIOD}")
    ns = op.period_ns or op.request_ns
    bounds = []
    for name in ("From", "To"):
        bound = _child(period, f"{{{ns}}}{name}")
        month = (bound.findtext(f"{{{ns}}}Month") or "") if bound is not None else ""
        year = (bound.findtext(f"{{{ns}}}Year") or "") if bound is not None else ""
        if not re.fullmatch(r"--(0[1-9]|1[0-2])", month.strip()) or not re.fullmatch(r"\d{4}", year.strip()):
            raise ArgumentError(ARGUMENT_INVALID)
        bounds.append(datetime.date(int(year), int(month.strip()[2:]), 1))
    return bounds[0], bounds[1]


def _read_call(body: etree._Element, header: etree._Element | None) -> Call:
    request = _child(body.find(f"{{{contract.ENTRY}}}ExecuteSynchronous"), f"{{{contract.ENTRY}}}request")
    operation_element = _child(request, f"{{{contract.ENTRY}}}Operation")
    operation_name = (operation_element.text or "").strip() if operation_element is not None else ""
    op = contract.BY_NAME.get(operation_name)
    if op is None or request is None:
        raise ArgumentError(OPERATION_INVALID)
    argument_holder = request.find(f"{{{contract.ENTRY}}}Argument")
    elements = [] if argument_holder is None else [c for c in argument_holder if isinstance(c.tag, str)]
    if len(elements) != 1:
        raise ArgumentError(ARGUMENT_INVALID)
    values = _argument_values(op, elements[0])
    identifier = next((values[name] for name in op.children if name in IDENTIFIER_CHILDREN and name in values), "")
    if not re.fullmatch(r"\d{10}", identifier):
        raise ArgumentError(ARGUMENT_INVALID)
    search_date = None
    if values.get("SearchDate"):
        try:
            search_date = datetime.date.fromisoformat(values["SearchDate"][:10])
        except ValueError as error:
            raise ArgumentError(ARGUMENT_INVALID) from error
    matrix = _child(request, f"{{{contract.ENTRY}}}ReturnAccessMatrix")
    sign_result = _child(request, f"{{{contract.ENTRY}}}SignResult")
    message_id = _child(header, f"{{{contract.ADDRESSING}}}MessageID")
    return Call(
        operation=op,
        argument=elements[0],
        identifier=identifier,
        search_date=search_date,
        message_id=(message_id.text or "").strip() or None if message_id is not None else None,
        return_matrix=_true(matrix),
        sign_result=_true(sign_result),
        kind=values.get(contract.IDENTIFIER_TYPE, ""),
        period=_period(op, elements[0]),
    )


def _true(flag: etree._Element | None) -> bool:
    """An xs:boolean flag of the request that is present and true."""
    return flag is not None and (flag.text or "").strip().lower() in ("true", "1")


def answer(call: Call) -> etree._Element:
    """The adapter's response element for a call (an empty one when the register knows nobody)."""
    op, identifier = call.operation, call.identifier
    if identifier == SPECIAL["not-found"]:
        return _empty(op)
    if op.check in GRAO_CHECKS and not is_egn(identifier):
        return _empty(op)
    person = person_for(identifier)
    if op.check == "person":
        return _person_response(op, person)
    if op.check in ("permanent-address", "current-address"):
        if call.search_date is None:  # RegiX reads a missing SearchDate as 0001-01-01: nobody lived anywhere
            return _empty(op)
        return _address_response(op, person, call.search_date)
    if op.check == "social-services-decisions":
        return _social_services_response(op, person, call.kind)
    if op.check == "pension":
        assert call.period is not None  # _read_call refuses a request without one
        return _pension_response(op, person, call.period)
    builders: dict[str, Callable[[Operation, Person], etree._Element]] = {
        "relations": _relations_response,
        "disability-decision": _disability_response,
        "job-seeker": _job_seeker_response,
    }
    return builders[op.check](op, person)


_call_ids = itertools.count(int(time.time()) % 1_000_000 * 1000)
_call_ids_lock = threading.Lock()


def _next_call_id() -> str:
    with _call_ids_lock:
        return str(next(_call_ids))


def _envelope(action: str, relates_to: str | None) -> tuple[etree._Element, etree._Element]:
    s, a = contract.SOAP, contract.ADDRESSING
    envelope = etree.Element(f"{{{s}}}Envelope", nsmap={"s": s, "a": a})
    header = _sub(envelope, f"{{{s}}}Header")
    _sub(header, f"{{{a}}}Action", action).set(f"{{{s}}}mustUnderstand", "1")
    if relates_to:
        _sub(header, f"{{{a}}}RelatesTo", relates_to)
    body = etree.SubElement(envelope, f"{{{s}}}Body", nsmap={"xsi": contract.XSI, "xsd": XSD})
    return envelope, body


def _nil(parent: etree._Element, name: str) -> etree._Element:
    element = _sub(parent, f"{{{contract.ENTRY}}}{name}")
    element.set(f"{{{contract.XSI}}}nil", "true")
    return element


def result_envelope(call: Call, *, signer: Callable[[etree._Element], None] | None = None) -> etree._Element:
    """The whole answer envelope for a call, special identifiers included; `signer` signs the result of a
    call without error that asks for it."""
    e = contract.ENTRY
    envelope, body = _envelope(contract.ACTION_RESPONSE, call.message_id)
    response = etree.SubElement(body, f"{{{e}}}ExecuteSynchronousResponse", nsmap={None: e})
    result = _sub(response, f"{{{e}}}ExecuteSynchronousResult")
    failure = {SPECIAL["access-denied"]: ACCESS_DENIED, SPECIAL["adapter-failure"]: ADAPTER_FAILURE}.get(
        call.identifier
    )
    _sub(result, f"{{{e}}}IsReady", "false" if failure == ACCESS_DENIED else "true")
    data = _sub(result, f"{{{e}}}Data", id="data")
    if failure is None:
        _sub(data, f"{{{e}}}Request", id="request").append(copy.deepcopy(call.argument))
        _sub(data, f"{{{e}}}Response", id="response").append(answer(call))
    if failure is None and call.return_matrix:
        matrix = _sub(data, f"{{{e}}}Matrix", id="AccessMatrix")
        _sub(matrix, f"{{{e}}}HasAccess", "true")
        _sub(matrix, f"{{{e}}}Name", f"{call.operation.response}Type")
    else:
        _nil(data, "Matrix")
    _sub(result, f"{{{e}}}HasError", "false" if failure is None else "true")
    if failure is None:
        _nil(result, "Error")
    else:
        _sub(result, f"{{{e}}}Error", failure)
    _sub(result, f"{{{e}}}ServiceCallID", "0" if failure == ACCESS_DENIED else _next_call_id())
    if signer is not None and call.sign_result and failure is None:
        signer(result)
    return envelope


def fault_envelope(text: str, relates_to: str | None) -> etree._Element:
    """A SOAP 1.2 Fault as WCF sends it when the entry point throws."""
    s = contract.SOAP
    envelope, body = _envelope(FAULT_ACTION, relates_to)
    fault = _sub(body, f"{{{s}}}Fault")
    _sub(_sub(fault, f"{{{s}}}Code"), f"{{{s}}}Value", "s:Receiver")
    _sub(_sub(fault, f"{{{s}}}Reason"), f"{{{s}}}Text", text).set(f"{{{XML_NS}}}lang", "en")
    return envelope


def _serialise(envelope: etree._Element) -> bytes:
    return etree.tostring(envelope, encoding="utf-8", xml_declaration=False)


def _respond(start_response: StartResponse, status: str, body: bytes, content_type: str) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def _plain(start_response: StartResponse, status: str) -> list[bytes]:
    return _respond(start_response, status, status.encode(), "text/plain; charset=utf-8")


def make_application(
    *,
    delay: float = 0.0,
    timeout_delay: float = 12.0,
    signing_key: bytes | None = None,
    signing_cert: bytes | None = None,
) -> WSGIApplication:
    """The RegiX entry point as a WSGI application, at any path; each call takes `delay` seconds (and the
    "timeout" identifier `timeout_delay` more). With `signing_key` and `signing_cert` (PEM), the results
    asked for signed are signed."""
    if (signing_key is None) != (signing_cert is None):
        raise ValueError("the simulator signs with a key and its certificate: give both or neither")
    signer = None
    if signing_key is not None and signing_cert is not None:
        signer = functools.partial(sign, key_pem=signing_key, certificate_pem=signing_cert)
    parser_options = {"resolve_entities": False, "no_network": True, "huge_tree": False}

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            return _plain(start_response, "405 Method Not Allowed")
        if not environ.get("CONTENT_TYPE", "").lower().startswith("application/soap+xml"):
            return _plain(start_response, "415 Unsupported Media Type")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        payload = environ["wsgi.input"].read(length) if length > 0 else b""
        try:
            root = etree.fromstring(payload, etree.XMLParser(**parser_options))
        except etree.XMLSyntaxError:
            return _plain(start_response, "400 Bad Request")
        s = contract.SOAP
        body = root.find(f"{{{s}}}Body")
        if root.tag != f"{{{s}}}Envelope" or body is None:
            return _plain(start_response, "400 Bad Request")
        header = root.find(f"{{{s}}}Header")
        message_id = _child(header, f"{{{contract.ADDRESSING}}}MessageID")
        relates_to = (message_id.text or "").strip() or None if message_id is not None else None
        if delay > 0:
            time.sleep(delay)
        try:
            call = _read_call(body, header)
        except ArgumentError as error:
            xml = _serialise(fault_envelope(str(error), relates_to))
            return _respond(start_response, "500 Internal Server Error", xml, "application/soap+xml; charset=utf-8")
        if call.identifier == SPECIAL["timeout"]:
            time.sleep(timeout_delay)
        xml = _serialise(result_envelope(call, signer=signer))
        return _respond(start_response, "200 OK", xml, "application/soap+xml; charset=utf-8")

    return application


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # Many clients connect at once (a connection a request): room for them all to wait to be accepted.
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(
    *,
    host: str = "127.0.0.1",
    port: int,
    delay: float = 0.0,
    signing_key: bytes | None = None,
    signing_cert: bytes | None = None,
) -> None:
    """Serve the simulator until interrupted, one thread per request, at any path."""
    application = make_application(delay=delay, signing_key=signing_key, signing_cert=signing_cert)
    with make_server(host, port, application, server_class=_ThreadingServer, handler_class=_QuietHandler) as server:
        print(f"RegiX simulator listening on http://{host}:{port}/RegiXEntryPoint.svc", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
