"""The RegiX simulator, driven over HTTP with the envelopes a client sends (REGIX.md d)."""

from __future__ import annotations

import datetime
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from lxml import etree

from grizha.core.identifiers import birth_date, is_egn, is_lnch
from grizha.registers import contract
from grizha.registers.simulator import (
    ACCESS_DENIED,
    ADAPTER_FAILURE,
    ARGUMENT_INVALID,
    OPERATION_INVALID,
    SPECIAL,
    egn_for,
    make_application,
)

E = contract.ENTRY
S = contract.SOAP
A = contract.ADDRESSING
XSI_NIL = f"{{{contract.XSI}}}nil"
IDENTIFIER_CHILDREN = {"EGN", "Identifier", "PersonalID"}
OLD_MAN = egn_for(datetime.date(1948, 6, 12), 120)  # 9th digit even: a man
YOUNG_WOMAN = egn_for(datetime.date(1994, 9, 23), 311)
LNCH = "1000000001"
SLIVEN_SETTLEMENTS = {"67338", "36779", "66041", "14800", "72816"}


def envelope(
    check: str,
    identifier: str | None,
    *,
    operation: str | None = None,
    argument_ns: str | None = None,
    search_date: str = "2025-01-15",
    message_id: str | None = None,
    access_matrix: bool = False,
    kind: str = "",
    period: tuple[tuple[str, str], tuple[str, str]] | None = (("--11", "2025"), ("--10", "2026")),
) -> bytes:
    """A request envelope as the client sends it: Operation, Argument, CallContext, SignResult and
    ReturnAccessMatrix."""
    op = contract.OPERATIONS[check]
    envelope = etree.Element(f"{{{S}}}Envelope", nsmap={"s": S, "a": A})
    header = etree.SubElement(envelope, f"{{{S}}}Header")
    action = etree.SubElement(header, f"{{{A}}}Action")
    action.text = contract.ACTION
    action.set(f"{{{S}}}mustUnderstand", "1")
    if message_id:
        etree.SubElement(header, f"{{{A}}}MessageID").text = message_id
    body = etree.SubElement(envelope, f"{{{S}}}Body")
    request = etree.SubElement(etree.SubElement(body, f"{{{E}}}ExecuteSynchronous", nsmap={None: E}), f"{{{E}}}request")
    etree.SubElement(request, f"{{{E}}}Operation").text = operation or op.name
    ns = argument_ns or op.request_ns
    argument = etree.SubElement(
        etree.SubElement(request, f"{{{E}}}Argument"), f"{{{ns}}}{op.request}", nsmap={None: ns}
    )
    holder = etree.SubElement(argument, f"{{{ns}}}{op.wrapper}") if op.wrapper else argument
    children_ns = op.children_ns or ns
    for name in op.children:
        if name in IDENTIFIER_CHILDREN:
            if identifier is not None:
                etree.SubElement(holder, f"{{{children_ns}}}{name}").text = identifier
        elif name == "SearchDate":
            etree.SubElement(holder, f"{{{children_ns}}}{name}").text = search_date
        elif name == "Period":
            if period is not None:
                element = etree.SubElement(holder, f"{{{children_ns}}}{name}")
                for bound, (month, year) in zip(("From", "To"), period, strict=True):
                    edge = etree.SubElement(element, f"{{{contract.NOI_RP}}}{bound}", nsmap={None: contract.NOI_RP})
                    etree.SubElement(edge, f"{{{contract.NOI_RP}}}Month").text = month
                    etree.SubElement(edge, f"{{{contract.NOI_RP}}}Year").text = year
        else:  # IdentifierType
            etree.SubElement(holder, f"{{{children_ns}}}{name}").text = kind or op.kinds[0]
    context = etree.SubElement(request, f"{{{E}}}CallContext")
    for name, value in (
        ("AdministrationName", "Община Сливен"),
        ("EmployeeIdentifier", "social.worker"),
        ("LawReason", "чл. 33 от Закона за социалните услуги"),
        ("ServiceType", "За административна услуга"),
    ):
        etree.SubElement(context, f"{{{E}}}{name}").text = value
    etree.SubElement(request, f"{{{E}}}SignResult").text = "false"
    etree.SubElement(request, f"{{{E}}}ReturnAccessMatrix").text = "true" if access_matrix else "false"
    return etree.tostring(envelope, encoding="utf-8")


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(
        transport=httpx.WSGITransport(app=make_application(timeout_delay=0.3)), base_url="http://regix"
    ) as client:
        yield client


