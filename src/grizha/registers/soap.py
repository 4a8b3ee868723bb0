"""The RegiX SOAP 1.2 messages on our side: the ExecuteSynchronous request for one check, and the reading
of its answer into a status and the register's data as plain JSON (REGIX.md d)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from grizha.core.identifiers import unlabelled_identifier_kind
from grizha.registers.contract import (
    ACTION,
    ADDRESSING,
    CALL_CONTEXT_FIELDS,
    ENTRY,
    PERIOD,
    SOAP,
    XSI,
    Operation,
    g_month,
    period_for,
)

OK, NOT_FOUND, ERROR = "ok", "not-found", "error"
# Never resolve entities or fetch anything named in an answer. Blank text is kept: a signature covers it.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class CallContext:
    """Why and for whom a register is asked: RegiX logs it, and so do we (RegisterCall)."""

    law_reason: str
    administration_name: str
    service_uri: str = ""  # the application's or the case's reference
    service_type: str = "За административна услуга"
    employee_identifier: str = ""  # the member of staff who asks; else the system asks itself:
    employee_names: str = ""
    employee_position: str = ""
    responsible_person_identifier: str = ""
    administration_oid: str = ""
    remark: str = ""

    def values(self) -> dict[str, str]:
        return {
            "ServiceURI": self.service_uri,
            "ServiceType": self.service_type,
            "EmployeeIdentifier": self.employee_identifier,
            "EmployeeNames": self.employee_names,
            "EmployeeAditionalIdentifier": "",
            "EmployeePosition": self.employee_position,
            "AdministrationOId": self.administration_oid,
            "AdministrationName": self.administration_name,
            "ResponsiblePersonIdentifier": self.responsible_person_identifier,
            "LawReason": self.law_reason,
            "Remark": self.remark,
        }


@dataclass(frozen=True)
class Answer:
    status: str  # OK, NOT_FOUND or ERROR
    data: dict[str, Any] = field(default_factory=dict)
    error: str = ""


class BadAnswer(Exception):
    """What came back is not a RegiX answer (or is a SOAP fault): its text says why."""


def _sub(parent: etree._Element, ns: str, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        element.text = text
    return element


def argument(operation: Operation, identifier: str, *, on: datetime.date) -> etree._Element:
    """The adapter's request element for `identifier` (an EGN or LNCh) asked on `on`: the SearchDate of
    the address checks, and the end of NOI's Period (the last 12 full months before it)."""
    request = etree.Element(f"{{{operation.request_ns}}}{operation.request}", nsmap={None: operation.request_ns})
    holder = _sub(request, operation.request_ns, operation.wrapper) if operation.wrapper else request
    ns = operation.children_ns or operation.request_ns
    lnch = unlabelled_identifier_kind(identifier) == "lnch"
    values = operation.argument_values(identifier, lnch=lnch, on=on)
    for name in operation.children:
        if name == PERIOD:
            _period(_sub(holder, ns, name), operation.period_ns or ns, on)
        else:
            _sub(holder, ns, name, values[name])
    return request


def _period(period: etree._Element, ns: str, on: datetime.date) -> None:
    for name, (year, month) in zip(("From", "To"), period_for(on), strict=True):
        bound = etree.SubElement(period, f"{{{ns}}}{name}", nsmap={None: ns})
        _sub(bound, ns, "Month", g_month(month))
        _sub(bound, ns, "Year", str(year))


