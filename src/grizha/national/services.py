"""The national catalogue's writes: the check of every service's HSDS record against the official schema,
and the weekly reminders to catalog editors of the services they have not verified for too long."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from grizha.catalog.models import Service
from grizha.core.audit import log_action, register_actions
from grizha.core.mail import mail_send
from grizha.hsds.tables import LANGUAGES
from grizha.national.freshness import HsdsResult, StaleService, catalog_editors, hsds_results, stale_services
from grizha.national.models import EditorReminder, HsdsCheck
from grizha.territory.models import Municipality
from grizha.territory.sites import current_base_url

register_actions({"grizha.national.reminder_sent": _("e-mailed a catalog editor the services to verify")})

REMIND_AT_MOST_EVERY = timedelta(days=7)
LISTED_AT_MOST = 50  # stale services named in one e-mail per municipality; the count gives the rest


# --- HSDS validity -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HsdsRefresh:
    checked: int  # services whose record was looked at
    validated: int  # of them, records new or changed since the last check, and so validated
    invalid: int  # of them, records that are not valid


def hsds_checks_refresh(*, municipality: str | None = None) -> HsdsRefresh:
    """Check the HSDS record of every active service (of one municipality, when given) and store the result;
    a record unchanged since its last check is not validated again."""
    services = Service.objects.filter(status=Service.Status.ACTIVE)
    if municipality:
        services = services.filter(municipality_id=municipality)
    started = timezone.now()
    checked = validated = invalid = 0
    changed: list[HsdsResult] = []
    for result in hsds_results(list(services.order_by("id").values_list("id", flat=True))):
        checked += 1
        invalid += result.error_count > 0
        if result.changed:
            changed.append(result)
        if len(changed) >= 500:
            validated += _store(changed, started)
            changed = []
    validated += _store(changed, started)
    # What was found unchanged was checked too.
    HsdsCheck.objects.filter(service__in=services, checked_at__lt=started).update(checked_at=started)
    return HsdsRefresh(checked=checked, validated=validated, invalid=invalid)


def _store(results: list[HsdsResult], at: datetime) -> int:
    HsdsCheck.objects.bulk_create(
        [
            HsdsCheck(
                service_id=r.service_id,
                fingerprint=r.fingerprint,
                error_count=r.error_count,
                errors=r.errors,
                checked_at=at,
            )
            for r in results
        ],
        update_conflicts=True,
        unique_fields=["service"],
        update_fields=["fingerprint", "error_count", "errors", "checked_at", "updated_at"],
    )
    return len(results)


# --- reminders ---------------------------------------------------------------------------------------------


def editor_language_record(*, user: User, language: str) -> None:
    """Remember the language an editor reads the freshness pages in: their reminders are written in it."""
    if language not in LANGUAGES:
        return
    current = EditorReminder.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
    if current != language:
        EditorReminder.objects.update_or_create(user_id=user.pk, defaults={"language": language})


def stale_reminders_send(*, now: datetime | None = None) -> int:
    """E-mail each catalog editor the stale services of their municipalities, in their language, at most
    once in REMIND_AT_MOST_EVERY; nothing to an editor whose municipalities have none. Return how many
    editors were e-mailed.

    Each editor is claimed (reminded_at set, if unchanged since it was read) before the e-mail goes, so two
    runs at once never remind twice; a claim whose e-mail could not go is given back."""
    now = now or timezone.now()
    editors = catalog_editors()
    stale = stale_services({code for codes in editors.values() for code in codes}, today=timezone.localdate(now))
    if not stale:
        return 0
    users = User.objects.in_bulk(list(editors))
    reminders = {r.user_id: r for r in EditorReminder.objects.filter(user_id__in=list(editors))}
    names = {m.code: m for m in Municipality.objects.filter(code__in=list(stale))}
    sent = 0
    for user_id, codes in sorted(editors.items()):
        theirs = {code: stale[code] for code in sorted(codes) if code in stale}
        reminder = reminders.get(user_id)
        if not theirs or (reminder and reminder.reminded_at and reminder.reminded_at > now - REMIND_AT_MOST_EVERY):
            continue
        claimed, before = _claim(user_id, reminder, now)
        if claimed is None:
            continue
        user = users[user_id]
        if _remind(user, claimed.language, theirs, names):
            log_action(
                "grizha.national.reminder_sent",
                actor=None,
                obj=claimed,
                data={
                    "to": user.email,
                    "services": sum(len(s) for s in theirs.values()),
                    "municipalities": list(theirs),
                },
            )
            sent += 1
        else:
            EditorReminder.objects.filter(pk=claimed.pk, reminded_at=now).update(reminded_at=before)
    return sent


def _claim(
    user_id: int, reminder: EditorReminder | None, now: datetime
) -> tuple[EditorReminder | None, datetime | None]:
    """The editor's reminder record with reminded_at set to now, and its time before; None when another run
    took it first."""
    if reminder is None:
        try:
            with transaction.atomic():
                return EditorReminder.objects.create(user_id=user_id, reminded_at=now), None
        except IntegrityError:  # made meanwhile by another run, which reminds this editor
            return None, None
    before = reminder.reminded_at
    if not EditorReminder.objects.filter(pk=reminder.pk, reminded_at=before).update(reminded_at=now):
        return None, None
    reminder.reminded_at = now
    return reminder, before


def _remind(user: User, language: str, stale: dict[str, list[StaleService]], names: dict[str, Municipality]) -> bool:
    with translation.override(language):
        path = reverse("national:freshness")
        municipalities = [
            {
                "name": names[code].name,  # in the language of the override
                "count": len(services),
                "services": [
                    {"name": s.names.get(language) or s.names[LANGUAGES[0]], "assured_date": s.assured_date}
                    for s in services[:LISTED_AT_MOST]
                ],
                "more": max(len(services) - LISTED_AT_MOST, 0),
                "link": f"{current_base_url()}{path}?{urlencode({'municipality': code})}",
            }
            for code, services in stale.items()
        ]
        total = sum(len(services) for services in stale.values())
        context = {"municipalities": municipalities, "total": total, "days": settings.GRIZHA_VERIFY_EVERY_DAYS}
        body = render_to_string("national/reminder_email.txt", context)
        subject = ngettext(
            "%(count)d service in the catalogue needs checking",
            "%(count)d services in the catalogue need checking",
            total,
        ) % {"count": total}
    return mail_send(subject=subject, body=body, to=user.email)