def post(client: httpx.Client, payload: bytes) -> httpx.Response:
    return client.post("/RegiXEntryPoint.svc", content=payload, headers={"Content-Type": contract.CONTENT_TYPE})


def result_of(client: httpx.Client, check: str, identifier: str | None, **options: object) -> etree._Element:
    response = post(client, envelope(check, identifier, **options))  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/soap+xml")
    root = etree.fromstring(response.content)
    result = root.find(f"{{{S}}}Body/{{{E}}}ExecuteSynchronousResponse/{{{E}}}ExecuteSynchronousResult")
    assert result is not None
    return result


def answer_of(client: httpx.Client, check: str, identifier: str, **options: object) -> etree._Element:
    result = result_of(client, check, identifier, **options)
    assert result.findtext(f"{{{E}}}HasError") == "false"
    response = result.find(f"{{{E}}}Data/{{{E}}}Response")
    assert response is not None and len(response) == 1
    return response[0]


def text(element: etree._Element, path: str, ns: str) -> str | None:
    return element.findtext("/".join(f"{{{ns}}}{part}" for part in path.split("/")))


def fault_text(response: httpx.Response) -> str | None:
    root = etree.fromstring(response.content)
    fault = root.find(f"{{{S}}}Body/{{{S}}}Fault")
    assert fault is not None
    assert fault.findtext(f"{{{S}}}Code/{{{S}}}Value") == "s:Receiver"
    reason = fault.find(f"{{{S}}}Reason/{{{S}}}Text")
    assert reason is not None
    assert reason.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    return reason.text


def people(count: int) -> list[str]:
    """Valid EGNs of people of all ages, both sexes."""
    return [
        egn_for(datetime.date(1935 + index % 70, 1 + index % 12, 1 + index % 28), index * 7 % 1000)
        for index in range(count)
    ]


@pytest.mark.parametrize("check", contract.CHECKS)
def test_each_check_answers_its_response_element_in_a_full_result(client: httpx.Client, check: str) -> None:
    op = contract.OPERATIONS[check]
    result = result_of(client, check, OLD_MAN)
    assert result.findtext(f"{{{E}}}IsReady") == "true"
    assert result.findtext(f"{{{E}}}HasError") == "false"
    assert result.find(f"{{{E}}}Error").get(XSI_NIL) == "true"
    assert (result.findtext(f"{{{E}}}ServiceCallID") or "").isdigit()
    data = result.find(f"{{{E}}}Data")
    assert data.get("id") == "data"
    assert [child.tag for child in data] == [f"{{{E}}}Request", f"{{{E}}}Response", f"{{{E}}}Matrix"]
    assert data[0].get("id") == "request" and data[0][0].tag == f"{{{op.request_ns}}}{op.request}"
    assert data[1].get("id") == "response" and data[1][0].tag == f"{{{op.response_ns}}}{op.response}"
    assert data[2].get(XSI_NIL) == "true"


def test_person_gives_names_sex_birth_date_and_nationality(client: httpx.Client) -> None:
    ns = contract.OPERATIONS["person"].response_ns
    nbd = contract.NBD
    person = answer_of(client, "person", YOUNG_WOMAN)
    names = person.find(f"{{{ns}}}PersonNames")
    assert [child.tag for child in names] == [f"{{{nbd}}}FirstName", f"{{{nbd}}}SurName", f"{{{nbd}}}FamilyName"]
    assert all(child.get(f"{{{contract.XSI}}}type") == "xsd:string" for child in names)
    assert names[1].text.endswith(("ОВА", "ЕВА")) and names[2].text.endswith(("ОВА", "ЕВА"))
    latin = person.find(f"{{{ns}}}LatinNames")
    assert all(part.text and part.text.isascii() and part.text.isalpha() for part in latin)
    assert person.find(f"{{{ns}}}ForeignNames") is not None and len(person.find(f"{{{ns}}}ForeignNames")) == 0
    assert person.findtext(f"{{{ns}}}Gender/{{{nbd}}}GenderCode") == "2"
    assert person.findtext(f"{{{ns}}}Gender/{{{nbd}}}GenderName") == "Жена"
    assert text(person, "EGN", ns) == YOUNG_WOMAN
    assert text(person, "BirthDate", ns) == "1994-09-23"
    assert person.findtext(f"{{{ns}}}Nationality/{{{nbd}}}NationalityCode") == "BG"
    assert person.findtext(f"{{{ns}}}Nationality/{{{nbd}}}NationalityName") == "България"


