"""Writes of the inbox of requests for a home visit or a call back: staff read a request (which is
reading personal data, so it is recorded) and mark it handled."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grizha.casework.models import CallbackRequest
from grizha.casework.selectors.inbox import VIEWED
from grizha.core.audit import log_action, register_actions

register_actions(
    {
        VIEWED: gettext_lazy("read the request"),
        "grizha.request.handled": gettext_lazy("marked the request as handled"),
    }
)


def callback_request_viewed(*, request: CallbackRequest, by: User) -> None:
    """Record that `by` read the request's contact details."""
    log_action(VIEWED, actor=by, obj=request, office=request.office_id)


@transaction.atomic
def callback_request_handle(*, request: CallbackRequest, by: User, note: str = "") -> CallbackRequest:
    """Mark a new request as handled. Only a request that is still new changes (a conditional UPDATE), so
    of two people marking it at once the second is told that it was handled already."""
    changed = CallbackRequest.objects.filter(pk=request.pk, status=CallbackRequest.Status.NEW).update(
        status=CallbackRequest.Status.HANDLED, updated_at=timezone.now()
    )
    if not changed:
        raise ValidationError(_("This request was marked as handled already."), code="already_handled")
    request.refresh_from_db()
    log_action("grizha.request.handled", actor=by, obj=request, office=request.office_id, reason=note.strip()[:300])
    return request
