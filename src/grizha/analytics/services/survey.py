"""The satisfaction survey's one write: keep an answer, anonymously, for the office or service it is about."""

from __future__ import annotations

from uuid import UUID

from grizha.analytics.models import SurveyAnswer
from grizha.catalog.models import Service
from grizha.territory.models import Office
from grizha.territory.sites import home_municipality


def survey_answer_record(
    *,
    occasion: str,
    rating: int,
    respected: str,
    got_help: str,
    easy: str,
    comment: str = "",
    office_id: UUID | None = None,
    service_id: UUID | None = None,
    language: str = "bg",
) -> SurveyAnswer:
    """Keep the answers. An office or service that does not exist (an old or altered link) is left out
    rather than refusing the person's answers; the municipality is theirs, else this site's."""
    office = Office.objects.filter(id=office_id).first() if office_id else None
    service = Service.objects.filter(id=service_id).first() if service_id else None
    municipality = (
        (office.municipality_id if office else None)
        or (service.municipality_id if service else None)
        or home_municipality()
    )
    answer = SurveyAnswer(
        occasion=occasion,
        municipality_id=municipality,
        office=office,
        service=service,
        rating=rating,
        respected=respected,
        got_help=got_help,
        easy=easy,
        comment=comment.strip(),
        language=language[:2],
    )
    answer.full_clean()
    answer.save()
    return answer
