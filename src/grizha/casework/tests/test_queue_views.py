"""The work queue page at /staff/: who sees it, what it shows, and that it asks the database a fixed number
of questions however much work there is."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, office_of, staff_member
from grizha.casework.models import Referral
from grizha.casework.selectors.queue import LIMIT
from grizha.casework.tests.test_queue_selectors import bikovo, byala, callback_request, consultation, referral
from grizha.territory.models import Office

pytestmark = pytest.mark.django_db

S = Referral.Status
URL = "/staff/"


@pytest.fixture(autouse=True)
def _english(client: Client) -> None:
    client.cookies["django_language"] = "en"


def page(client: Client, url: str = URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def fill(office: Office, user: Any, n: int) -> None:
    """`n` of every kind of row of the queue, in `office`, for `user`."""
    today = timezone.localdate()
    for i in range(n):
        referral(office, user, S.DRAFT, today)
        referral(office, user, S.SENT, today - datetime.timedelta(days=i + 1))
        referral(office, user, S.ACCEPTED, today + datetime.timedelta(days=i + 1))
        consultation(office, user, today)
        callback_request(office)


def test_an_anonymous_visitor_is_sent_to_the_login(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_the_queue_has_one_heading_and_a_section_for_each_kind_of_work(client: Client) -> None:
    log_in(client, staff_member(office=bikovo()))
    html = page(client)
    assert html.count("<h1") == 1
    for heading in (
        "Referrals to follow up today (0)",
        "Overdue referrals (0)",
        "Waiting on others (0)",
        "Consultations to follow up (0)",
        "New requests from the public site (0)",
        "Appointments today",
    ):
        assert heading in html


def test_rows_link_to_their_referral_consultation_and_request(client: Client) -> None:
    me = staff_member(office=bikovo())
    today = timezone.localdate()
    due = referral(bikovo(), me, S.DRAFT, today)
    follow = consultation(bikovo(), me, today)
    asked = callback_request(bikovo())
    html = page(log_in(client, me))
    assert f'href="/staff/referrals/{due.id}/"' in html
    assert f'href="/staff/consultations/{follow.id}/"' in html
    assert f'href="/staff/requests/{asked.id}/"' in html
    assert "Referrals to follow up today (1)" in html


def test_an_overdue_referral_says_by_how_many_days_in_words(client: Client) -> None:
    me = staff_member(office=bikovo())
    late = referral(bikovo(), me, S.SENT, timezone.localdate() - datetime.timedelta(days=3))
    html = page(log_in(client, me))
    assert late.reference in html
    assert "overdue by 3 days" in html


def test_tables_have_captions_and_column_headers(client: Client) -> None:
    me = staff_member(office=bikovo())
    referral(bikovo(), me, S.DRAFT, timezone.localdate())
    html = page(log_in(client, me))
    assert "<caption" in html
    assert '<th scope="col">Reference</th>' in html
    assert '<th scope="row">' in html


def test_another_mayoraltys_work_is_not_shown(client: Client) -> None:
    theirs = referral(byala(), staff_member(office=byala()), S.DRAFT, timezone.localdate())
    asked = callback_request(byala())
    html = page(log_in(client, staff_member(office=bikovo())))
    assert theirs.reference not in html
    assert str(asked.id) not in html


def test_the_central_office_may_look_at_a_mayoraltys_queue(client: Client) -> None:
    theirs = referral(bikovo(), staff_member(office=bikovo()), S.DRAFT, timezone.localdate())
    log_in(client, staff_member(office=office_of()))
    assert theirs.reference not in page(client)
    assert theirs.reference in page(client, f"{URL}?office={bikovo().id}")
    assert theirs.reference in page(client, f"{URL}?office=all")


def test_a_mayoralty_asking_for_another_mayoraltys_queue_is_told_to_choose_from_the_list(client: Client) -> None:
    theirs = referral(byala(), staff_member(office=byala()), S.DRAFT, timezone.localdate())
    html = page(log_in(client, staff_member(office=bikovo())), f"{URL}?office={byala().id}")
    assert "Select an office from the list" in html
    assert re.search(r"<title>Error: Work queue", html)
    assert theirs.reference not in html


def test_the_page_asks_the_same_number_of_queries_for_5_or_50_rows_of_each_kind(client: Client) -> None:
    me = staff_member(office=bikovo())
    log_in(client, me)
    fill(bikovo(), me, 5)
    page(client)  # the session and the scope's first reads
    with CaptureQueriesContext(connection) as few:
        page(client)
    fill(bikovo(), me, 45)
    with CaptureQueriesContext(connection) as many:
        html = page(client)
    assert "Overdue referrals (50)" in html
    assert len(many) == len(few)


def test_the_central_queue_of_all_offices_asks_a_fixed_number_of_queries(client: Client) -> None:
    me = staff_member(office=office_of())
    log_in(client, me)
    fill(bikovo(), me, 2)
    page(client, f"{URL}?office=all")
    with CaptureQueriesContext(connection) as few:
        page(client, f"{URL}?office=all")
    fill(byala(), staff_member(office=byala()), 20)
    with CaptureQueriesContext(connection) as many:
        page(client, f"{URL}?office=all")
    assert len(many) == len(few) <= 15


def test_a_member_without_casework_sees_links_fitting_their_role(client: Client) -> None:
    log_in(client, staff_member(Role.CATALOG_EDITOR))
    html = page(client)
    assert "you have no work queue" in html
    assert 'href="/admin/"' in html
    assert "Overdue referrals" not in html


def test_an_office_manager_sees_the_queue(client: Client) -> None:
    html = page(log_in(client, staff_member(Role.OFFICE_MANAGER, office=bikovo())))
    assert "Overdue referrals (0)" in html


def test_a_long_list_shows_its_first_rows_and_links_to_the_full_list_filtered_alike(client: Client) -> None:
    me = staff_member(office=bikovo())
    log_in(client, me)
    fill(bikovo(), me, LIMIT + 2)
    html = page(client)
    assert f"Overdue referrals ({LIMIT + 2})" in html and html.count("And 2 more.") >= 2
    mine = '<a href="/staff/referrals/?who=mine&amp;overdue=on">'
    assert mine in html and '<a href="/staff/referrals/?overdue=on">' in html
    assert '<a href="/staff/consultations/?mine=on&amp;outcome=follow_up">' in html
    # The full list, as linked, holds every one of my overdue referrals.
    overdue = Referral.objects.filter(assigned_to=me, follow_up_on__lt=timezone.localdate())
    listed = page(client, "/staff/referrals/?who=mine&overdue=on")
    assert overdue.count() == LIMIT + 2
    assert all(r.reference in listed for r in overdue)
