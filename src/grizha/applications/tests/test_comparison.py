"""What the person declared beside what the registers answered: the names always, each question set to
be compared; a difference shows, a register that has not answered is said so, and the registers' real
answer shapes (one item or several, nothing found) are read right."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from grizha.applications.comparison import Row, compare
from grizha.applications.models import Application, ApplicationType, Fact, Question, RegistryCheck, RegistryResult
from grizha.applications.services import Submission, application_submit, registry_checks_run
from grizha.applications.tests.testing import LAW, simulator
from grizha.catalog.models import Service
from grizha.registers.simulator import SPECIAL

pytestmark = pytest.mark.django_db

# A woman of Sliven in the simulator: МАРИЯ АНГЕЛОВА РУСЕВА, born 2 January 1975, no pension, no ТЕЛК.
MARIA = "7501020018"
CHECKS = ("person", "permanent-address", "relations", "disability-decision", "pension", "job-seeker")
QUESTIONS = {
    "born": ("Дата на раждане", Question.Kind.DATE, Fact.BIRTH_DATE),
    "settlement": ("Населено място по постоянен адрес", Question.Kind.TEXT, Fact.PERMANENT_SETTLEMENT),
    "current": ("Населено място по настоящ адрес", Question.Kind.TEXT, Fact.CURRENT_SETTLEMENT),
    "household": ("Колко души сте в семейството?", Question.Kind.NUMBER, Fact.HOUSEHOLD_SIZE),
    "disability": ("Имате ли решение на ТЕЛК?", Question.Kind.YES_NO, Fact.DISABILITY),
    "pension": ("Каква пенсия получавате?", Question.Kind.NUMBER, Fact.PENSION),
    "job_seeker": ("Регистрирани ли сте в бюрото по труда?", Question.Kind.YES_NO, Fact.JOB_SEEKER),
    "social": ("Ползвате ли социална услуга?", Question.Kind.YES_NO, Fact.SOCIAL_SERVICES),
    "note": ("Нещо друго?", Question.Kind.LONG_TEXT, ""),
}


@pytest.fixture
def compared() -> ApplicationType:
    service = Service.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY).order_by("id").first()
    assert service is not None
    kind = ApplicationType.objects.create(
        service=service, title="Целева помощ", consent_text="Съгласен съм.", declaration_text="Декларирам."
    )
    for position, (key, (label, answer_kind, fact)) in enumerate(QUESTIONS.items()):
        Question.objects.create(
            application_type=kind,
            position=position,
            key=key,
            label=label,
            kind=answer_kind,
            compare_with=fact,
            required=False,
        )
    for check in CHECKS:
        RegistryCheck.objects.create(application_type=kind, check_name=check, law_reason=LAW, purpose="проверка")
    return kind


def applied(kind: ApplicationType, identifier: str = MARIA, **changes: Any) -> Application:
    values: dict[str, Any] = {
        "given_name": " мария ",
        "family_name": "Русева",
        "answers": {
            "born": "1975-01-02",
            "settlement": "Сливен",
            "household": "5",
            "disability": "no",
            "pension": "0",
            "job_seeker": "no",
        },
    }
    values |= changes
    return application_submit(
        submission=Submission(
            application_type=kind,
            submission_key=uuid.uuid4(),
            identifier=identifier,
            consent=True,
            declaration=True,
            **values,
        )
    ).application


def rows_of(application: Application) -> dict[str, Row]:
    application = Application.objects.get(pk=application.pk)
    with translation.override("en"):
        return {row.label.split(" (")[0]: row for row in compare(application)}


def checked(application: Application) -> Application:
    registry_checks_run(application=application, client=simulator())
    return application


def answer(application: Application, check: str, data: dict[str, Any], status: str = RegistryResult.Status.OK) -> None:
    """Set a register's answer as stored, in one of the shapes the registers give."""
    application.registry_results.filter(check_name=check).update(status=status, data=data)


