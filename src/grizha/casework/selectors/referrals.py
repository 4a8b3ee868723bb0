"""Reads of referrals: the list of an office's referrals with its filters, one referral with its
receiver's contacts and its history, where a new referral may go, and who may follow one.

Staff reads take a StaffScope: a referral of an office outside it is not found, like an unknown id."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from uuid import UUID

from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from grizha.accounts.models import Membership
from grizha.accounts.roles import CAPABILITIES, Capability
from grizha.accounts.selectors import StaffScope
from grizha.casework.lifecycle import OPEN
from grizha.casework.models import Consent, Consultation, Person, Referral
from grizha.casework.selectors.people import has_casework_consent
from grizha.catalog import reference
from grizha.catalog.models import Contact, Organization, Phone, Service, TaxonomyTerm
from grizha.catalog.selectors import LISTED_STATUSES
from grizha.core.audit import action_text, history
from grizha.core.models import AuditEvent
from grizha.territory.models import Office
from grizha.territory.sites import home_municipality

PAGE_SIZE = 50
# Filters of the list: every open referral (the default), every referral, or one status.
OPEN_FILTER, ALL_FILTER = "open", "all"
# Reading a referral is audited (it shows whose it is), but is not part of its story.
VIEWED = "grizha.referral.viewed"


def _uuid(value: object) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


@dataclass(frozen=True)
class ReferralFilters:
    status: str = OPEN_FILTER
    mine: bool = False
    overdue: bool = False


def referral_list(
    *, scope: StaffScope, filters: ReferralFilters, today: datetime.date | None = None
) -> QuerySet[Referral]:
    """The referrals of the offices in scope, the most pressing follow-up first."""
    referrals = Referral.objects.filter(office_id__in=scope.office_ids)
    if filters.status == OPEN_FILTER:
        referrals = referrals.filter(status__in=OPEN)
    elif filters.status in Referral.Status.values:
        referrals = referrals.filter(status=filters.status)
    if filters.mine:
        referrals = referrals.filter(assigned_to_id=scope.user_id)
    if filters.overdue:
        referrals = referrals.filter(status__in=OPEN, follow_up_on__lt=today or timezone.localdate())
    return referrals.select_related("office", "service", "organization", "assigned_to").order_by(
        F("follow_up_on").asc(nulls_last=True), "-created_at", "id"
    )


def referral_page(
    *, scope: StaffScope, filters: ReferralFilters, number: str | int | None, today: datetime.date | None = None
) -> Page[Referral]:
    """One page of `referral_list` (the first for a page number that is not one): two queries."""
    return Paginator(referral_list(scope=scope, filters=filters, today=today), PAGE_SIZE).get_page(number)


def referral_get(*, scope: StaffScope, referral_id: object) -> Referral | None:
    """A referral of an office in scope, with everything its page shows; None for any other id."""
    key = _uuid(referral_id)
    if key is None:
        return None
    related = ("office", "service__organization", "organization", "person", "consultation", "assigned_to")
    return (
        Referral.objects.filter(id=key, office_id__in=scope.office_ids).select_related(*related, "created_by").first()
    )


def referral_for_receiver(referral_id: object) -> Referral | None:
    """A referral as its receiver sees it through the signed link (the link is the permission)."""
    key = _uuid(referral_id)
    if key is None:
        return None
    related = ("office", "service__organization", "organization", "person")
    return Referral.objects.filter(id=key).select_related(*related).first()


def is_overdue(referral: Referral, today: datetime.date | None = None) -> bool:
    return (
        referral.status in OPEN
        and referral.follow_up_on is not None
        and referral.follow_up_on < (today or timezone.localdate())
    )


@dataclass
class ReceiverContacts:
    """How to reach the receiver of a referral: its e-mail addresses (the first is where the link goes),
    phone numbers and website."""

    name: str
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    website: str = ""

    @property
    def email(self) -> str:
        return self.emails[0] if self.emails else ""


def receiver_contacts(referral: Referral) -> ReceiverContacts:
    """The service's own e-mail, then its contacts' and its organisation's; for an organisation, its
    own and its contacts'. Phones likewise."""
    service, organization = referral.service, referral.organization
    if service is not None:
        organization = service.organization
    where_service = Q(service=service) if service is not None else Q(pk__in=[])
    where_organization = Q(organization=organization) if organization is not None else Q(pk__in=[])
    contacts = list(Contact.objects.filter(where_service | where_organization).exclude(email="").order_by("name", "id"))
    emails = [service.email if service else ""]
    emails += [c.email for c in contacts if service is not None and c.service_id == service.pk]
    emails += [organization.email if organization else ""]
    emails += [c.email for c in contacts if organization is not None and c.organization_id == organization.pk]
    phones = Phone.objects.filter(where_service | where_organization).order_by(
        F("service_id").asc(nulls_last=True), "number", "id"
    )
    website = (service.url if service else "") or (organization.website if organization else "")
    return ReceiverContacts(
        name=referral.receiver_name,
        emails=list(dict.fromkeys(e for e in emails if e)),
        phones=list(dict.fromkeys(p.number for p in phones)),
        website=website,
    )


