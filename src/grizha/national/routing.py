"""Which office handles a service for a settlement (`GET /api/v1/route`): the village's own mayoralty when
it has an office and the service can be applied for there in person or by post, else the municipality's
central office. Reads only; three queries."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from grizha.catalog.models import Channel, EServiceLevel, Service
from grizha.catalog.selectors import LISTED_STATUSES
from grizha.territory.models import Office, Settlement
from grizha.territory.selectors import municipality_offices

EKATTE = re.compile(r"^[0-9]{5}$")
IISDA_NUMBER = re.compile(r"^[0-9]{1,10}$")
# Ways to apply that a mayoralty's desk can take: it accepts papers handed in or posted to it.
AT_THE_DESK = frozenset({Channel.IN_PERSON.value, Channel.POST.value})
# Levels at which the service has an address to use on the internet (a form to download, or more).
ONLINE_LEVELS = frozenset({EServiceLevel.FORM.value, EServiceLevel.APPLY.value, EServiceLevel.APPLY_AND_PAY.value})


class RouteError(Exception):
    """A request the route cannot answer: each parameter with what is wrong, and the HTTP status to answer with."""

    def __init__(self, errors: list[tuple[str, str]], status: int) -> None:
        super().__init__("; ".join(message for _field, message in errors))
        self.errors, self.status = errors, status

    @classmethod
    def one(cls, field: str, message: str, status: int) -> RouteError:
        return cls([(field, message)], status)


@dataclass
class Route:
    service: Service
    settlement: Settlement
    office: Office
    central_office: Office | None  # given beside a mayoralty, the office it answers to

    @property
    def channels(self) -> list[str]:
        known = {c.value for c in Channel}
        return [code for code in self.service.channels or [] if code in known]

    @property
    def online_url(self) -> str:
        return self.service.url if self.service.eservice_level in ONLINE_LEVELS else ""


def _malformed(service: str, settlement: str) -> list[tuple[str, str]]:
    """What is wrong with the form of each parameter, before anything is looked up."""
    errors = []
    if not service:
        errors.append(("service", _("Give the service: its id, or its IISDA number such as 2004.")))
    elif not IISDA_NUMBER.match(service):
        try:
            uuid.UUID(service)
        except ValueError:
            errors.append(("service", _("Give the service's id (a UUID) or its IISDA number (digits only).")))
    if not settlement:
        errors.append(("settlement", _("Give the settlement's EKATTE code, such as 04039.")))
    elif not EKATTE.match(settlement):
        errors.append(("settlement", _("An EKATTE code is five digits, such as 04039.")))
    return errors


def _settlement(code: str) -> Settlement:
    found = Settlement.objects.select_related("municipality", "mayoralty").filter(ekatte=code).first()
    if found is None:
        raise RouteError.one("settlement", _("No settlement has the EKATTE code %(code)s.") % {"code": code}, 404)
    return found


def _service(value: str, settlement: Settlement) -> Service:
    services = Service.objects.select_related("municipality")
    if IISDA_NUMBER.match(value):
        found = (
            services.filter(
                iisda_number=value, municipality_id=settlement.municipality_id, status=Service.Status.ACTIVE
            )
            .order_by("name", "id")
            .first()
        )
        if found is None:
            raise RouteError.one(
                "service",
                _("%(municipality)s offers no active service with the IISDA number %(number)s.")
                % {"municipality": settlement.municipality.name, "number": value},
                404,
            )
        return found
    found = services.filter(id=uuid.UUID(value), status__in=LISTED_STATUSES).first()
    if found is None:
        raise RouteError.one("service", _("No service has the id %(id)s.") % {"id": value}, 404)
    if found.municipality_id != settlement.municipality_id:
        raise RouteError.one(
            "service",
            _("This service is offered by %(theirs)s, not by %(ours)s, where the settlement is.")
            % {"theirs": found.municipality.name, "ours": settlement.municipality.name},
            404,
        )
    return found


def route_find(*, service: str, settlement: str) -> Route:
    """The office that handles the service for the settlement; raises RouteError naming the parameters."""
    service, settlement = service.strip(), settlement.strip()
    if errors := _malformed(service, settlement):
        raise RouteError(errors, 400)
    place = _settlement(settlement)
    found = _service(service, place)
    offices = municipality_offices(place.municipality_id)
    central = offices.front_office
    at_the_desk = not found.channels or bool(AT_THE_DESK & set(found.channels))
    own = next((o for o in offices.mayoralties if o.mayoralty_id == place.mayoralty_id), None)
    if own is not None and place.mayoralty_id and at_the_desk:
        return Route(service=found, settlement=place, office=own, central_office=central)
    if central is None:
        raise RouteError.one(
            "settlement",
            _("No office of %(municipality)s is listed yet.") % {"municipality": place.municipality.name},
            404,
        )
    return Route(service=found, settlement=place, office=central, central_office=None)


def _office(office: Office) -> dict[str, Any]:
    return {
        "id": str(office.id),
        "name": office.name,
        "kind": office.kind,
        "kind_label": office.get_kind_display(),
        "address": office.address,
        "postal_code": office.postal_code,
        "settlement": {"ekatte": office.settlement_id, "name": office.settlement.display_name},
        "phone": office.phone,
        "email": office.email,
        "opening_hours": office.opening_hours,
        "latitude": office.latitude,
        "longitude": office.longitude,
    }


def route_answer(route: Route) -> dict[str, Any]:
    """The route as the API answers it, with names and labels in the active language."""
    service, place = route.service, route.settlement
    level = service.eservice_level if service.eservice_level in EServiceLevel.values else ""
    return {
        "service": {"id": str(service.id), "name": service.name, "iisda_number": service.iisda_number or None},
        "settlement": {
            "ekatte": place.ekatte,
            "name": place.display_name,
            "municipality": {"code": place.municipality_id, "name": place.municipality.name},
            "mayoralty": {"code": place.mayoralty_id, "name": place.mayoralty.name} if place.mayoralty else None,
        },
        "office": _office(route.office),
        "central_office": _office(route.central_office) if route.central_office else None,
        "channels": [{"code": code, "label": str(Channel(code).label)} for code in route.channels],
        "eservice": (
            {"level": level, "label": str(EServiceLevel(level).label), "url": route.online_url or None}
            if level
            else None
        ),
    }
