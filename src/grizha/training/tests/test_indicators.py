from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from openpyxl import load_workbook

from grizha.accounts.testing import office_of, staff_member
from grizha.analytics.exports import table_xlsx
from grizha.casework.models import Consultation, Person
from grizha.catalog.models import Service
from grizha.paper.models import LeafletHandout
from grizha.territory.models import Office, Settlement
from grizha.training.indicators import RULE_CHOICES, RULES, indicator_value
from grizha.training.models import Indicator, Participant, SupervisionAction, SupervisionSession, Training
from grizha.training.selectors.indicators import indicator_progress, indicators_table

pytestmark = pytest.mark.django_db

SOFIA = ZoneInfo("Europe/Sofia")
OTHER_MUNICIPALITY = "BGS01"
STARTS_ON = date(2024, 1, 1)
ENDS_ON = date(2024, 12, 31)
IN_THE_PERIOD = date(2024, 6, 14)


def count(rule: str, *, margin: int = 10, municipality: str | None = None) -> int:
    """The rule's value for the test municipality over 2024."""
    return RULES[rule].compute(
        municipality=municipality or settings.GRIZHA_MUNICIPALITY, starts_on=STARTS_ON, ends_on=ENDS_ON, margin=margin
    )


def a_training(*, ends_on: date = IN_THE_PERIOD, hours: str = "8", municipality: str | None = None) -> Training:
    return Training.objects.create(
        municipality_id=municipality or settings.GRIZHA_MUNICIPALITY,
        title="Talking with a person in crisis",
        starts_on=min(ends_on, IN_THE_PERIOD),
        ends_on=ends_on,
        trainer="Trainer",
        hours=Decimal(hours),
    )


def a_participant(
    training: Training,
    *,
    before: int | None = 50,
    after: int | None = 70,
    attended: bool = True,
    name: str = "Maria Ivanova",
    **fields: Any,
) -> Participant:
    return Participant.objects.create(
        training=training, name=name, attended=attended, score_before=before, score_after=after, **fields
    )


def another_municipalitys_office() -> Office:
    settlement = Settlement.objects.filter(municipality_id=OTHER_MUNICIPALITY).first()
    assert settlement is not None, f"no settlement in {OTHER_MUNICIPALITY}"
    return Office.objects.create(
        municipality_id=OTHER_MUNICIPALITY,
        kind=Office.Kind.CENTRAL,
        name="Burgas central office",
        settlement=settlement,
        address="1 Aleksandrovska St",
    )


def a_service() -> Service:
    service = Service.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY).first()
    assert service is not None, "the demo municipality has no service"
    return service


def a_person(office: Office) -> Person:
    return Person.objects.create(office=office, given_name="Ivan", family_name="Petrov")


@pytest.fixture
def specialist() -> Any:
    return staff_member()


def a_consultation(
    specialist: Any, *, at: datetime | None = None, office: Office | None = None, person: Person | None = None
) -> Consultation:
    return Consultation.objects.create(
        office=office or office_of(),
        specialist=specialist,
        occurred_at=at or datetime(2024, 6, 14, 10, tzinfo=SOFIA),
        channel=Consultation.Channel.IN_PERSON,
        person=person,
    )


def a_session(*, held_on: date = IN_THE_PERIOD, office: Office | None = None) -> SupervisionSession:
    return SupervisionSession.objects.create(
        office=office or office_of(),
        kind=SupervisionSession.Kind.GROUP,
        held_on=held_on,
        hours=Decimal("2"),
        supervisor="Supervisor",
        topics="Burn-out",
    )


def an_action(session: SupervisionSession, *, done_on: date | None) -> SupervisionAction:
    return SupervisionAction.objects.create(session=session, what="Read the guide", due_on=ENDS_ON, done_on=done_on)


def an_indicator(rule: str = "people_trained", **fields: Any) -> Indicator:
    values = {
        "municipality_id": settings.GRIZHA_MUNICIPALITY,
        "name": "Staff trained",
        "project": "Better services",
        "target": 4,
        "starts_on": STARTS_ON,
        "ends_on": ENDS_ON,
    } | fields
    return Indicator.objects.create(rule=rule, **values)