def test_what_the_person_declared_agrees_with_the_registers(compared: ApplicationType) -> None:
    rows = rows_of(checked(applied(compared)))
    assert rows["Given name"] == Row(
        "Given name", " мария ".strip(), "МАРИЯ", True, "Population register (GRAO): names and date of birth"
    )
    assert rows["Family name"].match is True
    assert rows["Дата на раждане"].register == "1975-01-02" and rows["Дата на раждане"].match is True
    # "Сливен" and "ГР.СЛИВЕН" are one settlement.
    assert rows["Населено място по постоянен адрес"].register == "ГР.СЛИВЕН"
    assert rows["Населено място по постоянен адрес"].match is True
    assert rows["Каква пенсия получавате?"].match is True
    assert rows["Имате ли решение на ТЕЛК?"].match is True


def test_a_difference_is_shown_as_one(compared: ApplicationType) -> None:
    answers = {"born": "03.01.1975", "settlement": "Бяла", "disability": "yes", "pension": "400", "household": "9"}
    rows = rows_of(checked(applied(compared, family_name="Петрова", answers=answers)))
    assert rows["Family name"].match is False
    assert rows["Given name"].match is True
    for label in ("Дата на раждане", "Населено място по постоянен адрес", "Имате ли решение на ТЕЛК?"):
        assert rows[label].match is False, label
    assert rows["Каква пенсия получавате?"].match is False
    assert rows["Колко души сте в семейството?"].match is False


def test_only_questions_set_to_be_compared_are_and_the_names_always_are(compared: ApplicationType) -> None:
    with translation.override("en"):
        labels = [row.label.split(" (")[0] for row in compare(applied(compared))]
    compared_questions = [label for label, _kind, fact in QUESTIONS.values() if fact]
    assert labels == ["Given name", "Family name", *compared_questions]


def test_while_the_registers_have_not_answered_there_is_nothing_to_compare(compared: ApplicationType) -> None:
    rows = rows_of(applied(compared))
    assert rows["Given name"].match is None
    assert rows["Given name"].register == "Waiting for the register to answer"
    assert all(row.match is None for row in rows.values())


def test_a_register_that_did_not_answer_is_said_to_be_waited_for(compared: ApplicationType) -> None:
    application = applied(compared)
    answer(application, "person", {}, RegistryResult.Status.ERROR)
    row = rows_of(application)["Given name"]
    assert row.match is None and "asked again" in row.register


def test_a_register_the_form_does_not_ask_is_said_so(compared: ApplicationType) -> None:
    row = rows_of(checked(applied(compared, answers={"current": "Сливен"})))["Населено място по настоящ адрес"]
    assert row.match is None and row.register.startswith("Not asked")


def test_a_person_the_register_does_not_know_differs(compared: ApplicationType) -> None:
    rows = rows_of(checked(applied(compared, identifier=SPECIAL["not-found"])))
    assert rows["Given name"].match is False
    assert rows["Given name"].register == "The register holds nothing on the person"
    assert rows["Дата на раждане"].match is False


def test_an_unanswered_question_has_nothing_to_compare(compared: ApplicationType) -> None:
    row = rows_of(checked(applied(compared, answers={})))["Имате ли решение на ТЕЛК?"]
    assert (row.declared, row.match) == ("Not answered", None)


def test_the_household_is_a_rough_figure_and_says_so(compared: ApplicationType) -> None:
    application = checked(applied(compared, answers={"household": "2"}))
    one = {"FamilyRelationType": "Съпруг", "EGN": "7001010010", "BirthDate": "1970-01-01"}
    answer(application, "relations", {"PersonRelations": {"PersonRelation": one}})
    with translation.override("en"):
        row = next(r for r in compare(Application.objects.get(pk=application.pk)) if "семейството" in r.label)
    assert "a rough figure" in row.label
    assert row.register.startswith("2 (1 family member in the register")
    assert row.match is True
    answer(application, "relations", {}, RegistryResult.Status.NOT_FOUND)
    assert rows_of(application)["Колко души сте в семейството?"].match is False  # 1 in the register


