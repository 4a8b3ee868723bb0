"""Writes of casework: every one typed, keyword-only, validated and in one transaction."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grizha.casework.models import AccessibilityFeedback, CallbackRequest, ReferenceCounter
from grizha.casework.selectors import front_office_for
from grizha.casework.validators import normalise_phone
from grizha.catalog.models import Service
from grizha.core.mail import mail_send
from grizha.territory.models import Municipality, Settlement


def next_reference() -> str:
    """The next reference of this year, 2026-000123: short, said digit by digit on the phone, the same
    in every language and never given twice (the counter's row is locked until the request is saved)."""
    year = timezone.localdate().year
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    ReferenceCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1, updated_at=timezone.now())
    counter.refresh_from_db(fields=["last"])
    return f"{year}-{counter.last:06d}"


@transaction.atomic
def callback_request_create(
    *,
    municipality: str,
    name: str,
    phone: str = "",
    email: str = "",
    best_time: str,
    note: str = "",
    language: str,
    kind: str = CallbackRequest.Kind.CALL_BACK,
    settlement: str | None = None,
    service: Service | None = None,
    visit_needs: Sequence[str] = (),
    needs: Sequence[str] = (),
    service_ids: Sequence[str] = (),
) -> CallbackRequest:
    """Keep a request for a home visit or a call back, for the front office of the office that covers
    the settlement, with a new reference. The caller has asked for the person's consent first."""
    place = Settlement.objects.filter(ekatte=settlement).first() if settlement else None
    if settlement and (place is None or place.municipality_id != municipality):
        raise ValidationError({"settlement": _("Select the settlement where you live")})
    request = CallbackRequest(
        kind=kind,
        municipality_id=municipality,
        settlement=place,
        office=front_office_for(municipality=municipality, settlement=place),
        name=name.strip(),
        phone=normalise_phone(phone) if phone.strip() else "",
        email=email.strip(),
        best_time=best_time,
        note=note.strip(),
        service=service,
        visit_needs=list(dict.fromkeys(visit_needs)),
        language=language,
        needs=list(needs),
        service_ids=[str(s) for s in service_ids],
        consent_given_at=timezone.now(),
    )
    # Checked before a number is taken, so that a refused request leaves no gap in the references.
    request.full_clean(exclude=["reference"])
    request.reference = next_reference()
    request.save()
    return request


def callback_request_confirm_by_email(*, request: CallbackRequest) -> bool:
    """E-mail the person their reference and what happens next, in the language of their request.
    False when there is no address or the mail server would not take it."""
    if not request.email:
        return False
    with translation.override(request.language):
        municipality = Municipality.objects.get(code=request.municipality_id).name
        context = {"request": request, "municipality": municipality}
        body = render_to_string("casework/request_confirmation.txt", context)
        subject = _("Your request %(reference)s – Municipality of %(name)s") % {
            "reference": request.reference,
            "name": municipality,
        }
    return mail_send(subject=subject, body=body, to=request.email)


def accessibility_feedback_create(
    *, problem: str, page_url: str = "", contact: str = "", language: str
) -> AccessibilityFeedback:
    """Keep a report of an accessibility problem for the municipality to answer."""
    feedback = AccessibilityFeedback(
        problem=problem.strip(), page_url=page_url.strip(), contact=contact.strip(), language=language
    )
    feedback.full_clean()
    feedback.save()
    return feedback
