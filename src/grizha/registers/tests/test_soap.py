"""Our RegiX messages: the request envelope is the one the contract describes, and answers are read into
ok, not-found or error with the register's data as plain JSON."""

from __future__ import annotations

import datetime

import pytest
from lxml import etree

from grizha.registers.contract import ACTION, ADDRESSING, CALL_CONTEXT_FIELDS, ENTRY, OPERATIONS, SOAP
from grizha.registers.soap import ERROR, NOT_FOUND, OK, BadAnswer, CallContext, answer, request

CONTEXT = CallContext(law_reason="чл. 40 ЗСУ", administration_name="Община Сливен", service_uri="APP-2026-000001")
DAY = datetime.date(2026, 11, 29)


def parsed(check: str, identifier: str = "8506251243") -> etree._Element:
    return etree.fromstring(request(OPERATIONS[check], identifier, CONTEXT, on=DAY, url="https://regix/x.svc"))


def test_the_envelope_is_soap_12_with_the_addressing_action() -> None:
    envelope = parsed("person")
    assert envelope.tag == f"{{{SOAP}}}Envelope"
    action = envelope.find(f"{{{SOAP}}}Header/{{{ADDRESSING}}}Action")
    assert action is not None and action.text == ACTION
    assert action.get(f"{{{SOAP}}}mustUnderstand") == "1"
    assert envelope.findtext(f"{{{SOAP}}}Header/{{{ADDRESSING}}}MessageID", "").startswith("urn:uuid:")


def test_the_request_names_the_operation_its_argument_and_the_call_context_in_order() -> None:
    data = parsed("permanent-address").find(f"{{{SOAP}}}Body/{{{ENTRY}}}ExecuteSynchronous/{{{ENTRY}}}request")
    assert data is not None
    assert [etree.QName(child).localname for child in data] == [
        "Operation",
        "Argument",
        "CallContext",
        "SignResult",
        "ReturnAccessMatrix",
    ]
    assert data.findtext(f"{{{ENTRY}}}Operation") == (
        "TechnoLogica.RegiX.GraoPNAAdapter.APIService.IPNAAPI.PermanentAddressSearch"
    )
    ns = "http://egov.bg/RegiX/GRAO/PNA/PermanentAddressRequest"
    argument = data.find(f"{{{ENTRY}}}Argument/{{{ns}}}PermanentAddressRequest")
    assert argument is not None
    assert argument.findtext(f"{{{ns}}}EGN") == "8506251243"
    assert argument.findtext(f"{{{ns}}}SearchDate") == "2026-11-29"
    context = data.find(f"{{{ENTRY}}}CallContext")
    assert context is not None
    assert [etree.QName(child).localname for child in context] == list(CALL_CONTEXT_FIELDS)
    assert context.findtext(f"{{{ENTRY}}}LawReason") == "чл. 40 ЗСУ"
    assert context.findtext(f"{{{ENTRY}}}AdministrationName") == "Община Сливен"
    assert context.findtext(f"{{{ENTRY}}}ServiceURI") == "APP-2026-000001"


def test_an_lnch_is_named_as_one_where_the_register_asks_the_kind() -> None:
    envelope = parsed("social-services-decisions", "1000000001")
    values = [element.text for element in envelope.iter() if etree.QName(element).localname == "IdentifierType"]
    assert values == ["LNCh"]


def result(inner: str) -> bytes:
    return (
        f'<s:Envelope xmlns:s="{SOAP}"><s:Body><ExecuteSynchronousResponse xmlns="{ENTRY}">'
        f"<ExecuteSynchronousResult>{inner}</ExecuteSynchronousResult></ExecuteSynchronousResponse></s:Body>"
        "</s:Envelope>"
    ).encode()


PERSON = OPERATIONS["person"]
NS = "http://egov.bg/RegiX/GRAO/NBD/PersonDataResponse"


def test_an_answer_becomes_plain_json_with_repeated_elements_as_lists() -> None:
    found = answer(
        result(
            f'<IsReady>true</IsReady><Data><Response><PersonDataResponse xmlns="{NS}">'
            '<PersonNames><FirstName xmlns="http://egov.bg/RegiX/GRAO/NBD">ИВАН</FirstName></PersonNames>'
            "<Alias/><EGN>8506251243</EGN><Tag>a</Tag><Tag>b</Tag></PersonDataResponse></Response></Data>"
            "<HasError>false</HasError>"
        ),
        PERSON,
    )
    assert found.status == OK
    assert found.data == {"PersonNames": {"FirstName": "ИВАН"}, "EGN": "8506251243", "Tag": ["a", "b"]}


