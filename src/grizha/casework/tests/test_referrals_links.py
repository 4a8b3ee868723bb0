"""The receiver's signed link: it opens its referral and nothing else, for a limited time; through it the
receiver accepts or declines, later says the service started, without an account; a tampered or old link,
or a step already taken, is explained in words, never a crash."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client

from grizha.casework.models import Referral
from grizha.casework.services.referral_links import referral_link_open, referral_link_url, referral_token
from grizha.casework.services.referrals import referral_accept
from grizha.casework.tests.referrals_testing import a_person, a_referral, specialist
from grizha.core.audit import history

pytestmark = pytest.mark.django_db

S = Referral.Status
DAY = 24 * 60 * 60


def answer_url(referral: Referral, *, english: bool = True) -> str:
    return f"{'/en' if english else ''}/referrals/answer/{referral_token(referral)}/"


def old_token(referral: Referral, days: int) -> str:
    with mock.patch("time.time", return_value=time.time() - days * DAY):
        return referral_token(referral)


def summary(html: str) -> str:
    found = re.search(r'<div class="error-summary".*?</ul>', html, re.S)
    assert found, "no error summary"
    return found.group(0)


# --- the token ------------------------------------------------------------------------------------------


def test_a_token_opens_its_referral() -> None:
    referral = a_referral(S.SENT)
    assert referral_link_open(referral_token(referral)).referral == referral


def test_a_token_carries_the_referrals_id_and_nothing_personal() -> None:
    person = a_person(share=True, given_name="Гергана")
    referral = a_referral(S.SENT, person=person)
    token = referral_token(referral)
    value, _stamp, _signature = token.split(":")
    assert value == str(referral.pk)
    assert str(person.pk) not in token


def test_a_changed_token_opens_nothing() -> None:
    referral, other = a_referral(S.SENT), a_referral(S.SENT)
    token = referral_token(referral)
    forged = token.replace(str(referral.pk), str(other.pk))
    assert referral_link_open(forged).referral is None
    assert referral_link_open(token[:-2]).referral is None
    assert referral_link_open("").referral is None


def test_a_token_signed_for_another_purpose_opens_nothing() -> None:
    from django.core.signing import TimestampSigner

    referral = a_referral(S.SENT)
    assert referral_link_open(TimestampSigner(salt="other").sign(str(referral.pk))).referral is None


def test_a_token_older_than_the_allowed_days_has_expired() -> None:
    referral = a_referral(S.SENT)
    days = settings.GRIZHA_REFERRAL_LINK_DAYS
    assert referral_link_open(old_token(referral, days - 1)).referral == referral
    opened = referral_link_open(old_token(referral, days + 1))
    assert opened.referral is None and opened.expired
    assert opened.office == referral.office


def test_the_link_opens_the_bulgarian_page_by_default() -> None:
    url = referral_link_url(a_referral(S.SENT))
    assert url.startswith(settings.GRIZHA_BASE_URL + "/referrals/answer/")


# --- the receiver's page --------------------------------------------------------------------------------


def test_the_page_shows_what_is_referred_and_whom_to_ask(client: Client) -> None:
    referral = a_referral(S.SENT, person=a_person(given_name="Гергана"))
    html = client.get(answer_url(referral)).content.decode()
    assert referral.reference in html
    assert referral.receiver_name in html
    assert "Meals and food" in html
    assert referral.why in html
    assert referral.office.phone in html
    assert "Гергана" not in html, "the person did not agree to be named"
    assert "will tell you who the person is" in html
    assert 'name="robots" content="noindex' in html


def test_the_page_names_a_person_who_agreed(client: Client) -> None:
    referral = a_referral(S.SENT, person=a_person(share=True, given_name="Гергана"))
    assert "Гергана" in client.get(answer_url(referral)).content.decode()


def test_the_page_is_also_in_bulgarian(client: Client) -> None:
    referral = a_referral(S.SENT)
    response = client.get(answer_url(referral, english=False))
    assert response.status_code == 200
    assert 'lang="bg"' in response.content.decode()


def test_the_receiver_accepts_then_says_the_service_started(client: Client) -> None:
    referral = a_referral(S.SENT)
    url = answer_url(referral)
    response = client.post(url, {"answer": "accept", "note": "From Monday"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?answered=1"
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED
    event = history(referral).get(action="grizha.referral.accept")
    assert (event.actor, event.data["via"], event.reason) == (None, "link", "From Monday")

    html = client.get(response["Location"]).content.decode()
    assert "your answer is saved" in html
    assert 'name="answer" value="start"' in html
    client.post(url, {"answer": "start"})
    referral.refresh_from_db()
    assert referral.status == S.STARTED
    assert history(referral).get(action="grizha.referral.start").data["via"] == "link"


def test_the_receiver_declines_with_a_reason(client: Client) -> None:
    referral = a_referral(S.SENT)
    client.post(answer_url(referral), {"answer": "decline", "reason": "no_capacity", "note": "Full until May"})
    referral.refresh_from_db()
    assert (referral.status, referral.reason, referral.reason_note) == (S.DECLINED, "no_capacity", "Full until May")
    assert history(referral).get(action="grizha.referral.decline").actor is None


def test_a_decline_without_a_reason_says_to_choose_one(client: Client) -> None:
    referral = a_referral(S.SENT)
    response = client.post(answer_url(referral), {"answer": "decline", "note": "Kept"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_reason"' in summary(html)
    assert "<title>Error:" in html
    assert ">Kept</textarea>" in html
    referral.refresh_from_db()
    assert referral.status == S.SENT


def test_no_answer_chosen_says_to_choose_one(client: Client) -> None:
    response = client.post(answer_url(a_referral(S.SENT)), {})
    assert "Select whether you accept the referral" in summary(response.content.decode())


def test_an_answer_already_given_is_explained(client: Client) -> None:
    referral = a_referral(S.SENT)
    referral_accept(referral=referral, by=specialist())
    response = client.post(answer_url(referral), {"answer": "decline", "reason": "no_capacity"})
    html = response.content.decode()
    assert response.status_code == 200
    errors = summary(html)
    assert "now “accepted”" in errors and 'href="#status"' in errors
    assert 'name="answer" value="start"' in html, "the page offers what is left to do"
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED


@pytest.mark.parametrize("status", [S.DECLINED, S.STARTED, S.CLOSED_UNSUCCESSFUL, S.WITHDRAWN])
def test_a_referral_with_nothing_left_to_answer_says_so(client: Client, status: str) -> None:
    html = client.get(answer_url(a_referral(status))).content.decode()
    assert f'<strong class="tag">{Referral.Status(status).label}</strong>' in html
    assert 'name="answer"' not in html


def test_a_tampered_link_says_it_does_not_work_and_whom_to_call(client: Client) -> None:
    referral = a_referral(S.SENT)
    response = client.get(answer_url(referral)[:-3] + "x/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "This link does not work" in html
    assert "+359 44 611 100" in html, "the central office's phone"


def test_an_expired_link_says_so_and_gives_the_referring_offices_phone(client: Client) -> None:
    referral = a_referral(S.SENT)
    token = old_token(referral, settings.GRIZHA_REFERRAL_LINK_DAYS + 1)
    response = client.get(f"/en/referrals/answer/{token}/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "too old" in html
    assert referral.office.phone in html
    assert client.post(f"/en/referrals/answer/{token}/", {"answer": "accept"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == S.SENT


def test_an_answer_without_the_forms_csrf_token_is_refused() -> None:
    referral = a_referral(S.SENT)
    response = Client(enforce_csrf_checks=True).post(answer_url(referral), {"answer": "accept"})
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == S.SENT


def test_the_page_is_never_cached(client: Client) -> None:
    response = client.get(answer_url(a_referral(S.SENT)))
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
