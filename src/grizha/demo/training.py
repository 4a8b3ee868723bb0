"""The demo's staff development: two trainings of the front office (one done, with scores and a
certificate; one to come), a group supervision with its agreed actions, and the project's indicators.
Run again, it adds only what is missing."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from grizha.territory.models import Office
from grizha.training.models import Competence, Indicator, Participant, SupervisionSession, Training
from grizha.training.services.certificates import certificate_issue


def _training(title: str, **fields: object) -> tuple[Training, bool]:
    return Training.objects.get_or_create(municipality_id=settings.GRIZHA_MUNICIPALITY, title=title, defaults=fields)


def ensure_demo_training() -> None:
    users = get_user_model().objects
    manager = users.get(username="manager")
    today = timezone.localdate()
    done, created = _training(
        "Общуване с хора с увреждания и лесен за четене език",
        description="Как да говорим и пишем така, че всеки да разбере; работа с преводач на жестов език.",
        starts_on=today - timedelta(days=60),
        ends_on=today - timedelta(days=59),
        trainer="Сдружение „Достъпна среда“",
        hours=16,
        project="Грижа в общността",
    )
    if created:
        done.competences.set(Competence.objects.filter(code__in=["accessible-communication", "ethics"]))
        results = [("frontoffice", 45, 80), ("bikovo", 60, 65), ("caseworker", 55, None)]
        for username, before, after in results:
            user = users.get(username=username)
            Participant.objects.create(
                training=done,
                user=user,
                name=user.get_full_name() or username,
                attended=True,
                score_before=before,
                score_after=after,
            )
        Participant.objects.create(
            training=done,
            name="Петя Колева",
            organisation="Център за обществена подкрепа",
            attended=True,
            score_before=50,
            score_after=72,
        )
        certificate_issue(participant=done.participants.get(user__username="frontoffice"), by=manager)
    coming, created = _training(
        "Оценка на потребностите и насочване",
        starts_on=today + timedelta(days=21),
        ends_on=today + timedelta(days=21),
        trainer="Дирекция „Социално подпомагане“ – Сливен",
        hours=8,
        format=Training.Format.BLENDED,
        project="Грижа в общността",
    )
    if created:
        coming.competences.set(Competence.objects.filter(code="needs-assessment"))
    if not SupervisionSession.objects.filter(office__municipality_id=settings.GRIZHA_MUNICIPALITY).exists():
        office = Office.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY, kind=Office.Kind.CENTRAL).first()
        if office is not None:
            session = SupervisionSession.objects.create(
                office=office,
                kind=SupervisionSession.Kind.GROUP,
                held_on=today - timedelta(days=14),
                hours=2,
                supervisor="Мария Георгиева, психолог",
                topics="Трудни разговори по телефона; граници в работата.",
            )
            session.participants.set(users.filter(username__in=["frontoffice", "bikovo", "caseworker"]))
            session.actions.create(what="Общ списък с отговори на честите въпроси", due_on=today + timedelta(days=14))
            session.actions.create(
                what="Среща с ДСП за насочванията", due_on=today - timedelta(days=3), done_on=today - timedelta(days=5)
            )
    year = today.year
    for position, (name, rule, target) in enumerate(
        [
            ("Лица с повишени компетентности", "improved_competences", 40),
            ("Проведени консултации", "consultations_given", 600),
            ("Раздадени листовки", "leaflets_handed_out", 2000),
        ]
    ):
        Indicator.objects.get_or_create(
            municipality_id=settings.GRIZHA_MUNICIPALITY,
            name=name,
            defaults={
                "project": "Грижа в общността",
                "rule": rule,
                "target": target,
                "margin": 10,
                "starts_on": date(year, 1, 1),
                "ends_on": date(year, 12, 31),
                "position": position,
            },
        )