def test_a_man_has_male_names(client: httpx.Client) -> None:
    ns = contract.OPERATIONS["person"].response_ns
    person = answer_of(client, "person", OLD_MAN)
    assert person.findtext(f"{{{ns}}}Gender/{{{contract.NBD}}}GenderName") == "Мъж"
    surname = person.findtext(f"{{{ns}}}PersonNames/{{{contract.NBD}}}SurName")
    assert surname is not None and surname.endswith(("ОВ", "ЕВ"))


@pytest.mark.parametrize("check", ["permanent-address", "current-address"])
def test_addresses_are_in_sliven_municipality(client: httpx.Client, check: str) -> None:
    ns = contract.OPERATIONS[check].response_ns
    address = answer_of(client, check, YOUNG_WOMAN)
    names = [etree.QName(child).localname for child in address]
    expected = ["DistrictCode", "DistrictName", "MunicipalityCode", "MunicipalityName", "SettlementCode"]
    if check == "current-address":
        assert names[:2] == ["CountryCode", "CountryName"]
        assert text(address, "CountryName", ns) == "БЪЛГАРИЯ"
        names = names[2:]
    assert names[:5] == expected and names[-1] == "FromDate"
    assert text(address, "DistrictName", ns) == "СЛИВЕН" and text(address, "MunicipalityCode", ns) == "20"
    assert text(address, "SettlementCode", ns) in SLIVEN_SETTLEMENTS
    assert (text(address, "LocationName", ns) or "").startswith(("УЛ.", "БУЛ.", "ЖК."))
    assert datetime.date.fromisoformat(text(address, "FromDate", ns) or "") <= datetime.date(2025, 1, 15)


def test_most_current_addresses_equal_the_permanent_one(client: httpx.Client) -> None:
    same = 0
    for egn in people(30):
        permanent = answer_of(client, "permanent-address", egn, search_date="2026-01-01")
        current = answer_of(client, "current-address", egn, search_date="2026-01-01")
        if [child.text for child in permanent] == [child.text for child in current][2:]:
            same += 1
    assert 15 <= same < 30


def test_an_address_without_search_date_finds_nothing(client: httpx.Client) -> None:
    address = answer_of(client, "permanent-address", YOUNG_WOMAN, search_date="")
    assert len(address) == 0


def names(element: etree._Element) -> list[str]:
    return [etree.QName(child).localname for child in element]


def test_relations_are_person_relations_in_the_nbd_namespace(client: httpx.Client) -> None:
    # R3 Adapters/RegiX.GraoNBDAdapter/RegiX.GraoNBDAdapter/XMLSamples/RegiX.GraoNBDAdapter/RelationsSearchResponse.xml
    ns, nbd = contract.OPERATIONS["relations"].response_ns, contract.NBD
    answers = [answer_of(client, "relations", egn) for egn in people(20)]
    relations = [relation for answer in answers for relation in answer]
    assert relations and any(len(answer) == 0 for answer in answers)
    for relation in relations:
        assert relation.tag == f"{{{ns}}}PersonRelations"
        assert all(etree.QName(child).namespace == nbd for child in relation)
        assert names(relation)[:8] == [
            "RelationCode",
            "EGN",
            "BirthDate",
            "FirstName",
            "SurName",
            "FamilyName",
            "Gender",
            "Nationality",
        ]
        assert names(relation)[8:] in ([], ["DeathDate"])
        assert names(relation.find(f"{{{nbd}}}Nationality")) == [
            "NationalityCode",
            "NationalityName",
            "NationalityCode2",
            "NationalityName2",
        ]
        egn = text(relation, "EGN", nbd) or ""
        assert is_egn(egn) and str(birth_date(egn)) == text(relation, "BirthDate", nbd)
        code = text(relation, "RelationCode", nbd)
        assert code in {"Баща", "Майка", "Син", "Дъщеря", "Брат", "Сестра"}  # GRAO gives no spouse
        assert text(relation, "Gender/GenderCode", nbd) == ("1" if int(egn[8]) % 2 == 0 else "2")
        assert (code in {"Баща", "Син", "Брат"}) == (text(relation, "Gender/GenderCode", nbd) == "1")


