from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grizha.accounts.testing import office_of
from grizha.analytics.models import SurveyAnswer
from grizha.analytics.selectors.filters import Filters
from grizha.analytics.selectors.survey import satisfaction
from grizha.analytics.services.survey import survey_answer_record
from grizha.analytics.tables import SUPPRESSED
from grizha.casework.tests.factories import shown_minutes_ago

pytestmark = pytest.mark.django_db


def answers(**changes: Any) -> dict[str, Any]:
    return {
        "occasion": "consultation",
        "rating": "4",
        "respected": "yes",
        "got_help": "partly",
        "easy": "yes",
        "comment": "",
        "started": shown_minutes_ago(),
        "website": "",
    } | changes


def test_the_survey_keeps_the_answers_for_the_office_of_the_link(client: Client) -> None:
    office = office_of()
    page = client.get(reverse("analytics:survey"), {"office": str(office.id)})
    assert office.name in page.content.decode()
    response = client.post(reverse("analytics:survey"), answers(office=str(office.id)))
    assert response.status_code == 302 and response["Location"] == reverse("analytics:survey-sent")
    kept = SurveyAnswer.objects.get()
    assert (kept.office_id, kept.rating, kept.got_help) == (office.id, 4, "partly")
    assert kept.municipality_id == office.municipality_id


def test_an_unanswered_question_is_said_in_bulgarian_and_nothing_is_kept(client: Client) -> None:
    response = client.post(reverse("analytics:survey"), answers(respected=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Изберете да, отчасти или не") == 2  # in the summary at the top and beside the question
    assert SurveyAnswer.objects.count() == 0


def test_an_altered_link_is_left_out_rather_than_refused(client: Client) -> None:
    client.post(
        reverse("analytics:survey"), answers(office="not-an-id", service="00000000-0000-0000-0000-000000000000")
    )
    kept = SurveyAnswer.objects.get()
    assert kept.office_id is None and kept.service_id is None


def test_a_robot_that_fills_the_trap_is_refused(client: Client) -> None:
    response = client.post(reverse("analytics:survey"), answers(website="http://spam.example"))
    assert response.status_code in (400, 403, 200)
    assert SurveyAnswer.objects.count() == 0


def test_the_survey_works_in_english(client: Client) -> None:
    page = client.get("/en/survey/").content.decode()
    assert "How did we do?" in page and 'lang="en"' in page


def record(n: int, **fields: Any) -> None:
    values = {"occasion": "consultation", "rating": 5, "respected": "yes", "got_help": "yes", "easy": "yes"} | fields
    for _ in range(n):
        survey_answer_record(**values)


def test_satisfaction_counts_answers_and_hides_a_small_group(municipality: str) -> None:
    record(12, rating=5)
    record(6, rating=4, respected="partly")
    record(2, rating=1, respected="no")
    today = timezone.localdate()
    tables = satisfaction(Filters(start=date(today.year, 1, 1), end=date(today.year, 12, 1), area=municipality))
    ratings, questions = tables
    by_rating = dict(zip((value for value, _label in SurveyAnswer.RATINGS), ratings.rows, strict=True))
    assert by_rating[5][1] == 12
    assert by_rating[1][1] is SUPPRESSED
    # Of yes 12, partly 6 and no 2 with the total shown, the 2 is hidden and so is the next smallest.
    assert questions.rows[0][1:] == [12, SUPPRESSED, SUPPRESSED, 20]