# The registry


def test_the_choices_are_the_rules_in_their_order() -> None:
    assert [code for code, _label in RULE_CHOICES] == list(RULES)
    assert all(code == rule.code for code, rule in RULES.items())


@pytest.mark.parametrize("rule", list(RULES))
def test_a_rule_takes_at_most_two_queries(rule: str, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(2):
        count(rule)


def test_an_indicator_is_counted_with_its_own_margin() -> None:
    a_participant(a_training(), before=50, after=57)
    assert indicator_value(an_indicator("improved_competences", margin=5)) == 1
    assert indicator_value(an_indicator("improved_competences", margin=10)) == 0


def test_an_indicator_with_an_unknown_rule_is_an_error() -> None:
    with pytest.raises(LookupError):
        indicator_value(an_indicator("no_such_rule"))


# Improved competences


def test_a_person_improved_in_one_of_two_trainings_counts_once() -> None:
    user = staff_member()
    a_participant(a_training(), user=user, before=40, after=60)
    a_participant(a_training(), user=user, before=40, after=42)
    assert count("improved_competences") == 1


def test_a_person_improved_in_both_trainings_counts_once() -> None:
    user = staff_member()
    a_participant(a_training(), user=user, before=40, after=60)
    a_participant(a_training(), user=user, before=40, after=80)
    assert count("improved_competences") == 1


def test_someone_without_a_score_after_has_not_improved() -> None:
    a_participant(a_training(), before=40, after=None)
    assert count("improved_competences") == 0


def test_someone_without_a_score_before_has_not_improved() -> None:
    a_participant(a_training(), before=None, after=90)
    assert count("improved_competences") == 0


def test_someone_who_did_not_attend_has_not_improved() -> None:
    a_participant(a_training(), before=40, after=90, attended=False)
    assert count("improved_competences") == 0


def test_improving_by_exactly_the_margin_counts() -> None:
    a_participant(a_training(), before=40, after=50)
    assert count("improved_competences", margin=10) == 1


def test_improving_by_one_point_less_than_the_margin_does_not_count() -> None:
    a_participant(a_training(), before=40, after=49)
    assert count("improved_competences", margin=10) == 0


def test_a_training_that_ended_after_the_period_is_not_counted() -> None:
    a_participant(a_training(ends_on=date(2025, 1, 1)), before=40, after=90)
    assert count("improved_competences") == 0


def test_a_training_that_ended_before_the_period_is_not_counted() -> None:
    a_participant(a_training(ends_on=date(2023, 12, 31)), before=40, after=90)
    assert count("improved_competences") == 0


def test_a_training_that_ended_on_the_last_day_of_the_period_is_counted() -> None:
    a_participant(a_training(ends_on=ENDS_ON), before=40, after=90)
    assert count("improved_competences") == 1


def test_a_training_of_another_municipality_is_not_counted() -> None:
    a_participant(a_training(municipality=OTHER_MUNICIPALITY), before=40, after=90)
    assert count("improved_competences") == 0


# People trained


def test_people_trained_counts_those_who_attended() -> None:
    training = a_training()
    a_participant(training, name="Maria Ivanova")
    a_participant(training, name="Petar Petrov")
    a_participant(training, name="Georgi Georgiev", attended=False)
    assert count("people_trained") == 2


def test_a_member_of_staff_trained_twice_counts_once() -> None:
    user = staff_member()
    a_participant(a_training(), user=user)
    a_participant(a_training(), user=user)
    assert count("people_trained") == 1


def test_someone_without_an_account_is_known_by_their_email_across_trainings() -> None:
    a_participant(a_training(), name="Maria Ivanova", email="maria@example.org")
    a_participant(a_training(), name="M. Ivanova", email="Maria@Example.org ")
    assert count("people_trained") == 1


def test_someone_without_an_account_or_email_is_known_by_name_and_organisation() -> None:
    a_participant(a_training(), name="Maria Ivanova", organisation="Hope Foundation")
    a_participant(a_training(), name=" maria  IVANOVA", organisation="hope  foundation ")
    assert count("people_trained") == 1


def test_the_same_name_in_another_organisation_is_another_person() -> None:
    a_participant(a_training(), name="Maria Ivanova", organisation="Hope Foundation")
    a_participant(a_training(), name="Maria Ivanova", organisation="Caritas")
    assert count("people_trained") == 2


# Training person-hours


def test_person_hours_add_each_attendance_and_are_rounded_down() -> None:
    long_training = a_training(hours="7.5")
    a_participant(long_training, name="Maria Ivanova")
    a_participant(long_training, name="Petar Petrov")
    a_participant(long_training, name="Georgi Georgiev", attended=False)
    a_participant(a_training(hours="2.5"), name="Maria Ivanova")
    assert count("training_person_hours") == 17  # 7.5 + 7.5 + 2.5


def test_person_hours_are_zero_without_trainings() -> None:
    assert count("training_person_hours") == 0


# Consultations


def test_consultations_of_the_municipality_in_the_period_are_counted(specialist: Any) -> None:
    a_consultation(specialist)
    a_consultation(specialist)
    a_consultation(specialist, at=datetime(2025, 1, 5, 10, tzinfo=SOFIA))
    assert count("consultations_given") == 2


def test_consultations_of_another_municipality_are_not_counted(specialist: Any) -> None:
    a_consultation(specialist, office=another_municipalitys_office())
    assert count("consultations_given") == 0
    assert count("consultations_given", municipality=OTHER_MUNICIPALITY) == 1


def test_a_consultation_late_on_the_last_day_in_sofia_counts(specialist: Any) -> None:
    a_consultation(specialist, at=datetime(2024, 12, 31, 23, 30, tzinfo=SOFIA))  # 21:30 UTC
    assert count("consultations_given") == 1


def test_a_consultation_just_after_midnight_after_the_period_does_not_count(specialist: Any) -> None:
    a_consultation(specialist, at=datetime(2025, 1, 1, 0, 10, tzinfo=SOFIA))  # still 31 December in UTC
    assert count("consultations_given") == 0


def test_a_consultation_just_after_midnight_on_the_first_day_counts(specialist: Any) -> None:
    a_consultation(specialist, at=datetime(2024, 1, 1, 0, 10, tzinfo=SOFIA))  # still 31 December in UTC
    assert count("consultations_given") == 1


# People informed


def test_a_person_counts_once_and_each_anonymous_consultation_as_one(specialist: Any) -> None:
    person = a_person(office_of())
    a_consultation(specialist, person=person)
    a_consultation(specialist, person=person)
    a_consultation(specialist)
    a_consultation(specialist)
    assert count("people_informed") == 3


def test_people_informed_outside_the_period_are_not_counted(specialist: Any) -> None:
    a_consultation(specialist, person=a_person(office_of()), at=datetime(2023, 12, 31, 23, 30, tzinfo=SOFIA))
    a_consultation(specialist, at=datetime(2023, 12, 31, 23, 30, tzinfo=SOFIA))
    assert count("people_informed") == 0


# Leaflets


def test_leaflets_add_the_handouts_and_those_given_in_consultations(specialist: Any) -> None:
    service = a_service()
    other_service = Service.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY).exclude(id=service.id).first()
    assert other_service is not None
    LeafletHandout.objects.create(service=service, office=office_of(), handed_out_on=IN_THE_PERIOD, count=20)
    LeafletHandout.objects.create(service=service, office=office_of(), handed_out_on=ENDS_ON, count=5)
    a_consultation(specialist).leaflets_given.add(service, other_service)
    a_consultation(specialist).leaflets_given.add(service)
    a_consultation(specialist)
    assert count("leaflets_handed_out") == 20 + 5 + 3


