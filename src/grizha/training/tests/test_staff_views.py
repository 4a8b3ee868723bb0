from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, office_of, staff_member
from grizha.casework.models import Consultation
from grizha.core.models import AuditEvent
from grizha.training.models import Competence, CompetenceLevel, Indicator, Participant, SupervisionSession, Training

pytestmark = pytest.mark.django_db


def manager(client: Client) -> tuple[Client, Any]:
    user = staff_member(Role.OFFICE_MANAGER)
    return log_in(client, user), user


def training_answers(**changes: Any) -> dict[str, Any]:
    return {
        "title": "Общуване с хора с увреждания",
        "starts_on": "2026-03-10",
        "ends_on": "2026-03-11",
        "trainer": "Д-р Петрова",
        "hours": "16",
        "format": "in_person",
    } | changes


def a_training(**fields: Any) -> Training:
    values = {
        "municipality_id": "SLV20",
        "title": "Закрила на детето",
        "starts_on": date(2026, 3, 10),
        "ends_on": date(2026, 3, 10),
        "trainer": "Иван Иванов",
        "hours": 8,
    } | fields
    return Training.objects.create(**values)


def test_a_manager_adds_a_training_and_it_is_audited(client: Client) -> None:
    client, _user = manager(client)
    competence = Competence.objects.get(code="accessible-communication")
    response = client.post(reverse("staff-training-new"), training_answers(competences=[str(competence.id)]))
    training = Training.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("staff-training", args=[training.id])
    assert list(training.competences.all()) == [competence]
    assert AuditEvent.objects.filter(action="grizha.training.saved", object_id=str(training.id)).exists()


def test_a_last_day_before_the_first_is_said_and_nothing_is_saved(client: Client) -> None:
    client, _user = manager(client)
    response = client.post(reverse("staff-training-new"), training_answers(ends_on="2026-03-01"))
    assert "Последният ден не може да е преди първия" in response.content.decode()
    assert Training.objects.count() == 0


def test_a_front_office_specialist_keeps_no_trainings_but_sees_their_own_record(client: Client) -> None:
    client = log_in(client, staff_member(Role.FRONT_OFFICE))
    assert client.get(reverse("staff-trainings")).status_code == 403
    assert client.get(reverse("staff-training-record")).status_code == 200


def test_a_training_of_another_municipality_is_not_found(client: Client) -> None:
    client, _user = manager(client)
    training = a_training(municipality_id="BGS01")
    assert client.get(reverse("staff-training", args=[training.id])).status_code == 404


def test_a_member_of_staff_is_added_once(client: Client) -> None:
    client, _user = manager(client)
    training = a_training()
    colleague = staff_member(Role.FRONT_OFFICE, first_name="Мария", last_name="Иванова")
    url = reverse("staff-training", args=[training.id])
    client.post(url, {"user": str(colleague.id)})
    response = client.post(url, {"user": str(colleague.id)})
    assert Participant.objects.get().name == "Мария Иванова"
    assert "вече" in response.content.decode()  # already on the training


def test_someone_without_an_account_needs_a_name(client: Client) -> None:
    client, _user = manager(client)
    training = a_training()
    url = reverse("staff-training", args=[training.id])
    response = client.post(url, {"organisation": "Доставчик ООД"})
    assert 'aria-invalid="true"' in response.content.decode()
    client.post(url, {"name": "Петя Колева", "organisation": "Доставчик ООД"})
    assert Participant.objects.get().organisation == "Доставчик ООД"


def test_a_score_over_100_is_refused_and_the_results_are_kept_otherwise(client: Client) -> None:
    client, _user = manager(client)
    participant = Participant.objects.create(training=a_training(), name="Петя Колева")
    url = reverse("staff-training-participant", args=[participant.training_id, participant.id])
    response = client.post(url, {"attended": "on", "score_before": "40", "score_after": "140"})
    assert "от 0 до 100" in response.content.decode()
    client.post(url, {"attended": "on", "score_before": "40", "score_after": "75"})
    participant.refresh_from_db()
    assert (participant.attended, participant.score_before, participant.score_after) == (True, 40, 75)


