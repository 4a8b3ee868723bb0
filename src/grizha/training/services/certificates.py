"""Issuing a training's certificate: a number that anyone can check on the public site, given once."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grizha.core.audit import log_action, register_actions
from grizha.training.models import Participant, certificate_code

register_actions({"grizha.training.certificate_issued": _("issued a training certificate")})

# With 31¹⁰ numbers a clash is very unlikely; a few draws make it practically impossible.
ATTEMPTS = 5


def _unused_code() -> str:
    for _attempt in range(ATTEMPTS):
        code = certificate_code()
        if not Participant.objects.filter(certificate=code).exists():
            return code
    raise RuntimeError("no unused certificate number after several draws")


@transaction.atomic
def certificate_issue(*, participant: Participant, by: User) -> Participant:
    """Give `participant` a certificate number and the time of issue. Only someone who attended gets one;
    issuing again keeps the first number and time."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if not participant.attended:
        raise ValidationError(_("A certificate is given only to someone who attended"))
    if participant.certificate:
        return participant
    participant.certificate = _unused_code()
    participant.certified_at = timezone.now()
    participant.full_clean()
    participant.save(update_fields=["certificate", "certified_at", "updated_at"])
    log_action(
        "grizha.training.certificate_issued",
        actor=by,
        obj=participant,
        data={"certificate": participant.certificate, "training": str(participant.training_id)},
    )
    return participant
