"""Background tasks of casework (run by `grizha worker`): reminders to receivers of referrals that wait."""

from __future__ import annotations

from datetime import timedelta

from grizha.casework.services.reminders import referral_reminders_send
from grizha.core.tasks import periodic

# Reminders are due by the day; looking every hour sends them within the hour in working time.
REMINDERS_EVERY = timedelta(hours=1)


@periodic(every=REMINDERS_EVERY)
def send_referral_reminders() -> int:
    return referral_reminders_send()
