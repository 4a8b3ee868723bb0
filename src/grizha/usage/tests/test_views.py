"""The feedback form on every service page, without JavaScript and through the page cache; and the editors'
page of feedback, views and searches, for the editors of the municipality alone."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, staff_member
from grizha.casework.tests.factories import shown_minutes_ago
from grizha.catalog.models import Service
from grizha.usage.models import Feedback, MissedSearch, PageView
from grizha.usage.services import feedback_record
from grizha.usage.tests.conftest import BROWSER, a_service, another_municipalitys_office, two_services

pytestmark = pytest.mark.django_db

HIDDEN = re.compile(r'<input type="hidden" name="(csrfmiddlewaretoken|started)" value="([^"]+)">')


def answers(**changes: Any) -> dict[str, Any]:
    return {"useful": "no", "comment": "", "started": shown_minutes_ago(), "website": ""} | changes


def feedback_url(service: Service) -> str:
    return reverse("usage:feedback", args=[service.id])


# --- the public form ---------------------------------------------------------------------------------


def test_every_service_page_asks_whether_it_was_useful(client: Client) -> None:
    service = a_service()
    with translation.override("en"):
        page = client.get(f"/en/services/{service.id}/").content.decode()
    assert "<legend><h2" in page and "Was this page useful?" in page
    assert f'action="/en/services/{service.id}/feedback/"' in page
    assert 'type="radio"' in page and 'name="useful" value="yes"' in page and 'name="useful" value="no"' in page
    assert "<textarea" in page and "personal number" in page


def test_a_cached_service_page_gives_each_visitor_a_form_they_can_send(client: Client, settings: Any) -> None:
    """Without JavaScript, with CSRF checked as a browser's post is: the page comes from the page cache the
    second time, yet each visitor's form carries their own token, and it is accepted."""
    settings.GRIZHA_FORM_MIN_SECONDS = 0
    service = a_service()
    url = f"/services/{service.id}/"
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_fields = dict(HIDDEN.findall(first.get(url, **BROWSER).content.decode()))
    with CaptureQueriesContext(connection) as queries:
        page = second.get(url, **BROWSER).content.decode()
    assert len(queries) == 1  # the catalog version: the page came from the page cache
    fields = dict(HIDDEN.findall(page))
    assert set(fields) == set(first_fields) == {"csrfmiddlewaretoken", "started"}
    assert fields["csrfmiddlewaretoken"] != first_fields["csrfmiddlewaretoken"]
    assert "feedback-guard" not in page
    response = second.post(
        feedback_url(service),
        {"useful": "yes", "comment": "Ясно и кратко.", "website": "", **fields},
        **BROWSER,
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("usage:feedback-sent", args=[service.id])
    kept = Feedback.objects.get()
    assert (kept.service_id, kept.useful, kept.comment, kept.language) == (service.id, True, "Ясно и кратко.", "bg")
    thanks = second.get(response["Location"]).content.decode()
    assert "Благодарим" in thanks or "Thank you" in thanks
    assert f'href="/services/{service.id}/"' in thanks


def test_a_form_without_its_csrf_token_is_refused(client: Client) -> None:
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(feedback_url(a_service()), answers(), **BROWSER)
    assert response.status_code == 403
    assert Feedback.objects.count() == 0


def test_an_answer_is_kept_with_the_comment_masked(client: Client) -> None:
    service = a_service()
    comment = "Телефонът на страницата не отговаря, моят е 0888 123 456"
    response = client.post(feedback_url(service), answers(comment=comment))
    assert response.status_code == 302
    kept = Feedback.objects.get()
    assert kept.useful is False and kept.comment == "Телефонът на страницата не отговаря, моят е ***"


def test_a_missing_answer_is_said_at_the_top_and_beside_the_question(client: Client) -> None:
    service = a_service()
    response = client.post(feedback_url(service), answers(useful="", comment="Нещо"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Грешка:" in page
    assert page.count("Изберете „да“, ако страницата е била полезна") == 2
    assert 'href="#id_useful_0"' in page and 'id="id_useful-error"' in page
    assert ">Нещо</textarea>" in page  # the comment is kept
    assert "csrfmiddlewaretoken" in page  # shown fresh, so it can be sent again
    assert Feedback.objects.count() == 0


def test_a_missing_answer_is_said_in_english_on_the_english_page(client: Client) -> None:
    service = a_service()
    with translation.override("en"):
        response = client.post(f"/en/services/{service.id}/feedback/", answers(useful=""))
    page = response.content.decode()
    assert "<title>Error:" in page and page.count("Choose yes if this page was useful, or no if it was not") == 2


def test_a_comment_that_is_too_long_is_refused_with_a_message(client: Client) -> None:
    response = client.post(feedback_url(a_service()), answers(comment="а" * 1001))
    assert 'id="id_comment-error"' in response.content.decode() and Feedback.objects.count() == 0


def test_a_form_sent_at_once_is_taken_for_a_robots(client: Client) -> None:
    response = client.post(feedback_url(a_service()), answers(started=""))
    assert response.status_code == 200 and Feedback.objects.count() == 0


def test_a_filled_trap_is_refused_without_keeping_anything(client: Client) -> None:
    response = client.post(feedback_url(a_service()), answers(website="http://spam.example"))
    assert response.status_code == 400 and Feedback.objects.count() == 0


def test_too_many_answers_from_one_address_are_refused_kindly(client: Client) -> None:
    service = a_service()
    for _ in range(40):
        assert client.post(feedback_url(service), answers()).status_code == 302
    response = client.post(feedback_url(service), answers(comment="Още"))
    assert response.status_code == 429 and ">Още</textarea>" in response.content.decode()
    assert Feedback.objects.count() == 40


def test_the_form_of_an_unknown_or_defunct_service_is_not_found(client: Client) -> None:
    assert client.get("/services/00000000-0000-0000-0000-000000000000/feedback/").status_code == 404
    service = a_service()
    Service.objects.filter(id=service.id).update(status=Service.Status.DEFUNCT)
    assert client.post(feedback_url(service), answers()).status_code == 404


# --- the editors' page --------------------------------------------------------------------------------

THIS_YEAR = {"start": f"{timezone.localdate():%Y}-01", "end": f"{timezone.localdate():%Y}-12"}


def editor(client: Client, role: str = Role.CATALOG_EDITOR, **member: Any) -> Client:
    return log_in(client, staff_member(role, **member))


def _figures() -> tuple[Service, Service]:
    first, second = two_services()
    today = timezone.localdate()
    PageView.objects.create(service=first, day=today, count=40)
    PageView.objects.create(service=second, day=today, count=12)
    PageView.objects.create(service=first, day=date(2001, 1, 1), count=999)  # outside the period
    for useful in [True] * 6 + [False] * 5:
        feedback_record(service=first, useful=useful)
    feedback_record(service=second, useful=False, comment="Няма работно време за събота")
    MissedSearch.objects.create(query="жирафи луната", municipality="SLV20", day=today, count=7)
    MissedSearch.objects.create(query="морски круиз", municipality="BGS01", day=today, count=9)
    return first, second


def test_an_editor_sees_views_answers_comments_and_searches_of_the_municipality(client: Client) -> None:
    first, second = _figures()
    response = editor(client).get(reverse("usage-staff:overview"), THIS_YEAR)
    page = response.content.decode()
    assert response.status_code == 200
    assert first.name in page and second.name in page
    assert "40" in page and "999" not in page
    assert "54,5" in page  # 6 of 11 found the page of the first service useful (staff pages are in Bulgarian)
    assert "Няма работно време за събота" in page
    assert "жирафи луната" in page and "морски круиз" not in page  # another municipality's search


def test_the_figures_download_as_csv_with_small_groups_hidden(client: Client) -> None:
    first, second = _figures()
    client = editor(client)
    url = reverse("usage-staff:download", args=["service-pages", "csv"])
    rows = list(csv.reader(io.StringIO(client.get(url, THIS_YEAR).content.decode("utf-8-sig"))))
    by_name = {row[0]: row[1:] for row in rows[1:]}
    assert by_name[first.name] == ["40", "6", "5", "54.5"]
    assert by_name[second.name][0] == "12" and by_name[second.name][2] == "по-малко от 5"
    assert by_name[second.name][3] == "по-малко от 5"  # the share would give the small group away
    searches = client.get(reverse("usage-staff:download", args=["missed-searches", "xlsx"]), THIS_YEAR)
    assert searches.status_code == 200 and searches.content[:2] == b"PK"


def test_an_unknown_table_or_format_is_not_found(client: Client) -> None:
    client = editor(client)
    assert client.get(reverse("usage-staff:download", args=["people", "csv"])).status_code == 404
    assert client.get(reverse("usage-staff:download", args=["service-pages", "pdf"])).status_code == 404


@pytest.mark.parametrize("role", [Role.FRONT_OFFICE, Role.ANALYST, Role.DATA_PROTECTION])
def test_staff_who_do_not_edit_the_catalog_may_not_see_it(client: Client, role: str) -> None:
    client = editor(client, role)
    assert client.get(reverse("usage-staff:overview")).status_code == 403
    assert client.get(reverse("usage-staff:download", args=["service-pages", "csv"])).status_code == 403


def test_the_public_is_sent_to_log_in(client: Client) -> None:
    response = client.get(reverse("usage-staff:overview"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_editor_of_another_municipality_sees_only_their_own(client: Client) -> None:
    _figures()
    client = editor(client, office=another_municipalitys_office())
    response = client.get(reverse("usage-staff:overview"), THIS_YEAR | {"area": "SLV20"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="SLV20"' not in page and 'aria-invalid="true"' in page
    assert "жирафи луната" not in page and "Няма работно време" not in page
    assert "морски круиз" in page
    url = reverse("usage-staff:download", args=["missed-searches", "csv"])
    assert "жирафи" not in client.get(url, THIS_YEAR | {"area": "SLV20"}).content.decode("utf-8-sig")


def test_a_national_editor_sees_the_whole_country_and_any_municipality(client: Client) -> None:
    _figures()
    client = editor(client, Role.NATIONAL_EDITOR)
    page = client.get(reverse("usage-staff:overview"), THIS_YEAR).content.decode()
    assert "жирафи луната" in page and "морски круиз" in page
    page = client.get(reverse("usage-staff:overview"), THIS_YEAR | {"area": "BGS01"}).content.decode()
    assert "морски круиз" in page and "жирафи луната" not in page


def test_the_staff_home_of_an_editor_links_to_the_page(client: Client) -> None:
    page = editor(client).get(reverse("staff-home")).content.decode()
    assert reverse("usage-staff:overview") in page


def test_the_editors_page_asks_the_same_number_of_queries_whatever_the_data(client: Client) -> None:
    client = editor(client)
    client.get(reverse("usage-staff:overview"), THIS_YEAR)
    with CaptureQueriesContext(connection) as empty:
        client.get(reverse("usage-staff:overview"), THIS_YEAR)
    _figures()
    for service in Service.objects.filter(municipality_id="SLV20")[:5]:
        feedback_record(service=service, useful=False, comment="Още един коментар")
    with CaptureQueriesContext(connection) as full:
        client.get(reverse("usage-staff:overview"), THIS_YEAR)
    assert len(full) == len(empty)