def test_relations_come_parents_first_then_children_then_siblings(client: httpx.Client) -> None:
    order = {"Баща": 0, "Майка": 1, "Син": 2, "Дъщеря": 3, "Брат": 4, "Сестра": 5}
    for egn in people(20):
        codes = [relation[0].text for relation in answer_of(client, "relations", egn)]
        assert codes == sorted(codes, key=order.__getitem__)


def test_about_a_third_have_a_disability_decision(client: httpx.Client) -> None:
    ns = contract.OPERATIONS["disability-decision"].response_ns
    answers = [answer_of(client, "disability-decision", egn) for egn in people(90)]
    decided = [answer for answer in answers if len(answer)]
    assert 15 <= len(decided) <= 45
    assert all(len(answer) == 0 for answer in answers if answer not in decided)
    document = decided[0].find(f"{{{ns}}}ExpertDecisionDocument")
    assert text(document, "CommissionDescr", ns) == "ТЕЛК към МБАЛ - Сливен"
    assert (text(document, "RegistrationDate", ns) or "").endswith(("+02:00", "+03:00"))
    percent = text(document, "DisabilityReason/Percent", ns)
    assert text(document, "EmployabilityAssessment", ns) == f"{percent}% т. н. р."
    assert text(document, "DisabilityReason/Type", ns) == "Общо заболяване"
    assert text(document, "DurationDisability", ns) in {"1 година", "2 години", "3 години"}
    assert text(document, "DiagnosisCode", ns)
    assert text(document, "AdditionalData/EmployeeType", ns) == "9854"
    assert names(document)[-4:] == ["Appeal", "Parent", "AdditionalData", "InitiateDocument"]  # NELKCommon.xsd
    assert any(
        answer.find(f"{{{ns}}}ExpertDecisionDocument/{{{ns}}}DurationForeignAid") is not None for answer in decided
    )


def test_social_services_decisions_have_the_asp_shape(client: httpx.Client) -> None:
    # R3 Adapters/RegiX.ASPSocialAdapter/RegiX.ASPSocialAdapter/XMLSamples/RegiX.ASPSocialAdapter/
    # GetSocialServicesDecisionsResponse.xml and XMLSchemas/…/ASPCommon.xsd
    ns, common = contract.OPERATIONS["social-services-decisions"].response_ns, contract.ASP_COMMON
    answers = [answer_of(client, "social-services-decisions", egn) for egn in people(30)]
    counts = [len(answer.findall(f"{{{ns}}}SocialServicesData")) for answer in answers]
    assert 0 in counts and max(counts) <= 2 and sum(counts) > 0
    answer = answers[next(index for index, count in enumerate(counts) if count)]
    assert names(answer)[:2] == ["CurrentTime", "PersonData"]
    assert set(names(answer)[2:]) == {"SocialServicesData"}
    datetime.datetime.fromisoformat(answer.findtext(f"{{{ns}}}CurrentTime") or "")
    person = answer.find(f"{{{ns}}}PersonData")
    assert names(person) == [
        "FirstName",
        "MiddleName",
        "LastName",
        "BirthDat\u0435",
        "Gender",
        "Identifier",
        "IdentifierType",
    ]
    assert all(etree.QName(child).namespace == common for child in person)
    assert person.findtext(f"{{{common}}}IdentifierType") == "EGN"
    assert person.findtext(f"{{{common}}}Gender/{{{common}}}GenderCode") in {"M", "F"}
    services = answer.find(f"{{{ns}}}SocialServicesData")
    assert all(etree.QName(child).namespace == common for child in services)
    assert names(services) == [
        "Details",
        "SocialServiceCode",
        "SocialServiceName",
        "CityEkatteCode",
        "CityName",
        "Address",
        "IsResidentType",
        "SocialServiceTypeCode",
        "SocialServiceType",
    ]
    details = services.find(f"{{{common}}}Details")
    assert names(details) == ["DecisionNumber", "Date", "OrganizationUnitCode", "OrganizationUnitName"]
    datetime.date.fromisoformat(details.findtext(f"{{{common}}}Date") or "")