def test_an_empty_answer_without_error_is_not_found() -> None:
    empty = f'<PersonDataResponse xmlns="{NS}"><PersonNames/><LatinNames/><Gender/></PersonDataResponse>'
    found = answer(
        result(f"<IsReady>true</IsReady><Data><Response>{empty}</Response></Data><HasError>false</HasError>"), PERSON
    )
    assert (found.status, found.data) == (NOT_FOUND, {})


def test_has_error_is_an_error_with_registers_text() -> None:
    found = answer(result("<IsReady>false</IsReady><HasError>true</HasError><Error>Access denied!</Error>"), PERSON)
    assert (found.status, found.error) == (ERROR, "Access denied!")


@pytest.mark.parametrize(
    "content",
    [
        b"not xml",
        f'<s:Envelope xmlns:s="{SOAP}"><s:Body><s:Fault><s:Reason><s:Text>Element request.Operation is invalid'
        "</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>".encode(),
        result("<IsReady>true</IsReady><Data><Response><Other/></Response></Data><HasError>false</HasError>"),
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    ],
)
def test_what_is_not_a_regix_answer_is_refused_with_a_reason(content: bytes) -> None:
    with pytest.raises(BadAnswer):
        answer(content, PERSON)


def test_the_pension_request_is_up8_with_a_cyrillic_type_and_the_last_12_full_months() -> None:
    # As R3 Adapters/RegiX.NoiRPAdapter/RegiX.NoiRPAdapter/XMLSamples/RegiX.NoiRPAdapter/
    # GetPensionIncomeAmountReportRequest.xml: Period in the request's namespace, From/To/Month/Year in …/NOI/RP.
    up8, rp = "http://egov.bg/RegiX/NOI/RP/UP8Request", "http://egov.bg/RegiX/NOI/RP"
    argument = parsed("pension").find(f".//{{{ENTRY}}}Argument/{{{up8}}}UP8Request")
    assert argument is not None
    assert [etree.QName(child).localname for child in argument] == ["Identifier", "IdentifierType", "Period"]
    assert argument.findtext(f"{{{up8}}}IdentifierType") == "ЕГН"
    period = argument.find(f"{{{up8}}}Period")
    assert period is not None
    found = [
        (period.findtext(f"{{{rp}}}{b}/{{{rp}}}Month"), period.findtext(f"{{{rp}}}{b}/{{{rp}}}Year"))
        for b in ("From", "To")
    ]
    assert found == [("--11", "2025"), ("--10", "2026")]  # DAY is 29 November 2026
    lnch = parsed("pension", "1000000001").find(f".//{{{up8}}}IdentifierType")
    assert lnch is not None and lnch.text == "ЛНЧ"


def test_elements_that_may_repeat_are_lists_even_alone() -> None:
    ns, rp = "http://egov.bg/RegiX/NOI/RP/UP8Response", "http://egov.bg/RegiX/NOI/RP"
    up8 = (
        f'<UP8Response xmlns="{ns}"><Identifier>4010156554</Identifier><PensionPayments>'
        f'<PensionPayment xmlns="{rp}"><Month>Септември</Month><TotalAmount>300.00</TotalAmount></PensionPayment>'
        "</PensionPayments></UP8Response>"
    )
    found = answer(
        result(f"<IsReady>true</IsReady><Data><Response>{up8}</Response></Data><HasError>false</HasError>"),
        OPERATIONS["pension"],
    )
    assert found.data == {
        "Identifier": "4010156554",
        "PensionPayments": {"PensionPayment": [{"Month": "Септември", "TotalAmount": "300.00"}]},
    }


def test_an_asp_answer_with_only_its_current_time_is_not_found() -> None:
    ns = "http://egov.bg/RegiX/ASP/SocialServices/GetSocialServicesDecisionsResponse"
    asp = f'<GetSocialServicesDecisionsResponse xmlns="{ns}"><CurrentTime>2026-11-29T10:00:00+02:00</CurrentTime>'
    found = answer(
        result(
            f"<IsReady>true</IsReady><Data><Response>{asp}</GetSocialServicesDecisionsResponse></Response></Data>"
            "<HasError>false</HasError>"
        ),
        OPERATIONS["social-services-decisions"],
    )
    assert (found.status, found.data) == (NOT_FOUND, {})