def test_leaflets_outside_the_period_are_not_counted(specialist: Any) -> None:
    service = a_service()
    LeafletHandout.objects.create(service=service, office=office_of(), handed_out_on=date(2025, 1, 1), count=20)
    a_consultation(specialist, at=datetime(2025, 1, 1, 0, 10, tzinfo=SOFIA)).leaflets_given.add(service)
    assert count("leaflets_handed_out") == 0


def test_leaflets_of_another_municipality_are_not_counted(specialist: Any) -> None:
    service, office = a_service(), another_municipalitys_office()
    LeafletHandout.objects.create(service=service, office=office, handed_out_on=IN_THE_PERIOD, count=20)
    a_consultation(specialist, office=office).leaflets_given.add(service)
    assert count("leaflets_handed_out") == 0


# Supervision


def test_supervision_sessions_held_in_the_period_are_counted() -> None:
    a_session()
    a_session(held_on=ENDS_ON)
    a_session(held_on=date(2025, 1, 1))
    assert count("supervision_sessions") == 2


def test_supervision_sessions_of_another_municipality_are_not_counted() -> None:
    a_session(office=another_municipalitys_office())
    assert count("supervision_sessions") == 0


def test_actions_done_within_the_period_are_counted() -> None:
    session = a_session()
    an_action(session, done_on=date(2024, 7, 1))
    an_action(session, done_on=ENDS_ON)
    assert count("supervision_actions_done") == 2


