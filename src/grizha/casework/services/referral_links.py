"""The receiver's signed link: the organisation a referral goes to accepts or declines it through a link
that carries the referral's id and nothing personal, signed and valid GRIZHA_REFERRAL_LINK_DAYS days,
with no account. And the e-mail that brings the link, in the referring office's language.

The e-mail gives the person's name and contact only when the person agreed that they are shared with
the services they are referred to (Consent.Purpose.SHARE_WITH_PROVIDERS); otherwise the front office
tells the receiver who it is once they accept."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from grizha.casework.models import Referral
from grizha.casework.selectors.referrals import (
    need_labels,
    receiver_contacts,
    referral_for_receiver,
    share_allowed,
)
from grizha.core.audit import log_action
from grizha.core.mail import mail_send
from grizha.territory.models import Municipality, Office
from grizha.territory.sites import current_base_url

_SALT = "grizha.casework.referral-answer"
# Letters to receivers are written in the language of the referring office.
OFFICE_LANGUAGE = "bg"


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=_SALT)


def referral_token(referral: Referral) -> str:
    """The token of the receiver's link: the referral's id, signed with the time it was made."""
    return _signer().sign(str(referral.pk))


@dataclass(frozen=True)
class LinkOpened:
    """What a token opens: the referral; or nothing, and then whether it was ours but too old, and which
    office to call (the referring office's, for a link of ours that expired)."""

    referral: Referral | None
    expired: bool = False
    office: Office | None = None


def referral_link_open(token: str) -> LinkOpened:
    """The referral a receiver's token stands for, if the token is ours, unchanged and not too old."""
    signer = _signer()
    try:
        referral_id = signer.unsign(token, max_age=datetime.timedelta(days=settings.GRIZHA_REFERRAL_LINK_DAYS))
    except signing.SignatureExpired:
        expired = referral_for_receiver(signer.unsign(token))
        return LinkOpened(referral=None, expired=True, office=expired.office if expired else None)
    except signing.BadSignature:
        return LinkOpened(referral=None)
    return LinkOpened(referral=referral_for_receiver(referral_id))


def referral_link_url(referral: Referral, *, language: str = OFFICE_LANGUAGE) -> str:
    """The receiver's link, absolute, in `language` (the office's, unless a page in English is wanted)."""
    with translation.override(language):
        path = reverse("casework:referral-answer", kwargs={"token": referral_token(referral)})
    return current_base_url() + path


def referral_link_email(*, referral: Referral, by: User | None, reminder: bool = False) -> bool:
    """E-mail the receiver what is referred and the link to answer; audited. False when the receiver has
    no e-mail address or the mail server would not take the message."""
    to = receiver_contacts(referral).email
    if not to:
        return False
    shared = share_allowed(referral.person)
    with translation.override(OFFICE_LANGUAGE):
        municipality = Municipality.objects.get(code=referral.office.municipality_id).name
        context = {
            "referral": referral,
            "municipality": municipality,
            "needs": need_labels(referral.needs),
            "person": referral.person if shared else None,
            "link": referral_link_url(referral),
            "days": settings.GRIZHA_REFERRAL_LINK_DAYS,
            "reminder": reminder,
        }
        body = render_to_string("casework/answer/email.txt", context)
        names = {"reference": referral.reference, "name": municipality}
        if reminder:
            subject = _("Reminder: referral %(reference)s from the Municipality of %(name)s") % names
        else:
            subject = _("Referral %(reference)s from the Municipality of %(name)s") % names
    if not mail_send(subject=subject, body=body, to=to):
        return False
    log_action(
        "grizha.referral.reminded" if reminder else "grizha.referral.emailed",
        actor=by,
        obj=referral,
        person=referral.person_id,
        office=referral.office_id,
        data={"to": to, "person_shared": shared and referral.person_id is not None},
    )
    return True