def test_individual_supervision_takes_exactly_one_participant(client: Client) -> None:
    client, _user = manager(client)
    one, two = staff_member(), staff_member()
    answers = {
        "office": str(office_of().id),
        "kind": "individual",
        "held_on": "2026-04-02",
        "hours": "2",
        "supervisor": "Супервизор Петров",
        "topics": "Трудни разговори",
        "participants": [str(one.id), str(two.id)],
    }
    response = client.post(reverse("staff-supervisions"), answers)
    assert "точно един" in response.content.decode()
    client.post(reverse("staff-supervisions"), answers | {"kind": "group"})
    assert SupervisionSession.objects.get().participants.count() == 2


def test_an_agreed_action_is_done_on_a_day(client: Client) -> None:
    client, _user = manager(client)
    session = SupervisionSession.objects.create(
        office=office_of(), kind="group", held_on=date(2026, 4, 2), hours=2, supervisor="С. П.", topics="Теми"
    )
    client.post(
        reverse("staff-supervision", args=[session.id]), {"what": "Да се обнови листовката", "due_on": "2026-05-01"}
    )
    action = session.actions.get()
    client.post(reverse("staff-supervision-action", args=[session.id, action.id]), {"done_on": "2026-04-20"})
    action.refresh_from_db()
    assert action.done_on == date(2026, 4, 20)


def test_the_record_shows_a_gap_and_a_coming_training_that_closes_it(client: Client) -> None:
    client, _user = manager(client)
    colleague = staff_member(Role.FRONT_OFFICE)
    competence = Competence.objects.get(code="needs-assessment")
    CompetenceLevel.objects.create(user=colleague, competence=competence, level=1, assessed_on=date(2026, 1, 5))
    coming = a_training(
        title="Оценка на потребностите",
        starts_on=timezone.localdate() + timedelta(days=10),
        ends_on=timezone.localdate() + timedelta(days=10),
    )
    coming.competences.add(competence)
    page = client.get(reverse("staff-training-record-of", args=[colleague.id])).content.decode()
    assert "Оценка на потребностите" in page and "tag--warning" in page


def test_a_manager_assesses_a_colleague_but_not_themselves(client: Client) -> None:
    client, user = manager(client)
    colleague = staff_member(Role.FRONT_OFFICE)
    competence = Competence.objects.get(code="data-protection")
    client.post(reverse("staff-training-competences", args=[colleague.id]), {f"c_{competence.id.hex}": "2"})
    assert CompetenceLevel.objects.get(user=colleague, competence=competence).level == 2
    assert client.get(reverse("staff-training-competences", args=[user.id])).status_code == 404


def test_an_indicator_is_added_and_its_progress_downloads_as_excel(client: Client) -> None:
    client, _user = manager(client)
    response = client.post(
        reverse("staff-indicators"),
        {
            "name": "Проведени консултации",
            "rule": "consultations_given",
            "margin": "10",
            "target": "200",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
    )
    assert response.status_code == 302 and Indicator.objects.get().target == 200
    page = client.get(reverse("staff-indicators")).content.decode()
    assert "Проведени консултации" in page
    download = client.get(reverse("staff-indicators-download", args=["xlsx"]))
    assert download.status_code == 200 and download.content[:2] == b"PK"


def test_the_indicators_page_draws_each_indicator_s_share_of_its_target(client: Client) -> None:
    client, user = manager(client)
    Indicator.objects.create(
        municipality_id="SLV20",
        name="Проведени консултации",
        rule="consultations_given",
        target=10,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    when = timezone.make_aware(datetime(2026, 5, 5, 10))  # noqa: DTZ001 (made aware in the project zone)
    for _ in range(4):
        Consultation.objects.create(office=office_of(), specialist=user, occurred_at=when, channel="phone")
    page = client.get(reverse("staff-indicators")).content.decode()
    assert "<svg" in page and "40" in page


def test_people_trained_lists_someone_without_an_account_once_across_trainings(client: Client) -> None:
    client, _user = manager(client)
    first, second = a_training(title="Първо обучение"), a_training(title="Второ обучение")
    Participant.objects.create(training=first, name="Петя Колева", organisation="ЦОП", attended=True)
    Participant.objects.create(training=second, name="петя  колева", organisation="цоп", attended=True)
    page = client.get(reverse("staff-training-people")).content.decode()
    assert page.count("<section") == 1
    assert "Първо обучение" in page and "Второ обучение" in page and "16" in page
