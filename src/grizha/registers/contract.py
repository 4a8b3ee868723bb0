"""The RegiX contract the client speaks and the simulator answers (REGIX.md, CONTRACTS section 6): the
SOAP 1.2 envelope's names, and for each check of `grizha registry-lookup` its operation, its request
element and the namespace of its response.

Requests and answers of the GRAO (person, addresses) and NELK adapters follow the shapes published in the
RegiX 3 source, as do the requests of the relations, Social Assistance and Employment Agency adapters. The
pension request, and what the simulator answers for relations, Social Assistance, pension and Employment
Agency, are still our own shapes (one response element in the adapter's namespace; an empty one when the
register knows nobody), not yet RegiX 3's."""

from __future__ import annotations

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

# How an argument names the person: the element names, filled in order by Operation.argument_values.
EGN = "EGN"
IDENTIFIER = "Identifier"


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

    @property
    def name(self) -> str:
        return OPERATION_PREFIX + self.operation


NBD = "http://egov.bg/RegiX/GRAO/NBD"
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
        ),
        Operation(
            "disability-decision",
            "NelkEismeAdapter.APIService.INelkEismeAPI.GetLastExpertDecisionByIdentifier",
            "GetLastExpertDecisionByIdentifierRequest",
            "http://egov.bg/RegiX/NELK/EISME",
            ("Identifier",),
            "ExpertDecisionsResponse",
            "http://egov.bg/RegiX/NELK/EISME",
        ),
        Operation(
            "social-services-decisions",
            "ASPSocialAdapter.APIService.IASPSocialAPI.GetSocialServicesDecisions",
            "GetSocialServicesDecisionsRequest",
            "http://egov.bg/RegiX/ASP/SocialServices/GetSocialServicesDecisionsRequest",
            ("IdentifierType", "Identifier"),
            "GetSocialServicesDecisionsResponse",
            "http://egov.bg/RegiX/ASP/SocialServices/GetSocialServicesDecisionsResponse",
            children_ns="http://egov.bg/RegiX/ASP/Common",
            wrapper="PersonData",
        ),
        Operation(
            "pension",
            "NoiRPAdapter.APIService.IRPAPI.GetPensionIncomeAmountReport",
            "PensionIncomeAmountRequest",
            "http://egov.bg/RegiX/NOI/RP/PensionIncomeAmountRequest",
            ("Identifier", "IdentifierType"),
            "PensionIncomeAmountResponse",
            "http://egov.bg/RegiX/NOI/RP/PensionIncomeAmountResponse",
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
