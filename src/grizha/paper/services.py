"""Making documents in the background: asking for one (the same request on the same data is one job),
and doing the work in the worker, with its progress written down as it goes."""

from __future__ import annotations

import json
from collections.abc import Callable
from hashlib import sha256
from uuid import UUID

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grizha.paper import selectors, store
from grizha.paper.booklet import booklet_pdf
from grizha.paper.forms import BookletRequest
from grizha.paper.models import PaperJob
from grizha.paper.posters import posters_pdf

# More documents than this waiting or being made, and new requests are refused until some are done.
MAX_OPEN_JOBS = 20


class QueueFull(Exception):
    """Too many documents are being made; ask again in a few minutes."""


def _key(kind: str, params: dict[str, object], language: str) -> str:
    asked = json.dumps([kind, params, language], sort_keys=True)
    return f"{kind}:{sha256(asked.encode()).hexdigest()[:24]}:{store.catalog_stamp()}"[:100]


@transaction.atomic
def job_request(*, kind: str, params: dict[str, object], language: str) -> PaperJob:
    """The job making this document from the current catalog: one already asked for, or a new one."""
    key = _key(kind, params, language)
    existing = PaperJob.objects.filter(key=key).exclude(status=PaperJob.Status.FAILED).first()
    if existing is not None:
        return existing
    if PaperJob.objects.filter(status__in=(PaperJob.Status.QUEUED, PaperJob.Status.RUNNING)).count() >= MAX_OPEN_JOBS:
        raise QueueFull
    job = PaperJob(kind=kind, params=params, language=language, key=key)
    job.full_clean()
    job.save()
    from grizha.paper.tasks import make_document

    # In the same transaction as the job: the worker finds both or neither.
    job.task_id = str(make_document.enqueue(str(job.id)).id)
    job.save(update_fields=["task_id", "updated_at"])
    return job


def job_progress(job_id: UUID, done: int, total: int) -> None:
    PaperJob.objects.filter(id=job_id).update(done=min(done, total), total=total, updated_at=timezone.now())


def _build(job: PaperJob, progress: Callable[[int, int], None]) -> bytes:
    if job.kind == PaperJob.Kind.BOOKLET:
        return booklet_pdf(BookletRequest.from_params(job.params), progress=progress)
    code = str(job.params["municipality"])
    offices = list(selectors.offices(code).select_related("municipality"))
    names = selectors.municipalities([code])
    return posters_pdf(offices, municipality_name=names[0].name if names else code, progress=progress)


def job_run(job_id: UUID) -> None:
    """Make the document of a job (in the worker). A failure is written on the job, then raised."""
    job = PaperJob.objects.get(id=job_id)
    if job.status == PaperJob.Status.DONE:
        return
    PaperJob.objects.filter(id=job.id).update(status=PaperJob.Status.RUNNING, error="", updated_at=timezone.now())
    try:
        with translation.override(job.language):
            data = _build(job, lambda done, total: job_progress(job.id, done, total))
        name = f"{job.id}.pdf"
        store.save_job_file(name, data)
    except Exception as error:
        PaperJob.objects.filter(id=job.id).update(
            status=PaperJob.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        raise
    PaperJob.objects.filter(id=job.id).update(
        status=PaperJob.Status.DONE,
        file_name=name,
        size=len(data),
        done=F("total"),
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    store.prune_job_files()


def job_title(job: PaperJob) -> str:
    if job.kind == PaperJob.Kind.POSTERS:
        return _("Posters of every office")
    return _("Booklet of social services")
