"""The RegiX contract the client speaks and the simulator answers (REGIX.md, CONTRACTS section 6): the
SOAP 1.2 envelope's names, and for each check of `grizha registry-lookup` its operation, its request
element (name, namespace, children) and its response element (name, namespace, the elements that repeat).

Every shape here is read from the published RegiX 3 source ("R3", github.com/governmentbg/RegiX-3-, commit
9398e44c; paths below are under Adapters/RegiX.<Adapter>/RegiX.<Adapter>/ unless they start otherwise):

- person, permanent-address, current-address: REGIX.md a) and b) (GraoNBDAdapter, GraoPNAAdapter XSDs,
  XMLSamples and mocks).
- relations: request XMLSamples/…/RelationsSearchRequest.xml (the element is `RelationsRequestType`, sic);
  answer XMLSamples/…/RelationsSearchResponse.xml and RegiX.GraoNBDAdapter.Mock/XMLData/…/RelationsResponse.xml
  (repeated `PersonRelations`, children in the common NBD namespace); the relation codes (Баща, Осиновител,
  Майка, Осиновителка, Син, Дъщеря, Брат, Сестра: no spouse) from AdapterService/NBDAdapter.cs.
- disability-decision: XMLSchemas/…/NELKCommon.xsd (`ExpertDecisionDocument`, `CommisionMember` and
  `DisabilityReason` repeat) and REGIX.md c).
- social-services-decisions: XMLSchemas/…/GetSocialServicesDecisionsRequest.xsd, …Response.xsd and
  ASPCommon.xsd, XMLSamples/…/GetSocialServicesDecisions{Request,Response}.xml and the mock
  …ResponseEmpty.xml; AdapterService/ASPSocialAdapter.cs (CurrentTime is always set).
- pension: APIService/IRPAPI.cs (GetPensionIncomeAmountReport takes UP8Request, answers UP8Response),
  XMLMetaData/…/GetPensionIncomeAmountReport.xml, XMLSamples/…/GetPensionIncomeAmountReport{Request,
  Response}.xml, XMLSchemas/…/UP8Request.designer.cs, UP8Response.designer.cs and RPCommon.designer.cs
  (IdentifierType is the enum ЕГН/ЛНЧ; Period/From|To/Month|Year and Names, PensionPayment are in the
  …/NOI/RP namespace); AdapterService/RPAdapter.cs (no data: an empty UP8Response).
- job-seeker: XMLSamples/…/GetJobSeekerStatus{Request,Response}.xml, the mocks
  RegiX.AZJobsAdapter.Mocks/XMLData/…/GetJobSeekerStatus{Test,NULLTest}.xml and
  XMLSchemas/…/JobSeekerStatusResponse.designer.cs (one JobSeekerPersonData, children in …/AZ).

Not in R3, so still our assumption: that the ASP adapter answers only CurrentTime for a person its
database does not know (its mapper skips a missing person row), hence `stamps`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

SOAP = "http://www.w3.org/2003/05/soap-envelope"
ADDRESSING = "http://www.w3.org/2005/08/addressing"
ENTRY = "http://tempuri.org/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ACTION = "http://tempuri.org/IRegiXEntryPoint/ExecuteSynchronous"
ACTION_RESPONSE = "http://tempuri.org/IRegiXEntryPoint/ExecuteSynchronousResponse"
CONTENT_TYPE = f'application/soap+xml; charset=utf-8; action="{ACTION}"'
OPERATION_PREFIX = "TechnoLogica.RegiX."

# The CallContext's children, in the order of the contract.
CALL_CONTEXT_FIELDS = (
    "ServiceURI",
    "ServiceType",
    "EmployeeIdentifier",
    "EmployeeNames",
    "EmployeeAditionalIdentifier",  # sic, as RegiX spells it
    "EmployeePosition",
    "AdministrationOId",
    "AdministrationName",
    "ResponsiblePersonIdentifier",
    "LawReason",
    "Remark",
)

# How an argument names the person, and what else it may hold; Operation.argument_values fills them.
EGN = "EGN"
IDENTIFIER = "Identifier"
IDENTIFIER_TYPE = "IdentifierType"
SEARCH_DATE = "SearchDate"
PERIOD = "Period"  # NOI's From/To months, in `period_ns` (see period_for)
# IdentifierType's values for an EGN and an LNCh: ASP's schema spells them in Latin, NOI's in Cyrillic.
LATIN_KINDS = ("EGN", "LNCh")
CYRILLIC_KINDS = ("ЕГН", "ЛНЧ")


@dataclass(frozen=True)
class Operation:
    """One check: the RegiX operation it calls, its request element (name, namespace, children) and the
    namespace of its answer."""

    check: str
    operation: str  # after OPERATION_PREFIX
    request: str
    request_ns: str
    children: tuple[str, ...]  # the request's children, in order (see argument_values)
    response: str
    response_ns: str
    # The request's children sit in another namespace than the request element (ASP's PersonData).
    children_ns: str | None = None
    wrapper: str | None = None  # an element between the request and its children
    kinds: tuple[str, str] = LATIN_KINDS  # IdentifierType for an EGN, for an LNCh
    period_ns: str | None = None  # the namespace of Period's From and To, and of their Month and Year
    # Local names of the answer's elements that may repeat (maxOccurs > 1): always JSON lists.
    repeated: frozenset[str] = frozenset()
    # Children of the answer that say nothing about the person (ASP's CurrentTime): alone, nobody was found.
    stamps: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        return OPERATION_PREFIX + self.operation

    def argument_values(self, identifier: str, *, lnch: bool, on: datetime.date) -> dict[str, str]:
        """The texts of the request's simple children for `identifier` (`on` is the SearchDate); Period
        is built from period_for(on)."""
        values = {SEARCH_DATE: on.isoformat(), IDENTIFIER_TYPE: self.kinds[1 if lnch else 0]}
        return {name: values.get(name, identifier) for name in self.children if name != PERIOD}


def period_for(on: datetime.date) -> tuple[tuple[int, int], tuple[int, int]]:
    """The last 12 full months before `on`, as ((year, month) from, (year, month) to)."""
    last = on.replace(day=1) - datetime.timedelta(days=1)
    first_month = last.year * 12 + last.month - 1 - 11
    return (first_month // 12, first_month % 12 + 1), (last.year, last.month)


def g_month(month: int) -> str:
    """An xs:gMonth, as NOI's Month wants it: "--MM"."""
    return f"--{month:02d}"


