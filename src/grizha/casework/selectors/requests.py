"""Reads of casework: where a request goes, and what the public forms offer to choose from."""

from __future__ import annotations

from uuid import UUID

from grizha.casework.models import CallbackRequest
from grizha.catalog.models import Service
from grizha.catalog.selectors import LISTED_STATUSES
from grizha.territory.models import Office, Settlement
from grizha.territory.sites import home_municipality


def front_office_for(*, municipality: str, settlement: Settlement | None) -> Office | None:
    """The office whose front office handles a request from `settlement`: its mayoralty's office, else
    the municipality's central office; None when the municipality has listed neither."""
    offices = Office.objects.filter(municipality_id=municipality).order_by("name", "id")
    if settlement is not None and settlement.mayoralty_id:
        office = offices.filter(kind=Office.Kind.MAYORALTY, mayoralty_id=settlement.mayoralty_id).first()
        if office is not None:
            return office
    return offices.filter(kind=Office.Kind.CENTRAL).first()


def request_settlements() -> list[Settlement]:
    """The settlements of the municipality, by name: where a person asking for a visit may live."""
    return list(Settlement.objects.filter(municipality_id=home_municipality()).order_by("name", "ekatte"))


def listed_service(service_id: str | None) -> Service | None:
    """The municipality's listed service with this id, or None for anything else (bad ids included)."""
    try:
        key = UUID(str(service_id))
    except ValueError:
        return None
    return Service.objects.filter(id=key, municipality_id=home_municipality(), status__in=LISTED_STATUSES).first()


def callback_request_sent(request_id: str | None) -> CallbackRequest | None:
    """A request just made, with its office, for its confirmation page."""
    try:
        key = UUID(str(request_id))
    except ValueError:
        return None
    return CallbackRequest.objects.select_related("office").filter(id=key).first()
