"""Reminders to receivers of referrals that wait too long: sent and unanswered for more than
UNANSWERED_WORKING_DAYS working days (weekends and public holidays left out), or accepted and not started
for more than NOT_STARTED_DAYS days. The receiver is e-mailed its link again, at most once in each such
period. Run by a periodic task (casework.tasks)."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from grizha.casework.models import Referral
from grizha.casework.services.referral_links import referral_link_email
from grizha.core.workdays import working_days_before

S = Referral.Status
UNANSWERED_WORKING_DAYS = 5
NOT_STARTED_DAYS = 10


def referrals_to_remind(now: datetime.datetime) -> list[Referral]:
    """The referrals that wait too long and whose receiver was not reminded within that time."""
    unanswered = working_days_before(now, UNANSWERED_WORKING_DAYS)
    not_started = now - datetime.timedelta(days=NOT_STARTED_DAYS)
    waiting = Q(status=S.SENT, sent_at__lt=unanswered) & (
        Q(reminded_at__isnull=True) | Q(reminded_at__lt=unanswered)
    ) | Q(status=S.ACCEPTED, answered_at__lt=not_started) & (
        Q(reminded_at__isnull=True) | Q(reminded_at__lt=not_started)
    )
    related = ("office", "service__organization", "organization", "person")
    return list(Referral.objects.filter(waiting).select_related(*related).order_by("sent_at", "id"))


def referral_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind the receivers of the referrals that wait too long; return how many were reminded.

    Each referral is claimed (its reminded_at set, if unchanged since it was read) before the e-mail
    goes, so two runs at once never remind twice; a claim whose e-mail could not go is given back."""
    now = now or timezone.now()
    reminded = 0
    for referral in referrals_to_remind(now):
        claimed = Referral.objects.filter(
            pk=referral.pk, status=referral.status, reminded_at=referral.reminded_at
        ).update(reminded_at=now)
        if not claimed:
            continue
        if referral_link_email(referral=referral, by=None, reminder=True):
            reminded += 1
        else:
            Referral.objects.filter(pk=referral.pk, reminded_at=now).update(reminded_at=referral.reminded_at)
    return reminded
