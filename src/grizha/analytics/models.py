"""The pre-aggregated figures of the needs analysis: demand counted by month, area and one dimension at a
time (a cube with roll-ups), refreshed by a task from the anonymous need signals, consultations,
referrals and applications; and each month's capacity of every service. No personal data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """Where a count of demand comes from."""

    SCREENING = "screening", _("screenings")
    CONSULTATION = "consultation", _("consultations")
    REFERRAL = "referral", _("referrals")
    APPLICATION = "application", _("applications")


class Dimension(models.TextChoices):
    """What a row of the cube counts by; `total` counts every request once."""

    TOTAL = "total", _("all requests")
    NEED = "need", _("need")
    AGE_BAND = "age_band", _("age band")
    PLACE = "place", _("place")
    SERVICE_TYPE = "service_type", _("service type")


# `area` of the whole country; a municipality's code is five characters, a mayoralty's eight.
COUNTRY = ""
# `target_group` of everyone: the roll-up over target groups.
EVERYONE = ""


class DemandCell(models.Model):
    """How many requests of one source, in one month and area, from one target group (or everyone),
    had one value of one dimension. `place` is a settlement (EKATTE) within a municipality or mayoralty
    and a municipality within the country; an empty value is "not stated"."""

    month = models.DateField(_("month"))
    area = models.CharField(_("area"), max_length=8, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    target_group = models.CharField(_("target group"), max_length=40, blank=True)
    dimension = models.CharField(_("dimension"), max_length=12, choices=Dimension.choices)
    value = models.CharField(_("value"), max_length=40, blank=True)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("demand figure")
        verbose_name_plural = _("demand figures")
        constraints = [
            # Its index (area, target group, month first) is the one every dashboard query reads.
            models.UniqueConstraint(
                fields=["area", "target_group", "month", "dimension", "source", "value"], name="demand_cell_key"
            ),
        ]
        # A month is deleted and written again whole at each refresh of it.
        indexes = [models.Index(fields=["month"], name="demand_cell_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.area or '*'} {self.source} {self.dimension}={self.value}: {self.count}"


class CapacityMonth(models.Model):
    """A service's places, occupied places and waiting list as they stood in a month (the last refresh
    of that month wins), so occupancy and waiting lists can be followed over time."""

    month = models.DateField(_("month"))
    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("service"), on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )
    municipality = models.CharField(_("municipality"), max_length=5)
    service_type = models.CharField(_("service type"), max_length=40, blank=True)
    places = models.PositiveIntegerField(_("places"), null=True, blank=True)
    occupied = models.PositiveIntegerField(_("occupied"), null=True, blank=True)
    waiting = models.PositiveIntegerField(_("on the waiting list"), null=True, blank=True)

    class Meta:
        verbose_name = _("capacity in a month")
        verbose_name_plural = _("capacity by month")
        constraints = [models.UniqueConstraint(fields=["service", "month"], name="capacity_month_once")]
        indexes = [models.Index(fields=["municipality", "month"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.service_id}: {self.occupied}/{self.places}"


class Refresh(models.Model):
    """When the cube was last brought up to date: changes after `upto` are not counted yet."""

    name = models.CharField(max_length=20, primary_key=True)
    upto = models.DateTimeField(_("counted up to"))
    took_ms = models.PositiveIntegerField(_("took (ms)"), default=0)
    cells = models.PositiveIntegerField(_("figures written"), default=0)

    class Meta:
        verbose_name = _("refresh of the figures")
        verbose_name_plural = _("refreshes of the figures")

    def __str__(self) -> str:
        return f"{self.name} {self.upto:%Y-%m-%d %H:%M}"


class SurveyAnswer(models.Model):
    """One person's answers to the short satisfaction survey, after a consultation or at the end of a
    service. Anonymous: no name, contact or identifier is asked for or kept."""

    class Occasion(models.TextChoices):
        CONSULTATION = "consultation", _("after a consultation or a visit to an office")
        SERVICE = "service", _("while using a service, or at its end")

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    RATINGS = (
        (5, _("Very satisfied")),
        (4, _("Satisfied")),
        (3, _("Neither satisfied nor dissatisfied")),
        (2, _("Dissatisfied")),
        (1, _("Very dissatisfied")),
    )

    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    occasion = models.CharField(_("when"), max_length=12, choices=Occasion.choices)
    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="+",
    )
    office = models.ForeignKey(
        "territory.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        related_name="+",
    )
    rating = models.PositiveSmallIntegerField(_("how satisfied"), choices=RATINGS)
    respected = models.CharField(_("treated with respect"), max_length=6, choices=Answer.choices)
    got_help = models.CharField(_("got what they needed"), max_length=6, choices=Answer.choices)
    easy = models.CharField(_("easy to reach and understand"), max_length=6, choices=Answer.choices)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    language = models.CharField(_("language"), max_length=2, default="bg")

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="survey_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.rating}/5"