def need_labels(codes: list[str]) -> list[str]:
    """The names of bg-need terms in the active language, in the order of the codes."""
    names = dict(TaxonomyTerm.objects.filter(taxonomy__code=reference.NEED, code__in=codes).values_list("code", "name"))
    return [names.get(code, code) for code in codes]


def need_choices() -> list[tuple[str, str]]:
    terms = TaxonomyTerm.objects.filter(taxonomy__code=reference.NEED).order_by("position", "name")
    return [(t.code, t.name) for t in terms]


def share_allowed(person: Person | None) -> bool:
    """Whether the person agrees that their name and contact are given to whom they are referred."""
    return person is not None and (
        Consent.objects.filter(
            person=person, purpose=Consent.Purpose.SHARE_WITH_PROVIDERS, withdrawn_at__isnull=True
        ).exists()
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    who: str
    by_receiver: bool
    text: str
    reason: str
    note: str


def referral_timeline(referral: Referral) -> list[TimelineEntry]:
    """What happened to the referral, oldest first, in the reader's language."""
    entries = []
    events: QuerySet[AuditEvent] = history(referral).exclude(action=VIEWED).order_by("at", "id")
    for event in events:
        actor, by_receiver = event.actor, event.data.get("via") == "link"
        if by_receiver:
            who = _("The receiver, through its link,")
        elif actor is not None:
            who = actor.get_full_name() or actor.get_username()
        else:
            who = event.actor_name or _("The system")
        reason = str(event.data.get("reason") or "")
        entries.append(
            TimelineEntry(
                at=event.at,
                who=who,
                by_receiver=by_receiver,
                text=action_text(event.action),
                reason=str(Referral.Reason(reason).label) if reason in Referral.Reason.values else "",
                note=event.reason,
            )
        )
    return entries


@dataclass(frozen=True)
class Origin:
    """Where a new referral comes from: a consultation (perhaps anonymous) or a person's record."""

    office: Office
    person: Person | None
    consultation: Consultation | None

    @property
    def consented(self) -> bool:
        """Whether a referral may be made: for nobody recorded, or for a person whose consent stands."""
        return self.person is None or has_casework_consent(self.person)


def referral_origin(*, scope: StaffScope, consultation_id: object, person_id: object) -> Origin | None:
    """The consultation or the person a new referral is made from, if in scope; None otherwise."""
    if consultation_id:
        key = _uuid(consultation_id)
        consultation = (
            Consultation.objects.filter(id=key, office_id__in=scope.office_ids)
            .select_related("office", "person")
            .first()
            if key
            else None
        )
        if consultation is None:
            return None
        return Origin(office=consultation.office, person=consultation.person, consultation=consultation)
    key = _uuid(person_id) if person_id else None
    person = (
        Person.objects.filter(id=key, office_id__in=scope.office_ids, anonymised_at__isnull=True)
        .select_related("office")
        .first()
        if key
        else None
    )
    return Origin(office=person.office, person=person, consultation=None) if person is not None else None


def referral_receivers() -> tuple[list[Service], list[Organization]]:
    """What a referral may go to: the municipality's listed services, and the institutions and
    organisations that provide its services (the Social Assistance Directorate, the Labour Office, ...)."""
    municipality = home_municipality()
    services = list(
        Service.objects.filter(municipality_id=municipality, status__in=LISTED_STATUSES).order_by("name", "id")
    )
    organizations = list(
        Organization.objects.filter(services__municipality_id=municipality).distinct().order_by("name", "id")
    )
    return services, organizations


def referral_followers(referral: Referral) -> list[User]:
    """Who may follow the referral: members of its office, or of its municipality's central office,
    whose role lets them refer."""
    roles = [role for role, capabilities in CAPABILITIES.items() if Capability.REFER in capabilities]
    offices = Q(office_id=referral.office_id) | Q(
        office__municipality_id=referral.office.municipality_id, office__kind=Office.Kind.CENTRAL
    )
    user_ids = Membership.objects.filter(offices, role__in=roles, user__is_active=True).values("user_id")
    return list(User.objects.filter(id__in=user_ids).order_by("last_name", "first_name", "username"))