def test_social_services_decisions_name_the_identifier_type_asked(client: httpx.Client) -> None:
    common = contract.ASP_COMMON
    answer = answer_of(client, "social-services-decisions", LNCH, kind="LNCh")
    assert answer.findtext(f"{{{answer.nsmap[None]}}}PersonData/{{{common}}}IdentifierType") == "LNCh"


def test_pension_is_a_up8_report_for_people_aged_63_and_over(client: httpx.Client) -> None:
    # R3 Adapters/RegiX.NoiRPAdapter/RegiX.NoiRPAdapter/XMLSamples/RegiX.NoiRPAdapter/
    # GetPensionIncomeAmountReportResponse.xml
    ns, rp = contract.OPERATIONS["pension"].response_ns, contract.NOI_RP
    pension = answer_of(client, "pension", OLD_MAN)
    assert pension.tag == "{http://egov.bg/RegiX/NOI/RP/UP8Response}UP8Response"
    assert names(pension) == [
        "Title",
        "ForDate",
        "TerritorialDivisionNOI",
        "Identifier",
        "Names",
        "PensionerStatus",
        "ContentText",
        "PensionPayments",
    ]
    assert text(pension, "Identifier", ns) == OLD_MAN
    assert pension.findtext(f"{{{ns}}}Names/{{{rp}}}Name") == "Христо"
    payments = pension.findall(f"{{{ns}}}PensionPayments/{{{rp}}}PensionPayment")
    assert len(payments) == 12  # one a month, November 2025 to October 2026 as asked
    assert [payment.findtext(f"{{{rp}}}Month") for payment in payments][:3] == ["Ноември", "Декември", "Януари"]
    first = payments[0]
    assert names(first) == ["Month", "TotalAmount", "PensionAmount", "AdditionForAssistance", "OtherAddition"]
    total, amount = (first.findtext(f"{{{rp}}}{name}") or "" for name in ("TotalAmount", "PensionAmount"))
    assert float(total) >= float(amount) > 0 and len(amount.split(".")[1]) == 2
    assert len(answer_of(client, "pension", YOUNG_WOMAN)) == 0  # NOI's NODATA: an empty UP8Response


def test_pension_needs_its_period_and_a_cyrillic_identifier_type(client: httpx.Client) -> None:
    for options in ({"period": None}, {"kind": "EGN"}, {"period": (("11", "2025"), ("--10", "2026"))}):
        response = post(client, envelope("pension", OLD_MAN, **options))  # type: ignore[arg-type]
        assert response.status_code == 500
        assert fault_text(response) == ARGUMENT_INVALID


def test_some_working_age_people_are_job_seekers(client: httpx.Client) -> None:
    # R3 Adapters/RegiX.AZJobsAdapter/RegiX.AZJobsAdapter/XMLSamples/RegiX.AZJobsAdapter/GetJobSeekerStatusResponse.xml
    ns, az = contract.OPERATIONS["job-seeker"].response_ns, contract.AZ
    working_age = [egn_for(datetime.date(1970 + index, 3, 10), index * 2) for index in range(30)]
    answers = [answer_of(client, "job-seeker", egn) for egn in working_age]
    seekers = [answer for answer in answers if len(answer)]
    assert 0 < len(seekers) < len(answers)
    assert names(seekers[0]) == ["RegistrationGroup", "JobSeekerPersonData"]
    data = seekers[0].find(f"{{{ns}}}JobSeekerPersonData")
    assert names(data) == [
        "PersonalID",
        "FirstName",
        "MiddleName",
        "LastName",
        "RegistrationNumber",
        "RegistrationDate",
        "RegistrationDBT",
        "RegistrationStatus",
    ]
    assert all(etree.QName(child).namespace == az for child in data)
    assert data.findtext(f"{{{az}}}PersonalID") in working_age
    assert data.findtext(f"{{{az}}}RegistrationDBT") == "ДБТ - Сливен"
    assert len(answer_of(client, "job-seeker", OLD_MAN)) == 0


