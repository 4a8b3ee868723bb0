"""The life of an application, in one table: which step may follow which, and who may take it.

    submitted ──take──▶ in_review ──approve / refuse / refer──▶ approved / refused / referred
        │                 ▲    │
        │               answer ask
        │                 │    ▼
        └────ask────▶ needs_information ──refuse / refer──▶ refused / referred
    submitted, in_review, needs_information ──withdraw (the person)──▶ withdrawn

One service function per step (applications.services.review), each made by `application_transition`,
which changes the row only if it is still in a state the step may leave: two members of staff deciding
at once cannot both win.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from grizha.accounts.roles import Capability
from grizha.applications.models import Application, ApplicationEvent

S = Application.Status
K = ApplicationEvent.Kind


@dataclass(frozen=True)
class Step:
    action: str
    label: str | Promise
    sources: frozenset[str]
    target: str
    event: str
    # Taken by the person who applied (from the public pages), never by staff.
    by_applicant: bool = False
    # The step says something to the person: what is missing, or why it was refused or referred.
    needs_message: bool = False
    needs_referred_to: bool = False
    # A decision: it sets `decided_at` and the person is told.
    decides: bool = False

    @property
    def capability(self) -> str | None:
        """What a member of staff needs to take the step (None: the person takes it)."""
        return None if self.by_applicant else Capability.DECIDE_APPLICATIONS


OPEN = frozenset({S.SUBMITTED, S.IN_REVIEW, S.NEEDS_INFORMATION})
DECIDED = frozenset({S.APPROVED, S.REFUSED, S.REFERRED})
FINAL = DECIDED | {S.WITHDRAWN}
# Staff may decide while the person has not answered a request for information, except to approve:
# what was missing is missing still.
UNDECIDED = frozenset({S.SUBMITTED, S.IN_REVIEW})

STEPS: dict[str, Step] = {
    step.action: step
    for step in (
        Step("take", _("Take up for consideration"), frozenset({S.SUBMITTED}), S.IN_REVIEW, K.TAKEN),
        Step(
            "ask", _("Ask for information"), UNDECIDED, S.NEEDS_INFORMATION, K.INFORMATION_REQUESTED, needs_message=True
        ),
        Step(
            "answer",
            _("Give the information asked for"),
            frozenset({S.NEEDS_INFORMATION}),
            S.IN_REVIEW,
            K.INFORMATION_GIVEN,
            by_applicant=True,
        ),
        Step("approve", _("Approve"), UNDECIDED, S.APPROVED, K.APPROVED, decides=True),
        Step("refuse", _("Refuse"), OPEN, S.REFUSED, K.REFUSED, needs_message=True, decides=True),
        Step(
            "refer",
            _("Refer elsewhere"),
            OPEN,
            S.REFERRED,
            K.REFERRED,
            needs_message=True,
            needs_referred_to=True,
            decides=True,
        ),
        Step("withdraw", _("Withdraw"), OPEN, S.WITHDRAWN, K.WITHDRAWN, by_applicant=True),
    )
}


def steps_from(status: str, *, by_applicant: bool = False) -> list[Step]:
    """The steps an application in `status` may take: staff's, or the person's when `by_applicant`."""
    return [s for s in STEPS.values() if status in s.sources and s.by_applicant == by_applicant]