def request(
    operation: Operation,
    identifier: str,
    context: CallContext,
    *,
    on: datetime.date,
    url: str = "",
    sign_result: bool = False,
) -> bytes:
    """The whole envelope of ExecuteSynchronous for one check, as RegiX's WCF binding expects it;
    `sign_result` asks RegiX to sign the answer's Data."""
    envelope = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"s": SOAP, "a": ADDRESSING})
    header = _sub(envelope, SOAP, "Header")
    action = _sub(header, ADDRESSING, "Action", ACTION)
    action.set(f"{{{SOAP}}}mustUnderstand", "1")
    _sub(header, ADDRESSING, "MessageID", f"urn:uuid:{uuid.uuid4()}")
    if url:
        to = _sub(header, ADDRESSING, "To", url)
        to.set(f"{{{SOAP}}}mustUnderstand", "1")
    body = _sub(envelope, SOAP, "Body")
    call = etree.SubElement(body, f"{{{ENTRY}}}ExecuteSynchronous", nsmap={None: ENTRY, "xsi": XSI})
    data = _sub(call, ENTRY, "request")
    _sub(data, ENTRY, "Operation", operation.name)
    _sub(data, ENTRY, "Argument").append(argument(operation, identifier, on=on))
    context_element = _sub(data, ENTRY, "CallContext")
    values = context.values()
    for name in CALL_CONTEXT_FIELDS:
        _sub(context_element, ENTRY, name, values[name])
    _sub(data, ENTRY, "SignResult", "true" if sign_result else "false")
    _sub(data, ENTRY, "ReturnAccessMatrix", "false")
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="utf-8"))


def answer(content: bytes, operation: Operation, *, check: Callable[[etree._Element], None] | None = None) -> Answer:
    """The status and data of an ExecuteSynchronous answer. "Not found" is an answer without error whose
    response element holds no value (RegiX's adapters answer an empty object then).

    `check` is given the ExecuteSynchronousResult of an answer without error before its data is read, and
    raises BadAnswer to refuse it (signature.verify). An error answer is an error, checked or not."""
    try:
        envelope = etree.fromstring(content, PARSER)
    except etree.XMLSyntaxError as error:
        raise BadAnswer(f"the answer is not XML ({error})") from error
    fault = envelope.find(f"{{{SOAP}}}Body/{{{SOAP}}}Fault")
    if fault is not None:
        reason = "".join(fault.itertext()).strip()
        raise BadAnswer(f"RegiX refused the call: {' '.join(reason.split())}")
    result = envelope.find(f"{{{SOAP}}}Body/{{{ENTRY}}}ExecuteSynchronousResponse/{{{ENTRY}}}ExecuteSynchronousResult")
    if result is None:
        raise BadAnswer("the answer holds no ExecuteSynchronousResult")
    if (result.findtext(f"{{{ENTRY}}}HasError") or "").strip() == "true":
        return Answer(ERROR, error=(result.findtext(f"{{{ENTRY}}}Error") or "").strip() or "RegiX gave an error")
    if check is not None:
        check(result)
    response = result.find(f"{{{ENTRY}}}Data/{{{ENTRY}}}Response")
    found = response.find(f"{{{operation.response_ns}}}{operation.response}") if response is not None else None
    if found is None:
        if response is not None and len(response):
            raise BadAnswer(f"the answer holds {response[0].tag}, not {operation.response}")
        return Answer(NOT_FOUND)
    data = _plain(found, operation.repeated)
    return Answer(OK, data=data) if set(data) - operation.stamps else Answer(NOT_FOUND)


def _plain(element: etree._Element, repeated: frozenset[str]) -> dict[str, Any]:
    """An element's children as JSON by local name: a leaf's text or a nested object; an element the
    schema lets repeat (`repeated`) is always a list, even of one. Empty elements say nothing and are
    left out (so a list is never empty: no key means none)."""
    found: dict[str, Any] = {}
    for child in element:
        if not isinstance(child.tag, str):  # comments, processing instructions
            continue
        name = etree.QName(child).localname
        value: Any = _plain(child, repeated) if len(child) else (child.text or "").strip()
        if value in ("", {}):
            continue
        if name in repeated:
            found.setdefault(name, []).append(value)
        elif name in found:  # repeats though the schema says it does not: keep every value all the same
            if not isinstance(found[name], list):
                found[name] = [found[name]]
            found[name].append(value)
        else:
            found[name] = value
    return found
