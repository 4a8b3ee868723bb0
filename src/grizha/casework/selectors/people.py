"""Reads of the people the front office keeps records of, always within a member's StaffScope: a record
outside it is as unknown as one that does not exist (404). The caller records every read of personal data
(grizha.casework.services.people.person_viewed and people_searched)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import and_, or_
from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from grizha.accounts.selectors import StaffScope
from grizha.casework.models import Consent, Consultation, Person, Referral
from grizha.core import identifiers
from grizha.core.audit import action_text, person_history
from grizha.core.models import AuditEvent

# Why a member of staff opens a person's record: asked on the search list, kept in the audit trail.
VIEW_REASONS: dict[str, Any] = {
    "casework": _("casework"),
    "consultation": _("a consultation"),
    "referral": _("a referral"),
    "request": _("a request of the person"),
    "correction": _("correcting the record"),
}
DEFAULT_REASON = "casework"
PAGE_SIZE = 50
HISTORY_SHOWN = 100
NAME_FIELDS = ("given_name", "middle_name", "family_name")


def people_in(scope: StaffScope) -> QuerySet[Person]:
    """Every record the member may see (anonymised ones left out: there is nobody left to find)."""
    return Person.objects.filter(office_id__in=scope.office_ids, anonymised_at__isnull=True)


def _spellings(word: str) -> list[str]:
    # SQLite folds the case of ASCII letters only: a Cyrillic name is matched in the usual spellings.
    return list(dict.fromkeys((word, word.lower(), word.capitalize(), word.upper())))


def _name_matches(word: str) -> Q:
    return reduce(or_, (Q(**{f"{name}__icontains": spelling}) for name in NAME_FIELDS for spelling in _spellings(word)))


@dataclass(frozen=True)
class PeopleSearch:
    """A search of the records: by a whole personal number (exactly), else by the words of a name."""

    query: str
    by_identifier: bool
    page: Page[Person]

    @property
    def count(self) -> int:
        return self.page.paginator.count


def is_identifier_query(query: str) -> bool:
    """A query with a digit in it is taken for a personal number (and never kept in clear)."""
    return any(character.isdigit() for character in query)


def people_search(scope: StaffScope, *, query: str, page: Any = 1) -> PeopleSearch:
    """The records in scope that match, by family name, PAGE_SIZE to a page. A personal number must be
    whole (10 digits) to find anything: a part of one finds nobody."""
    query = " ".join(query.split())
    found = people_in(scope).select_related("office", "settlement")
    if is_identifier_query(query):
        found = found.filter(identifier=identifiers.clean_digits(query))
    else:
        found = found.filter(reduce(and_, (_name_matches(word) for word in query.split()), Q()))
    paginator = Paginator(found.order_by("family_name", "given_name", "id"), PAGE_SIZE)
    return PeopleSearch(query=query, by_identifier=is_identifier_query(query), page=paginator.get_page(page))


def key_or_404(value: Any) -> UUID:
    """An id from a URL or a query string; anything that is not one is not found."""
    try:
        return UUID(str(value))
    except ValueError:
        raise Http404 from None


def person_for(scope: StaffScope, person_id: UUID | str) -> Person:
    """The record, if the member may see it; else 404, exactly as for an unknown id."""
    return get_object_or_404(people_in(scope).select_related("office", "settlement"), pk=key_or_404(person_id))


def has_casework_consent(person: Person) -> bool:
    """Whether the person's consent to consultations and referrals stands (given, not withdrawn)."""
    return person.consents.filter(purpose=Consent.Purpose.CASEWORK, withdrawn_at__isnull=True).exists()


def consent_for(scope: StaffScope, person: Person, consent_id: UUID | str) -> Consent:
    return get_object_or_404(
        Consent.objects.filter(person=person, person__office_id__in=scope.office_ids).select_related("person"),
        pk=key_or_404(consent_id),
    )


@dataclass(frozen=True)
class HistoryRow:
    event: AuditEvent
    text: str

    @property
    def reason(self) -> str:
        """The reason's words; a reason written by another module as it was kept."""
        return str(VIEW_REASONS.get(self.event.reason, self.event.reason))


@dataclass(frozen=True)
class PersonRecord:
    """What a person's page shows: the record, consents, consultations and referrals made in the member's
    offices, and the latest HISTORY_SHOWN events of the audit trail of their data."""

    person: Person
    consents: list[Consent]
    consultations: list[Consultation]
    referrals: list[Referral]
    history: list[HistoryRow]
    history_more: bool

    @property
    def casework_consent(self) -> bool:
        return any(c.purpose == Consent.Purpose.CASEWORK and c.withdrawn_at is None for c in self.consents)

    @property
    def standing_purposes(self) -> set[str]:
        return {c.purpose for c in self.consents if c.withdrawn_at is None}


def person_record(scope: StaffScope, person_id: UUID | str) -> PersonRecord:
    """A person's page in a fixed number of queries, whatever the length of their history."""
    person = person_for(scope, person_id)
    consents = list(person.consents.select_related("recorded_by", "withdrawn_recorded_by"))
    consultations = list(
        person.consultations.filter(office_id__in=scope.office_ids).select_related("office", "specialist")
    )
    referrals = list(
        person.referrals.filter(office_id__in=scope.office_ids).select_related("service", "organization", "office")
    )
    events = list(person_history(person.pk)[: HISTORY_SHOWN + 1])
    return PersonRecord(
        person=person,
        consents=consents,
        consultations=consultations,
        referrals=referrals,
        history=[HistoryRow(event, action_text(event.action)) for event in events[:HISTORY_SHOWN]],
        history_more=len(events) > HISTORY_SHOWN,
    )
