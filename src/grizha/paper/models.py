"""Documents made in the background (a booklet of several municipalities, the posters of every office):
what was asked for, how far the work has got, and where the file is when it is done."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from grizha.core.models import UUIDModel


class PaperJob(UUIDModel):
    class Kind(models.TextChoices):
        BOOKLET = "booklet", _("booklet")
        POSTERS = "posters", _("posters of every office")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("being made")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=5)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # Kind, parameters, language and catalog stamp: the same request on the same data is one job.
    key = models.CharField(_("key"), max_length=100, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("parts done"), default=0)
    total = models.PositiveIntegerField(_("parts in all"), default=0)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("document made in the background")
        verbose_name_plural = _("documents made in the background")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(done__lte=models.F("total")), name="paper_job_done_within_total"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
