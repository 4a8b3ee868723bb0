"""Making documents in the background: asking for one (the same request on the same data is one job),
and doing the work in the worker, with its progress written down as it goes. A service page read aloud
is one of these documents."""

from __future__ import annotations

import json
from collections.abc import Callable
from hashlib import sha256
from pathlib import Path
from uuid import UUID

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grizha.paper import audio, selectors, store
from grizha.paper.booklet import booklet_pdf
from grizha.paper.forms import BookletRequest
from grizha.paper.models import PaperJob
from grizha.paper.posters import posters_pdf

# More documents than this waiting or being made, and new requests are refused until some are done.
MAX_OPEN_JOBS = 20


# Per kind: the file's extension and content type.
FILE_TYPES = {
    PaperJob.Kind.BOOKLET: ("pdf", "application/pdf"),
    PaperJob.Kind.POSTERS: ("pdf", "application/pdf"),
    PaperJob.Kind.AUDIO: ("mp3", "audio/mpeg"),
}


class QueueFull(Exception):
    """Too many documents are being made; ask again in a few minutes."""


def _key(kind: str, params: dict[str, object], language: str) -> str:
    asked = json.dumps([kind, params, language], sort_keys=True)
    return f"{kind}:{sha256(asked.encode()).hexdigest()[:24]}:{store.catalog_stamp()}"[:100]


def job_file(job: PaperJob) -> Path | None:
    """The file of a finished job, while it is kept (store.prune_job_files removes old ones)."""
    if job.status != PaperJob.Status.DONE or not job.file_name:
        return None
    path = store.job_path(job.file_name)
    return path if path.exists() else None


def job_latest(*, kind: str, params: dict[str, object], language: str) -> PaperJob | None:
    """The last job asked to make this document from the current catalog, whatever its state."""
    return PaperJob.objects.filter(key=_key(kind, params, language)).first()


@transaction.atomic
def job_request(*, kind: str, params: dict[str, object], language: str) -> PaperJob:
    """The job making this document from the current catalog: one already asked for, or a new one
    (also when the file of a finished one has since been removed)."""
    key = _key(kind, params, language)
    existing = PaperJob.objects.filter(key=key).exclude(status=PaperJob.Status.FAILED).first()
    if existing is not None and (existing.status != PaperJob.Status.DONE or job_file(existing)):
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
    if job.kind == PaperJob.Kind.AUDIO:
        return audio.service_mp3(UUID(str(job.params["service"])), progress=progress)
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
        name = f"{job.id}.{FILE_TYPES[PaperJob.Kind(job.kind)][0]}"
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
    if job.kind == PaperJob.Kind.AUDIO:
        return _("A service page read aloud")
    return _("Booklet of social services")


def audio_params(service_id: UUID) -> dict[str, object]:
    return {"service": str(service_id), "version": audio.AUDIO_VERSION}


def audio_request(*, service_id: UUID, language: str) -> PaperJob:
    """The recording of a service's page from the current catalog: the last job asked for it, even a
    failed one (tried again only when asked, see job_request), or a new one when there is none or its
    file has been removed."""
    params = audio_params(service_id)
    latest = job_latest(kind=PaperJob.Kind.AUDIO, params=params, language=language)
    if latest is not None and (latest.status != PaperJob.Status.DONE or job_file(latest)):
        return latest
    return job_request(kind=PaperJob.Kind.AUDIO, params=params, language=language)
