"""The staff pages of referrals: who may see them, the list with its filters and a fixed number of
queries, a new referral, one referral with a form for each step it may take, and its follow-up."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, office_of, staff_member
from grizha.casework.models import Consent, Consultation, Referral
from grizha.casework.tests.referrals_testing import (
    a_person,
    a_referral,
    a_service,
    an_organization,
    bikovo,
    byala,
    specialist,
)
from grizha.catalog.models import Organization
from grizha.core.audit import history, person_history

pytestmark = pytest.mark.django_db

S = Referral.Status
LIST = "/staff/referrals/"


@pytest.fixture(autouse=True)
def _english(client: Client) -> None:
    client.cookies["django_language"] = "en"


def detail_url(referral: Referral) -> str:
    return f"/staff/referrals/{referral.pk}/"


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def summary(html: str) -> str:
    found = re.search(r'<div class="error-summary".*?</ul>', html, re.S)
    assert found, "no error summary"
    return found.group(0)


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


# --- who may see what -----------------------------------------------------------------------------------


def staff_urls(referral: Referral, person_id: Any) -> list[str]:
    return [
        LIST,
        f"/staff/referrals/new/?person={person_id}",
        detail_url(referral),
        f"{detail_url(referral)}follow-up/",
    ]


def test_an_anonymous_visitor_is_sent_to_the_login(client: Client) -> None:
    person = a_person()
    for url in staff_urls(a_referral(person=person), person.pk):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/staff/login/"), url


def test_an_analyst_may_not_see_referrals(client: Client) -> None:
    person = a_person()
    log_in(client, staff_member(Role.ANALYST, office_of()))
    for url in staff_urls(a_referral(person=person), person.pk):
        assert client.get(url).status_code == 403, url


def test_another_mayoraltys_referral_is_not_found(client: Client) -> None:
    person = a_person()
    referral = a_referral(S.SENT, person=person)
    log_in(client, specialist(byala()))
    for url in staff_urls(referral, person.pk)[1:]:
        assert client.get(url).status_code == 404, url
    response = client.post(detail_url(referral), {"step": "accept"})
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == S.SENT


def test_an_unknown_referral_is_not_found(client: Client) -> None:
    log_in(client, specialist())
    assert client.get("/staff/referrals/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/staff/referrals/not-an-id/").status_code == 404


def test_another_mayoraltys_consultation_cannot_be_referred(client: Client) -> None:
    member = specialist()
    consultation = Consultation.objects.create(
        office=bikovo(), specialist=member, occurred_at=timezone.now(), channel=Consultation.Channel.PHONE
    )
    log_in(client, specialist(byala()))
    assert client.get(f"/staff/referrals/new/?consultation={consultation.pk}").status_code == 404


def test_the_central_office_sees_a_mayoraltys_referral(client: Client) -> None:
    referral = a_referral()
    log_in(client, specialist(office_of()))
    assert referral.reference in page(client, detail_url(referral))


# --- the list -------------------------------------------------------------------------------------------


def test_the_list_shows_the_open_referrals_of_the_scope(client: Client) -> None:
    ours, closed, theirs = a_referral(S.SENT), a_referral(S.DECLINED), a_referral(office=byala())
    log_in(client, specialist())
    html = page(client, LIST)
    assert ours.reference in html
    assert closed.reference not in html
    assert theirs.reference not in html
    assert html.count("<h1") == 1
    assert "<caption" in html and 'scope="col"' in html


def test_the_list_filters_by_status(client: Client) -> None:
    sent, declined = a_referral(S.SENT), a_referral(S.DECLINED)
    log_in(client, specialist())
    html = page(client, f"{LIST}?status=declined")
    assert declined.reference in html and sent.reference not in html


def test_the_list_shows_only_mine_when_asked(client: Client) -> None:
    member = specialist()
    mine, theirs = a_referral(by=member), a_referral()
    log_in(client, member)
    html = page(client, f"{LIST}?who=mine")
    assert mine.reference in html and theirs.reference not in html


def test_the_list_shows_only_the_overdue_when_asked(client: Client) -> None:
    late, due = a_referral(S.SENT), a_referral(S.SENT)
    Referral.objects.filter(pk=late.pk).update(follow_up_on=timezone.localdate() - datetime.timedelta(days=1))
    log_in(client, specialist())
    html = page(client, f"{LIST}?overdue=on")
    assert late.reference in html and due.reference not in html
    assert "overdue" in html


def test_a_filter_value_not_on_the_list_is_said_not_a_crash(client: Client) -> None:
    log_in(client, specialist())
    html = page(client, f"{LIST}?status=lost")
    assert "Choose a status from the list" in summary(html)
    assert "<title>Error:" in html


def test_the_list_has_fifty_a_page(client: Client) -> None:
    member = specialist()
    for _ in range(51):
        a_referral(by=member)
    log_in(client, member)
    first = page(client, LIST)
    assert first.count('<th scope="row">') == 50
    assert "Page 1 of 2" in first
    assert page(client, f"{LIST}?page=2").count('<th scope="row">') == 1


def test_the_list_asks_the_same_number_of_queries_however_many_referrals(client: Client) -> None:
    member = specialist()
    log_in(client, member)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            page(client, LIST)
        return len(queries)

    a_referral(by=member, receiver=an_organization())
    few = count()
    for _ in range(5):
        a_referral(by=member)
        a_referral(by=specialist(), receiver=an_organization())
    assert count() == few


# --- a new referral -------------------------------------------------------------------------------------


def new_answers(**changes: Any) -> dict[str, Any]:
    answers = {
        "receiver": f"service:{a_service().pk}",
        "needs": ["meals"],
        "why": "She cannot cook any more.",
        "follow_up_on": tomorrow().isoformat(),
    }
    return answers | changes


def test_a_referral_is_made_as_a_draft_for_the_person(client: Client) -> None:
    person = a_person()
    member = specialist()
    log_in(client, member)
    url = f"/staff/referrals/new/?person={person.pk}"
    assert person.full_name in page(client, url)
    assert person_history(person.pk).filter(action="grizha.person.viewed", actor=member).exists()
    response = client.post(url, new_answers())
    referral = Referral.objects.get(person=person)
    assert response.status_code == 302
    assert response["Location"] == detail_url(referral)
    assert (referral.status, referral.office, referral.assigned_to) == (S.DRAFT, person.office, member)
    assert referral.follow_up_on == tomorrow()


def test_a_referral_may_go_to_an_institution_that_provides_the_municipalitys_services(client: Client) -> None:
    person = a_person()
    directorate = Organization.objects.get(email="dsp-sliven@asp.government.bg")
    log_in(client, specialist())
    client.post(f"/staff/referrals/new/?person={person.pk}", new_answers(receiver=f"organization:{directorate.pk}"))
    assert Referral.objects.get(person=person).organization == directorate


def test_the_demo_institutions_are_offered(client: Client) -> None:
    log_in(client, specialist())
    html = page(client, f"/staff/referrals/new/?person={a_person().pk}")
    assert "Social Assistance Directorate" in html or "Социално подпомагане" in html
    assert "<optgroup" in html


def test_a_referral_from_a_consultation_starts_with_its_needs(client: Client) -> None:
    member = specialist()
    consultation = Consultation.objects.create(
        office=bikovo(),
        specialist=member,
        occurred_at=timezone.now(),
        channel=Consultation.Channel.PHONE,
        needs=["care-at-home"],
    )
    log_in(client, member)
    html = page(client, f"/staff/referrals/new/?consultation={consultation.pk}")
    assert re.search(r'value="care-at-home"\s+checked', html)
    client.post(f"/staff/referrals/new/?consultation={consultation.pk}", new_answers())
    assert Referral.objects.get(consultation=consultation).person is None


def test_a_new_referral_with_mistakes_says_what_to_fix_and_keeps_the_answers(client: Client) -> None:
    person = a_person()
    log_in(client, specialist())
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        f"/staff/referrals/new/?person={person.pk}", new_answers(receiver="", why="Kept", follow_up_on=yesterday)
    )
    html = response.content.decode()
    assert response.status_code == 200
    errors = summary(html)
    assert "Choose the service or the institution to refer to" in errors
    assert "The follow-up date must be today or later" in errors
    assert "<title>Error:" in html
    assert ">Kept</textarea>" in html
    assert not Referral.objects.filter(person=person).exists()


def test_no_referral_is_made_for_a_person_whose_consent_was_withdrawn(client: Client) -> None:
    person = a_person()
    Consent.objects.filter(person=person).update(withdrawn_at=timezone.now())
    log_in(client, specialist())
    url = f"/staff/referrals/new/?person={person.pk}"
    assert "consent to consultations and referrals is not standing" in page(client, url)
    assert client.post(url, new_answers()).status_code == 200
    assert not Referral.objects.filter(person=person).exists()


def test_a_new_referral_without_a_person_or_consultation_says_where_to_start(client: Client) -> None:
    log_in(client, specialist())
    assert "Open the person" in page(client, "/staff/referrals/new/")


# --- one referral ---------------------------------------------------------------------------------------


def test_a_referral_page_shows_its_status_in_words_and_its_history(client: Client) -> None:
    person = a_person()
    referral = a_referral(S.ACCEPTED, person=person)
    member = specialist()
    log_in(client, member)
    html = page(client, detail_url(referral))
    assert html.count("<h1") == 1
    assert '<strong class="tag">accepted</strong>' in html
    assert f'<a href="/staff/people/{person.pk}/">{person.full_name}</a>' in html
    assert "made the referral" in html and "sent the referral" in html and "accepted the referral" in html
    assert history(referral).filter(action="grizha.referral.viewed", actor=member).exists()


def test_a_referral_page_has_one_form_for_each_step_it_may_take(client: Client) -> None:
    log_in(client, specialist())
    html = page(client, detail_url(a_referral(S.SENT)))
    steps = re.findall(r'name="step" value="(\w+)"', html)
    assert steps == ["accept", "decline", "withdraw"]


def test_a_closed_referral_takes_no_more_steps(client: Client) -> None:
    log_in(client, specialist())
    html = page(client, detail_url(a_referral(S.CLOSED_SUCCESSFUL)))
    assert 'name="step"' not in html


def test_a_step_is_taken_from_the_referral_page(client: Client) -> None:
    referral = a_referral(S.SENT)
    member = specialist()
    log_in(client, member)
    response = client.post(detail_url(referral), {"step": "accept", "accept-note": "By phone"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED
    event = history(referral).get(action="grizha.referral.accept")
    assert (event.actor, event.reason, event.data["via"]) == (member, "By phone", "staff")
    assert "now “accepted”" in page(client, detail_url(referral))


def test_a_decline_without_a_reason_says_to_choose_one(client: Client) -> None:
    referral = a_referral(S.SENT)
    log_in(client, specialist())
    response = client.post(detail_url(referral), {"step": "decline", "decline-note": "Kept note"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_decline-reason"' in summary(html)
    assert "Select why the receiver declined" in html
    assert "Kept note</textarea>" in html
    referral.refresh_from_db()
    assert referral.status == S.SENT


def test_an_unsuccessful_close_needs_its_reason(client: Client) -> None:
    referral = a_referral(S.STARTED)
    log_in(client, specialist())
    response = client.post(detail_url(referral), {"step": "close", "close-outcome": "unsuccessful"})
    assert "Select why the referral was not successful" in summary(response.content.decode())
    client.post(
        detail_url(referral),
        {"step": "close", "close-outcome": "unsuccessful", "close-reason": "could_not_contact"},
    )
    referral.refresh_from_db()
    assert (referral.status, referral.reason) == (S.CLOSED_UNSUCCESSFUL, "could_not_contact")


def test_a_step_someone_else_took_first_is_explained_not_a_crash(client: Client) -> None:
    referral = a_referral(S.SENT)
    log_in(client, specialist())
    page(client, detail_url(referral))
    Referral.objects.filter(pk=referral.pk).update(status=S.DECLINED)
    response = client.post(detail_url(referral), {"step": "accept"})
    html = response.content.decode()
    assert response.status_code == 200
    errors = summary(html)
    assert "now “declined”" in errors and 'href="#steps"' in errors
    assert 'name="step"' not in html, "the page shows the referral as it is now"


def test_sending_to_a_receiver_with_an_address_e_mails_the_link(client: Client) -> None:
    referral = a_referral(receiver=a_service(email="dc@example.org"))
    log_in(client, specialist())
    client.post(detail_url(referral), {"step": "send"})
    assert [m.to for m in mail.outbox] == [["dc@example.org"]]
    assert "We e-mailed the receiver" in page(client, detail_url(referral))


def test_sending_to_a_receiver_without_an_address_shows_the_link_to_hand_over(client: Client) -> None:
    referral = a_referral(receiver=an_organization())
    log_in(client, specialist())
    client.post(detail_url(referral), {"step": "send"})
    html = page(client, detail_url(referral))
    assert mail.outbox == []
    assert "has no e-mail address" in html
    assert re.search(r"<code>http[^<]+/referrals/answer/[^<]+/</code>", html)


# --- the follow-up --------------------------------------------------------------------------------------


def test_the_follow_up_date_and_follower_are_changed(client: Client) -> None:
    member, colleague = specialist(), specialist()
    referral = a_referral(S.SENT, by=member)
    log_in(client, member)
    url = f"{detail_url(referral)}follow-up/"
    assert colleague.get_username() in page(client, url)
    day = timezone.localdate() + datetime.timedelta(days=9)
    response = client.post(url, {"follow_up_on": day.isoformat(), "assigned_to": str(colleague.pk)})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.follow_up_on, referral.assigned_to) == (day, colleague)
    assert history(referral).filter(action="grizha.referral.follow_up_set", actor=member).exists()


def test_someone_of_another_mayoralty_cannot_follow_the_referral(client: Client) -> None:
    member, stranger = specialist(), specialist(byala())
    referral = a_referral(S.SENT, by=member)
    log_in(client, member)
    url = f"{detail_url(referral)}follow-up/"
    response = client.post(url, {"follow_up_on": tomorrow().isoformat(), "assigned_to": str(stranger.pk)})
    assert "Choose who follows the referral" in summary(response.content.decode())
    referral.refresh_from_db()
    assert referral.assigned_to == member


def test_a_follow_up_date_in_the_past_is_refused(client: Client) -> None:
    member = specialist()
    referral = a_referral(S.SENT, by=member)
    log_in(client, member)
    response = client.post(
        f"{detail_url(referral)}follow-up/", {"follow_up_on": "2020-01-01", "assigned_to": str(member.pk)}
    )
    assert "The follow-up date must be today or later" in summary(response.content.decode())
