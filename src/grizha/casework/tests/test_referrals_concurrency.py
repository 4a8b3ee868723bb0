"""Two members of staff accept the same referral at once: exactly one succeeds, the other is refused
and told why, and the audit trail has one acceptance.

On PostgreSQL each of the two works in a thread of its own, with its own connection, and both start
together at a barrier. Their rows must be committed for the other connection to see them, so they are
made (and deleted afterwards) by a thread of their own too, outside the test's transaction. Not with
`django_db(transaction=True)`: that empties every table after the test, the demo municipality and the
territory included, which later tests need.

SQLite takes one writer at a time, so there the two accept one after the other, each holding the referral
as it was before either answered: on both, the conditional UPDATE is what lets only one through."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections

from grizha.casework.models import ReferenceCounter, Referral
from grizha.casework.services.referrals import TransitionRefused, referral_accept
from grizha.casework.tests.referrals_testing import a_referral, an_organization, specialist
from grizha.catalog.models import Organization
from grizha.core.audit import history
from grizha.core.models import AuditEvent

pytestmark = pytest.mark.django_db

T = TypeVar("T")
S = Referral.Status
ACCEPTED, REFUSED = "accepted", "refused"


def accept(referral: Referral, by: User) -> str:
    try:
        referral_accept(referral=referral, by=by)
    except TransitionRefused:
        return REFUSED
    return ACCEPTED


def in_thread(work: Callable[[], T]) -> T:
    """Do `work` on a connection of its own, committed as it goes."""
    done: list[T] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            done.append(work())
        except BaseException as failure:  # raised again in the caller's thread
            failed.append(failure)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    if failed:
        raise failed[0]
    return done[0]


def accept_at_once(referral_id: Any, staff: list[User]) -> list[str]:
    """Each member in a thread of their own, reading the referral, then accepting at the same moment."""
    barrier = threading.Barrier(len(staff))

    def one(member: User) -> Callable[[], str]:
        def work() -> str:
            referral = Referral.objects.get(pk=referral_id)
            barrier.wait(timeout=30)
            return accept(referral, member)

        return work

    outcomes: list[str] = []
    failed: list[BaseException] = []

    def run(member: User) -> None:
        try:
            outcomes.append(in_thread(one(member)))
        except BaseException as failure:
            failed.append(failure)

    threads = [threading.Thread(target=run, args=(member,)) for member in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not failed, failed
    return outcomes


def on_postgresql() -> tuple[list[str], str, int]:
    counters = in_thread(lambda: list(ReferenceCounter.objects.values_list("year", "last")))
    made: list[Any] = []

    def make() -> Referral:
        made.extend([specialist(), specialist(), an_organization()])
        referral = a_referral(S.SENT, by=made[0], receiver=made[2])
        made.append(referral)
        return referral

    def clean() -> None:
        AuditEvent.objects.filter(object_id__in=[str(row.pk) for row in made if isinstance(row, Referral)]).delete()
        AuditEvent.objects.filter(actor__in=[row for row in made if isinstance(row, User)]).delete()
        Referral.objects.filter(pk__in=[row.pk for row in made if isinstance(row, Referral)]).delete()
        User.objects.filter(pk__in=[row.pk for row in made if isinstance(row, User)]).delete()
        Organization.objects.filter(pk__in=[row.pk for row in made if isinstance(row, Organization)]).delete()
        ReferenceCounter.objects.exclude(year__in=[year for year, _last in counters]).delete()
        for year, last in counters:
            ReferenceCounter.objects.filter(year=year).update(last=last)

    try:
        referral = in_thread(make)
        outcomes = accept_at_once(referral.pk, [made[0], made[1]])
        status = in_thread(lambda: Referral.objects.get(pk=referral.pk).status)
        accepts = in_thread(lambda: history(referral).filter(action="grizha.referral.accept").count())
    finally:
        in_thread(clean)
    return outcomes, status, accepts


def on_sqlite() -> tuple[list[str], str, int]:
    first, second = specialist(), specialist()
    referral = a_referral(S.SENT, by=first, receiver=an_organization())
    held = [Referral.objects.get(pk=referral.pk) for _member in (first, second)]
    outcomes = [accept(copy, member) for copy, member in zip(held, (first, second), strict=True)]
    referral.refresh_from_db()
    return outcomes, referral.status, history(referral).filter(action="grizha.referral.accept").count()


def test_of_two_staff_accepting_the_same_referral_at_once_exactly_one_succeeds() -> None:
    outcomes, status, accepts = on_postgresql() if connection.vendor == "postgresql" else on_sqlite()
    assert sorted(outcomes) == [ACCEPTED, REFUSED]
    assert status == S.ACCEPTED
    assert accepts == 1
