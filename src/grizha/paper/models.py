"""Documents made in the background (a booklet of several municipalities, the posters of every office, a
service page read aloud): what was asked for, how far the work has got, and where the file is when it is
done. Information campaigns, and the counts of leaflets handed out by the front offices."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grizha.catalog import reference
from grizha.core.models import UUIDModel


class PaperJob(UUIDModel):
    class Kind(models.TextChoices):
        BOOKLET = "booklet", _("booklet")
        POSTERS = "posters", _("posters of every office")
        AUDIO = "audio", _("a service page read aloud")

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


class Campaign(UUIDModel):
    """An announcement on the home page and in the news feed, optionally about some services, target
    groups and settlements; its leaflets are one download."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now, db_index=True)
    ends_on = models.DateField(
        _("shown until"), null=True, blank=True, help_text=_("The last day it is shown. Leave empty to keep it.")
    )
    services = models.ManyToManyField(
        "catalog.Service", verbose_name=_("services"), blank=True, related_name="campaigns"
    )
    target_groups = models.ManyToManyField(
        "catalog.TaxonomyTerm",
        verbose_name=_("target groups"),
        blank=True,
        related_name="+",
        limit_choices_to={"taxonomy__code": reference.TARGET_GROUP},
    )
    needs = models.ManyToManyField(
        "catalog.TaxonomyTerm",
        verbose_name=_("needs"),
        blank=True,
        related_name="+",
        limit_choices_to={"taxonomy__code": reference.NEED},
    )
    settlements = models.ManyToManyField(
        "territory.Settlement", verbose_name=_("settlements"), blank=True, related_name="campaigns"
    )

    class Meta:
        verbose_name = _("information campaign")
        verbose_name_plural = _("information campaigns")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.ends_on and self.published_at and self.ends_on < timezone.localdate(self.published_at):
            raise ValidationError({"ends_on": _("The last day cannot be before the day it is published.")})


class LeafletHandout(UUIDModel):
    """How many leaflets of a service an office handed out on a day: a figure for the project's indicators."""

    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("service"), on_delete=models.PROTECT, related_name="leaflet_handouts"
    )
    office = models.ForeignKey(
        "territory.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="leaflet_handouts"
    )
    handed_out_on = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    count = models.PositiveIntegerField(_("leaflets handed out"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("leaflets handed out")
        verbose_name_plural = _("leaflets handed out")
        ordering = ["-handed_out_on", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(count__gt=0), name="paper_handout_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.handed_out_on}: {self.count}"