def test_a_valid_disability_decision_agrees_with_yes_and_an_expired_one_does_not(compared: ApplicationType) -> None:
    application = checked(applied(compared, answers={"disability": "yes"}))
    later = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
    decision = {"EmployabilityAssessment": "55% т. н. р.", "DurationDisabilityDate": f"{later}T00:00:00+03:00"}
    answer(application, "disability-decision", {"ExpertDecisionDocument": decision})
    row = rows_of(application)["Имате ли решение на ТЕЛК?"]
    assert row.match is True and "55%" in row.register
    decision["DurationDisabilityDate"] = "2020-01-01T00:00:00+03:00"
    answer(application, "disability-decision", {"ExpertDecisionDocument": decision})
    assert rows_of(application)["Имате ли решение на ТЕЛК?"].match is False


def test_social_services_are_read_whether_one_decision_or_several(compared: ApplicationType) -> None:
    application = applied(compared, answers={"social": "yes"})
    RegistryResult.objects.create(
        application=application, check_name="social-services-decisions", law_reason=LAW, status="ok"
    )
    one = {"SocialServiceName": "Асистентска подкрепа", "Details": {"DecisionNumber": "СУ-1", "Date": "2025-11-10"}}
    answer(application, "social-services-decisions", {"SocialServicesData": [one]})
    assert rows_of(application)["Ползвате ли социална услуга?"].match is True
    two = {**one, "SocialServiceName": "Дневен център"}
    answer(application, "social-services-decisions", {"SocialServicesData": [one, two]})
    row = rows_of(application)["Ползвате ли социална услуга?"]
    assert row.match is True and "Асистентска подкрепа; Дневен център" in row.register
    answer(application, "social-services-decisions", {}, RegistryResult.Status.NOT_FOUND)
    assert rows_of(application)["Ползвате ли социална услуга?"].match is False


def test_a_pension_declared_in_whole_euro_agrees_with_its_cents(compared: ApplicationType) -> None:
    application = checked(applied(compared, answers={"pension": "561"}))
    october = {"Month": "Октомври", "TotalAmount": "540.10", "PensionAmount": "540.10"}
    november = {"Month": "Ноември", "TotalAmount": "560.76", "PensionAmount": "560.76"}
    answer(application, "pension", {"PensionPayments": {"PensionPayment": [october, november]}})
    row = rows_of(application)["Каква пенсия получавате?"]
    assert (row.register, row.match) == ("560.76 euro a month", True)  # the latest month


def test_a_job_seeker_registration_agrees_with_yes(compared: ApplicationType) -> None:
    application = checked(applied(compared, answers={"job_seeker": "yes"}))
    person = {"RegistrationDate": "2026-01-05", "RegistrationStatus": "активна"}
    answer(application, "job-seeker", {"RegistrationGroup": "безработно", "JobSeekerPersonData": person})
    row = rows_of(application)["Регистрирани ли сте в бюрото по труда?"]
    assert row.match is True and "2026-01-05" in row.register


def test_the_comparison_reads_the_same_queries_however_many_questions(compared: ApplicationType) -> None:
    application = checked(applied(compared))
    with CaptureQueriesContext(connection) as queries:
        compare(Application.objects.get(pk=application.pk))
    assert len(queries) <= 4


def test_the_family_is_counted_from_the_relations_with_the_person(compared: ApplicationType) -> None:
    application = checked(applied(compared, answers={"household": "3"}))
    relative = {"RelationCode": "Дъщеря", "EGN": "9706174892", "FirstName": "МАРИЯ"}
    answer(application, "relations", {"PersonRelations": [relative, {**relative, "EGN": "9810227677"}]})
    assert rows_of(application)["Колко души сте в семейството?"].match is True


def test_a_social_services_answer_naming_only_the_person_holds_no_decision(compared: ApplicationType) -> None:
    application = applied(compared, answers={"social": "no"})
    RegistryResult.objects.create(
        application=application, check_name="social-services-decisions", law_reason=LAW, status="ok"
    )
    answer(application, "social-services-decisions", {"PersonData": {"FirstName": "МАРИЯ"}})
    assert rows_of(application)["Ползвате ли социална услуга?"].match is True
    service = {"SocialServiceName": "Асистентска подкрепа", "Details": {"Date": "2025-11-10"}}
    answer(application, "social-services-decisions", {"SocialServicesData": [service]})
    row = rows_of(application)["Ползвате ли социална услуга?"]
    assert row.match is False and "Асистентска подкрепа" in row.register
