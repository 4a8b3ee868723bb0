"""The life of a referral, in one table: which step may follow which, and who may take it.

    draft ──send──▶ sent ──accept──▶ accepted ──start──▶ started ──close──▶ closed (successful or not)
                      └──decline──▶ declined       └──────────close──────────┘
    draft, sent, accepted, started ──withdraw──▶ withdrawn

One service function per step (casework.referrals), each made by `referral_transition`, which changes
the row only if it is still in a state the step may leave: two people accepting at once cannot both win.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from grizha.casework.models import Referral

S = Referral.Status


@dataclass(frozen=True)
class Step:
    action: str
    label: str | Promise
    sources: frozenset[str]
    targets: frozenset[str]
    # The receiving organisation may take this step through its signed link, without an account.
    by_receiver: bool = False
    needs_reason: bool = False


STEPS: dict[str, Step] = {
    step.action: step
    for step in (
        Step("send", _("Send"), frozenset({S.DRAFT}), frozenset({S.SENT})),
        Step("accept", _("Accepted"), frozenset({S.SENT}), frozenset({S.ACCEPTED}), by_receiver=True),
        Step(
            "decline", _("Declined"), frozenset({S.SENT}), frozenset({S.DECLINED}), by_receiver=True, needs_reason=True
        ),
        Step("start", _("Service started"), frozenset({S.ACCEPTED}), frozenset({S.STARTED}), by_receiver=True),
        Step(
            "close",
            _("Close"),
            frozenset({S.ACCEPTED, S.STARTED}),
            frozenset({S.CLOSED_SUCCESSFUL, S.CLOSED_UNSUCCESSFUL}),
        ),
        Step("withdraw", _("Withdraw"), frozenset({S.DRAFT, S.SENT, S.ACCEPTED, S.STARTED}), frozenset({S.WITHDRAWN})),
    )
}

OPEN = frozenset({S.DRAFT, S.SENT, S.ACCEPTED, S.STARTED})
FINAL = frozenset({S.DECLINED, S.CLOSED_SUCCESSFUL, S.CLOSED_UNSUCCESSFUL, S.WITHDRAWN})
# Waiting on others: the receiver has to answer, or to start the service.
WAITING = frozenset({S.SENT, S.ACCEPTED})


def steps_from(status: str, *, by_receiver: bool = False) -> list[Step]:
    """The steps a referral in `status` may take (only the receiver's, when `by_receiver`)."""
    return [s for s in STEPS.values() if status in s.sources and (s.by_receiver or not by_receiver)]
