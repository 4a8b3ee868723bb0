"""Reads of the satisfaction survey: what a link is about, and the answers of a period as figures."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy

from grizha.analytics.models import SurveyAnswer
from grizha.analytics.privacy import share, suppress_count, suppress_parts
from grizha.analytics.selectors.filters import Filters
from grizha.analytics.tables import SUPPRESSED, Cell, Column, Table
from grizha.catalog.models import Service
from grizha.catalog.selectors import services_with_terms
from grizha.territory.models import Office

QUESTIONS = {
    "respected": gettext_lazy("Treated with respect"),
    "got_help": gettext_lazy("Got what they needed"),
    "easy": gettext_lazy("Easy to reach and to understand"),
}


def _uuid(value: Any) -> UUID | None:
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None


def survey_subject(*, office: Any, service: Any) -> str:
    """The name of the service or office a survey link is about; empty for an unknown or altered link."""
    if service_id := _uuid(service):
        return Service.objects.filter(id=service_id).values_list("name", flat=True).first() or ""
    if office_id := _uuid(office):
        return Office.objects.filter(id=office_id).values_list("name", flat=True).first() or ""
    return ""


def answers_in(filters: Filters) -> QuerySet[SurveyAnswer]:
    """Answers sent in the period about the area (a mayoralty: about its offices), and about services of
    the type when one is chosen."""
    start, end = filters.bounds()
    answers = SurveyAnswer.objects.filter(created_at__gte=start, created_at__lt=end)
    if filters.is_mayoralty:
        answers = answers.filter(office__mayoralty_id=filters.area)
    elif not filters.is_country:
        answers = answers.filter(municipality_id=filters.area)
    if filters.service_type:
        answers = answers.filter(service__in=services_with_terms("service_type", [filters.service_type]))
    return answers


def satisfaction(filters: Filters) -> list[Table]:
    """How satisfied people were (a row per answer), and each yes/partly/no question (a row each)."""
    answers = answers_in(filters)
    ratings = dict(answers.values_list("rating").annotate(n=Count("id")).order_by())
    total = sum(ratings.values())
    shown = suppress_parts([ratings.get(value, 0) for value, _label in SurveyAnswer.RATINGS])
    rating_rows: list[list[Cell]] = [
        [str(label), shown[i], share(ratings.get(value, 0), total) if shown[i] is not SUPPRESSED else SUPPRESSED]
        for i, (value, label) in enumerate(SurveyAnswer.RATINGS)
    ]
    kinds = [str(choice) for choice in SurveyAnswer.Answer.values]
    question_rows: list[list[Cell]] = []
    for field, label in QUESTIONS.items():
        counts = dict(answers.values_list(field).annotate(n=Count("id")).order_by())
        parts = suppress_parts([counts.get(kind, 0) for kind in kinds])
        question_rows.append([str(label), *parts, suppress_count(sum(counts.values()))])
    return [
        Table(
            "satisfaction",
            gettext_lazy("How satisfied people were"),
            [
                Column("answer", gettext_lazy("Answer"), "text"),
                Column("count", gettext_lazy("People")),
                Column("share", gettext_lazy("Share, %"), "percent"),
            ],
            rating_rows if total else [],
            note=gettext_lazy("From the short survey people answer after a consultation or at the end of a service."),
        ),
        Table(
            "survey-questions",
            gettext_lazy("Respect, help and ease, as people saw them"),
            [
                Column("question", gettext_lazy("Question"), "text"),
                *(Column(kind, label) for kind, label in SurveyAnswer.Answer.choices),
                Column("count", gettext_lazy("Answers")),
            ],
            question_rows if total else [],
        ),
    ]


def survey_offices(filters: Filters) -> list[Office]:
    """The offices of the area, whose survey links staff hand out after consultations."""
    offices = Office.objects.order_by("kind", "name")
    if filters.is_mayoralty:
        return list(offices.filter(mayoralty_id=filters.area))
    if filters.is_country:
        return []
    return list(offices.filter(municipality_id=filters.area))
