"""What each check asks, in words a person understands: shown to staff beside the answers and to the
person, who is told which registers were consulted for their application."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from grizha.registers.contract import CHECKS

REGISTER_NAMES: dict[str, Promise] = {
    "person": _("Population register (GRAO): names and date of birth"),
    "permanent-address": _("Population register (GRAO): permanent address"),
    "current-address": _("Population register (GRAO): current address"),
    "relations": _("Population register (GRAO): family members"),
    "disability-decision": _("Medical expertise register (NELK): decision on disability"),
    "social-services-decisions": _("Social Assistance Agency: decisions on social services"),
    "pension": _("National Social Security Institute: pension"),
    "job-seeker": _("Employment Agency: registration as a job seeker"),
}
assert set(REGISTER_NAMES) == set(CHECKS), "every check needs a name for people"


def register_name(check: str) -> str:
    return str(REGISTER_NAMES.get(check, check))
