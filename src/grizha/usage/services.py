"""The writes of usage: keep an answer to "Was this page useful?", and add up counts of page views and
of searches that found nothing, batch by batch."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from uuid import UUID

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from grizha.catalog.models import Service
from grizha.usage.masking import mask_personal_data
from grizha.usage.models import COMMENT_MAX_CHARS, Feedback, MissedSearch, PageView


def feedback_record(*, service: Service, useful: bool, comment: str = "", language: str = "bg") -> Feedback:
    """Keep an answer about a service's page; personal numbers, phone numbers and e-mail addresses in the
    comment are masked first."""
    feedback = Feedback(
        service=service,
        useful=useful,
        comment=mask_personal_data(comment.strip())[:COMMENT_MAX_CHARS],
        language=language[:2],
    )
    feedback.full_clean()
    feedback.save()
    return feedback


def _add(rows: models.QuerySet[models.Model], n: int, make: Callable[[], models.Model]) -> None:
    """count = count + n on the one row of `rows`, or a new row when there is none yet. Safe when two
    processes add to the same row at once, on SQLite and PostgreSQL alike: the UPDATE adds in the
    database, and the loser of a race to insert (the unique constraint refuses it) updates instead."""
    now = timezone.now()
    if rows.update(count=F("count") + n, updated_at=now):
        return
    try:
        with transaction.atomic():  # a savepoint: a refused insert leaves the rest of the batch going
            make().save(force_insert=True)
    except IntegrityError:
        rows.update(count=F("count") + n, updated_at=now)


@transaction.atomic
def page_views_add(*, counts: Mapping[tuple[UUID, date], int]) -> int:
    """Add views of service pages, by (service id, day); views of a service that no longer exists are
    dropped. The number of views written."""
    existing = set(Service.objects.filter(id__in={service for service, _day in counts}).values_list("id", flat=True))
    written = 0
    # In a fixed order, so that two processes writing the same rows at once cannot deadlock.
    for (service_id, day), n in sorted(counts.items(), key=lambda item: (str(item[0][0]), item[0][1])):
        if service_id not in existing or n <= 0:
            continue
        _add(
            PageView.objects.filter(service_id=service_id, day=day),
            n,
            lambda: PageView(service_id=service_id, day=day, count=n),  # noqa: B023 (called at once)
        )
        written += n
    return written


@transaction.atomic
def missed_searches_add(*, counts: Mapping[tuple[str, str, date], int]) -> int:
    """Add searches that found nothing, by (query as analysed, municipality code, day). The number of
    searches written."""
    written = 0
    for (query, municipality, day), n in sorted(counts.items()):
        if not query or n <= 0:
            continue
        _add(
            MissedSearch.objects.filter(query=query, municipality=municipality, day=day),
            n,
            lambda: MissedSearch(query=query, municipality=municipality, day=day, count=n),  # noqa: B023
        )
        written += n
    return written
