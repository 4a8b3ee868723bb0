"""Writes of casework: every one typed, keyword-only, validated and in one transaction."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from grizha.casework.models import CallbackRequest
from grizha.casework.validators import normalise_phone


@transaction.atomic
def callback_request_create(
    *,
    municipality: str,
    name: str,
    phone: str,
    best_time: str,
    note: str = "",
    language: str,
    needs: Sequence[str] = (),
    service_ids: Sequence[str] = (),
) -> CallbackRequest:
    """Keep a request to be phoned back; the caller has asked for the person's consent first."""
    request = CallbackRequest(
        municipality_id=municipality,
        name=name.strip(),
        phone=normalise_phone(phone),
        best_time=best_time,
        note=note.strip(),
        language=language,
        needs=list(needs),
        service_ids=[str(s) for s in service_ids],
        consent_given_at=timezone.now(),
    )
    request.full_clean()
    request.save()
    return request