def test_actions_done_after_the_period_are_not_counted() -> None:
    an_action(a_session(), done_on=date(2025, 1, 1))
    assert count("supervision_actions_done") == 0


def test_actions_not_done_are_not_counted() -> None:
    an_action(a_session(), done_on=None)
    assert count("supervision_actions_done") == 0


def test_actions_of_a_session_before_the_period_are_not_counted() -> None:
    an_action(a_session(held_on=date(2023, 12, 1)), done_on=date(2024, 1, 10))
    assert count("supervision_actions_done") == 0


# Progress and the table


def test_progress_gives_the_value_and_the_share_of_the_target() -> None:
    training = a_training()
    a_participant(training, name="Maria Ivanova")
    a_participant(training, name="Petar Petrov")
    indicator = an_indicator("people_trained", target=3)
    [progress] = indicator_progress(settings.GRIZHA_MUNICIPALITY)
    assert progress.indicator == indicator
    assert (progress.value, progress.target, progress.share) == (2, 3, 66.7)
    assert progress.rule_label == RULES["people_trained"].label


def test_progress_towards_a_target_of_zero_has_no_share() -> None:
    an_indicator("people_trained", target=0)
    [progress] = indicator_progress(settings.GRIZHA_MUNICIPALITY)
    assert progress.share is None


def test_progress_lists_the_municipalitys_indicators_in_their_order() -> None:
    second = an_indicator(name="Sessions", position=2)
    first = an_indicator(name="Trained", position=1)
    an_indicator(name="Burgas", municipality_id=OTHER_MUNICIPALITY)
    assert [p.indicator for p in indicator_progress(settings.GRIZHA_MUNICIPALITY)] == [first, second]


def test_the_table_has_a_row_for_each_indicator() -> None:
    a_session()
    an_indicator("supervision_sessions", name="Supervision", project="Quality first", target=8)
    table = indicators_table(indicator_progress(settings.GRIZHA_MUNICIPALITY))
    assert table.slug == "project-indicators"
    assert table.rows == [
        [
            "Supervision",
            "Quality first",
            "2024-01-01 – 2024-12-31",
            str(RULES["supervision_sessions"].label),
            1,
            8,
            12.5,
        ]
    ]


def test_the_table_downloads_as_an_excel_sheet() -> None:
    an_indicator("people_trained", name="Staff trained", target=4)
    table = indicators_table(indicator_progress(settings.GRIZHA_MUNICIPALITY))
    sheet = load_workbook(io.BytesIO(table_xlsx(table))).active
    assert sheet is not None
    assert [cell.value for cell in sheet[2]] == [
        "Staff trained",
        "Better services",
        "2024-01-01 – 2024-12-31",
        str(RULES["people_trained"].label),
        0,
        4,
        0,
    ]
