"""Background tasks of printed documents (run by `grizha worker`)."""

from __future__ import annotations

from uuid import UUID

from grizha.core.tasks import background
from grizha.paper import services


@background()
def make_document(job_id: str) -> None:
    services.job_run(UUID(job_id))