NBD = "http://egov.bg/RegiX/GRAO/NBD"
ASP_COMMON = "http://egov.bg/RegiX/ASP/Common"
NOI_RP = "http://egov.bg/RegiX/NOI/RP"
AZ = "http://egov.bg/RegiX/AZ"
OPERATIONS: dict[str, Operation] = {
    op.check: op
    for op in (
        Operation(
            "person",
            "GraoNBDAdapter.APIService.INBDAPI.PersonDataSearch",
            "PersonDataRequest",
            f"{NBD}/PersonDataRequest",
            ("EGN",),
            "PersonDataResponse",
            f"{NBD}/PersonDataResponse",
        ),
        Operation(
            "permanent-address",
            "GraoPNAAdapter.APIService.IPNAAPI.PermanentAddressSearch",
            "PermanentAddressRequest",
            "http://egov.bg/RegiX/GRAO/PNA/PermanentAddressRequest",
            ("EGN", "SearchDate"),
            "PermanentAddressResponse",
            "http://egov.bg/RegiX/GRAO/PNA/PermanentAddressResponse",
        ),
        Operation(
            "current-address",
            "GraoPNAAdapter.APIService.IPNAAPI.TemporaryAddressSearch",
            "TemporaryAddressRequest",
            "http://egov.bg/RegiX/GRAO/PNA/TemporaryAddressRequest",
            ("EGN", "SearchDate"),
            "TemporaryAddressResponse",
            "http://egov.bg/RegiX/GRAO/PNA/TemporaryAddressResponse",
        ),
        Operation(
            "relations",
            "GraoNBDAdapter.APIService.INBDAPI.RelationsSearch",
            "RelationsRequestType",  # sic: RegiX 3's RelationsRequest.xsd names the element after its type
            f"{NBD}/RelationsRequest",
            ("EGN",),
            "RelationsResponse",
            f"{NBD}/RelationsResponse",
            repeated=frozenset({"PersonRelations"}),
        ),
        Operation(
            "disability-decision",
            "NelkEismeAdapter.APIService.INelkEismeAPI.GetLastExpertDecisionByIdentifier",
            "GetLastExpertDecisionByIdentifierRequest",
            "http://egov.bg/RegiX/NELK/EISME",
            ("Identifier",),
            "ExpertDecisionsResponse",
            "http://egov.bg/RegiX/NELK/EISME",
            repeated=frozenset({"ExpertDecisionDocument", "CommisionMember", "DisabilityReason"}),
        ),
        Operation(
            "social-services-decisions",
            "ASPSocialAdapter.APIService.IASPSocialAPI.GetSocialServicesDecisions",
            "GetSocialServicesDecisionsRequest",
            "http://egov.bg/RegiX/ASP/SocialServices/GetSocialServicesDecisionsRequest",
            ("IdentifierType", "Identifier"),
            "GetSocialServicesDecisionsResponse",
            "http://egov.bg/RegiX/ASP/SocialServices/GetSocialServicesDecisionsResponse",
            children_ns=ASP_COMMON,
            wrapper="PersonData",
            repeated=frozenset({"SocialServicesData"}),
            stamps=frozenset({"CurrentTime"}),
        ),
        Operation(
            "pension",
            "NoiRPAdapter.APIService.IRPAPI.GetPensionIncomeAmountReport",
            "UP8Request",
            f"{NOI_RP}/UP8Request",
            ("Identifier", "IdentifierType", "Period"),
            "UP8Response",
            f"{NOI_RP}/UP8Response",
            kinds=CYRILLIC_KINDS,
            period_ns=NOI_RP,
            repeated=frozenset({"PensionPayment"}),
        ),
        Operation(
            "job-seeker",
            "AZJobsAdapter.APIService.IAZJobsAPI.GetJobSeekerStatus",
            "JobSeekerStatusRequest",
            "http://egov.bg/RegiX/AZ/JobSeekerStatusRequest",
            ("PersonalID",),
            "JobSeekerStatusResponse",
            "http://egov.bg/RegiX/AZ/JobSeekerStatusResponse",
        ),
    )
}
BY_NAME: dict[str, Operation] = {op.name: op for op in OPERATIONS.values()}
CHECKS = tuple(OPERATIONS)