def without_stamps(answer: etree._Element, check: str) -> bytes:
    """The answer without what changes from call to call (ASP's CurrentTime)."""
    for stamp in contract.OPERATIONS[check].stamps:
        for element in answer.findall(f"{{{answer.nsmap[None]}}}{stamp}"):
            answer.remove(element)
    return etree.tostring(answer)


@pytest.mark.parametrize("check", contract.CHECKS)
def test_the_same_egn_gives_the_same_answer(client: httpx.Client, check: str) -> None:
    first = without_stamps(answer_of(client, check, OLD_MAN), check)
    assert without_stamps(answer_of(client, check, OLD_MAN), check) == first


def test_different_egns_give_different_people(client: httpx.Client) -> None:
    answers = {etree.tostring(answer_of(client, "person", egn)) for egn in people(10)}
    assert len(answers) == 10


@pytest.mark.parametrize("check", ["person", "permanent-address", "current-address", "relations"])
def test_an_lnch_finds_nobody_in_grao(client: httpx.Client, check: str) -> None:
    assert is_lnch(LNCH) and not is_egn(LNCH)
    answer = answer_of(client, check, LNCH)
    assert all(len(child) == 0 and not (child.text or "").strip() for child in answer)
    if check == "person":
        assert [etree.QName(child).localname for child in answer] == [
            "PersonNames",
            "LatinNames",
            "ForeignNames",
            "Gender",
            "Nationality",
        ]


def test_an_lnch_is_known_outside_grao(client: httpx.Client) -> None:
    answers = [
        answer_of(client, check, LNCH, kind="LNCh") for check in ("disability-decision", "social-services-decisions")
    ]
    assert all(answer.tag.endswith("Response") for answer in answers)


def test_special_egns_are_valid() -> None:
    assert set(SPECIAL) == {"not-found", "access-denied", "adapter-failure", "timeout"}
    assert all(is_egn(egn) for egn in SPECIAL.values())


@pytest.mark.parametrize("check", contract.CHECKS)
def test_not_found_answers_an_empty_response(client: httpx.Client, check: str) -> None:
    op = contract.OPERATIONS[check]
    answer = answer_of(client, check, SPECIAL["not-found"])
    assert answer.tag == f"{{{op.response_ns}}}{op.response}"
    assert all(len(child) == 0 for child in answer)
    assert answer.find(f".//{{{op.response_ns}}}EGN") is None


def test_access_denied_is_an_error_before_execution(client: httpx.Client) -> None:
    result = result_of(client, "person", SPECIAL["access-denied"])
    assert result.findtext(f"{{{E}}}IsReady") == "false"
    data = result.find(f"{{{E}}}Data")
    assert [child.tag for child in data] == [f"{{{E}}}Matrix"] and data[0].get(XSI_NIL) == "true"
    assert result.findtext(f"{{{E}}}HasError") == "true"
    assert result.findtext(f"{{{E}}}Error") == ACCESS_DENIED == "Access denied!"
    assert result.findtext(f"{{{E}}}ServiceCallID") == "0"


def test_adapter_failure_is_an_error_after_execution(client: httpx.Client) -> None:
    result = result_of(client, "disability-decision", SPECIAL["adapter-failure"])
    assert result.findtext(f"{{{E}}}IsReady") == "true"
    assert [child.tag for child in result.find(f"{{{E}}}Data")] == [f"{{{E}}}Matrix"]
    assert result.findtext(f"{{{E}}}HasError") == "true"
    assert result.findtext(f"{{{E}}}Error") == ADAPTER_FAILURE
    assert (result.findtext(f"{{{E}}}Error") or "").startswith("Error occurred! ")


def test_timeout_answers_late_but_normally(client: httpx.Client) -> None:
    started = time.monotonic()
    answer = answer_of(client, "person", SPECIAL["timeout"])
    assert time.monotonic() - started >= 0.3
    assert answer.findtext(f"{{{contract.OPERATIONS['person'].response_ns}}}EGN") == SPECIAL["timeout"]


