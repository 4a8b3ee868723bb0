"""Catalog tables: HSDS 3.0 entities plus what a municipality needs beside them."""

from grizha.catalog.models.details import (
    Accessibility,
    Address,
    Contact,
    CostOption,
    Funding,
    Language,
    OrganizationIdentifier,
    Phone,
    RequiredDocument,
    Schedule,
    ServiceArea,
)
from grizha.catalog.models.iisda import Channel, EServiceLevel, LegalReference
from grizha.catalog.models.master import (
    MASTER_TEXT_FIELDS,
    MasterDescription,
    MasterDocument,
    MasterReview,
    MasterStep,
    MasterTerm,
)
from grizha.catalog.models.organization import Organization, Program
from grizha.catalog.models.service import AccessStep, Capacity, Location, Service, ServiceAtLocation
from grizha.catalog.models.taxonomy import Attribute, Taxonomy, TaxonomyTerm
from grizha.catalog.models.version import CatalogVersion

__all__ = [
    "MASTER_TEXT_FIELDS",
    "AccessStep",
    "Accessibility",
    "Address",
    "Attribute",
    "Capacity",
    "CatalogVersion",
    "Channel",
    "Contact",
    "CostOption",
    "EServiceLevel",
    "Funding",
    "Language",
    "LegalReference",
    "Location",
    "MasterDescription",
    "MasterDocument",
    "MasterReview",
    "MasterStep",
    "MasterTerm",
    "Organization",
    "OrganizationIdentifier",
    "Phone",
    "Program",
    "RequiredDocument",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "Taxonomy",
    "TaxonomyTerm",
]
