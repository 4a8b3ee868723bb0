"""Writes of screening: the anonymous need signal of each completed screening."""

from __future__ import annotations

from grizha.screening.models import NeedSignal, age_band
from grizha.screening.rules import Person
from grizha.screening.selectors import Offer


def need_signal_record(
    *, person: Person, offer: Offer, channel: str, settlement: str | None = None
) -> NeedSignal | None:
    """Keep what was asked and offered, without anything that identifies the person.

    A screening that states neither a need nor a target group asks nothing and is not kept."""
    groups = sorted(code for code, value in person.target_groups.items() if value)
    if not person.needs and not groups:
        return None
    signal = NeedSignal(
        channel=channel,
        municipality_id=person.municipality,
        settlement_id=settlement,
        age_band=age_band(person.age),
        target_groups=groups,
        needs=list(person.needs),
        services_offered=offer.service_ids,
        eligible_count=offer.eligible,
        maybe_count=offer.maybe,
    )
    signal.full_clean()
    signal.save()
    return signal