def test_delay_applies_to_concurrent_calls_at_once() -> None:
    app = make_application(delay=0.4)
    durations: list[float] = []

    def one_call() -> None:
        with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://regix") as client:
            started = time.monotonic()
            answer_of(client, "person", OLD_MAN)
            durations.append(time.monotonic() - started)

    started = time.monotonic()
    threads = [threading.Thread(target=one_call) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(durations) == 5 and min(durations) >= 0.4
    assert time.monotonic() - started < 1.5


def test_access_matrix_is_returned_when_asked(client: httpx.Client) -> None:
    result = result_of(client, "person", OLD_MAN, access_matrix=True)
    matrix = result.find(f"{{{E}}}Data/{{{E}}}Matrix")
    assert matrix.get("id") == "AccessMatrix"
    assert matrix.findtext(f"{{{E}}}HasAccess") == "true"
    assert matrix.findtext(f"{{{E}}}Name") == "PersonDataResponseType"


def test_relates_to_echoes_the_message_id(client: httpx.Client) -> None:
    message_id = f"urn:uuid:{uuid.uuid4()}"
    response = post(client, envelope("person", OLD_MAN, message_id=message_id))
    root = etree.fromstring(response.content)
    assert root.findtext(f"{{{S}}}Header/{{{A}}}RelatesTo") == message_id
    action = root.find(f"{{{S}}}Header/{{{A}}}Action")
    assert action.text == contract.ACTION_RESPONSE and action.get(f"{{{S}}}mustUnderstand") == "1"


def test_request_echoes_the_argument(client: httpx.Client) -> None:
    result = result_of(client, "permanent-address", OLD_MAN)
    argument = result.find(f"{{{E}}}Data/{{{E}}}Request")[0]
    ns = contract.OPERATIONS["permanent-address"].request_ns
    assert text(argument, "EGN", ns) == OLD_MAN and text(argument, "SearchDate", ns) == "2025-01-15"


def test_an_unknown_operation_is_a_fault(client: httpx.Client) -> None:
    response = post(client, envelope("person", OLD_MAN, operation="TechnoLogica.RegiX.Nothing.Here"))
    assert response.status_code == 500
    assert fault_text(response) == OPERATION_INVALID


def test_an_argument_in_the_wrong_namespace_is_a_fault(client: httpx.Client) -> None:
    response = post(client, envelope("person", OLD_MAN, argument_ns="http://egov.bg/RegiX/Wrong"))
    assert response.status_code == 500
    assert fault_text(response) == ARGUMENT_INVALID


def test_an_argument_of_another_operation_is_a_fault(client: httpx.Client) -> None:
    payload = envelope("person", OLD_MAN, operation=contract.OPERATIONS["pension"].name)
    response = post(client, payload)
    assert response.status_code == 500
    assert fault_text(response) == ARGUMENT_INVALID


def test_an_argument_without_identifier_is_a_fault(client: httpx.Client) -> None:
    response = post(client, envelope("disability-decision", None))
    assert response.status_code == 500
    assert fault_text(response) == ARGUMENT_INVALID


def test_anything_but_an_envelope_is_a_bad_request(client: httpx.Client) -> None:
    assert post(client, b"not xml at all").status_code == 400
    assert post(client, b"<Envelope/>").status_code == 400


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_command_serves_the_simulator() -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "grizha.cli", "regix-simulator", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.post(
                    f"http://127.0.0.1:{port}/RegiXEntryPoint.svc",
                    content=envelope("person", OLD_MAN),
                    headers={"Content-Type": contract.CONTENT_TYPE},
                )
                break
            except httpx.ConnectError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert response.status_code == 200
        result = etree.fromstring(response.content).find(f".//{{{E}}}ExecuteSynchronousResult")
        assert result is not None and result.findtext(f"{{{E}}}HasError") == "false"
        assert OLD_MAN.encode() in response.content
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert f"127.0.0.1:{port}".encode() in output


def test_only_soap_posts_are_served(client: httpx.Client) -> None:
    assert client.get("/RegiXEntryPoint.svc").status_code == 405
    payload = envelope("person", OLD_MAN)
    assert client.post("/", content=payload, headers={"Content-Type": "text/xml"}).status_code == 415
