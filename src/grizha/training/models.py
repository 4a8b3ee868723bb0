"""Staff development: the competence framework per role, trainings with their participants, attendance
and scores before and after, certificates, supervision with its agreed actions, and the project
indicators computed from the product's data (grizha.training.indicators)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grizha.core.models import UUIDModel

# Levels of a competence: 0 none, 1 with help, 2 on one's own, 3 can teach others. A role requires 2.
LEVELS = (
    (0, _("not yet")),
    (1, _("with help")),
    (2, _("on their own")),
    (3, _("can teach others")),
)
REQUIRED_LEVEL = 2
SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


def certificate_code() -> str:
    """Ten letters and digits without look-alikes (no 0/O, 1/I/L), for a certificate's public check."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class Competence(UUIDModel):
    """A competence of the framework: what someone in the roles listed must be able to do (the staff
    standards of the Ordinance on the quality of social services)."""

    class Area(models.TextChoices):
        RIGHTS = "rights", _("rights, ethics and data protection")
        COMMUNICATION = "communication", _("communication and accessibility")
        CASEWORK = "casework", _("assessment, referral and casework")
        SERVICES = "services", _("knowledge of services and benefits")
        MANAGEMENT = "management", _("organisation, quality and supervision")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what it means"), blank=True)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    roles = models.JSONField(_("required of the roles"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Training(UUIDModel):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        BLENDED = "blended", _("in person and online")
        ON_THE_JOB = "on_the_job", _("on the job")

    municipality = models.ForeignKey(
        "territory.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("topic"), max_length=300)
    description = models.TextField(_("what it covers"), blank=True)
    competences = models.ManyToManyField(Competence, verbose_name=_("competences it builds"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    trainer = models.CharField(_("trainer"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    format = models.CharField(_("format"), max_length=12, choices=Format.choices, default=Format.IN_PERSON)
    place = models.CharField(_("where"), max_length=300, blank=True)
    materials = models.TextField(_("materials"), blank=True, help_text=_("Links or titles, one a line."))
    project = models.CharField(
        _("project"), max_length=200, blank=True, help_text=_("The project that pays for it, if any.")
    )

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="training_ends_after_it_starts",
                violation_error_message=_("The last day cannot be before the first"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Participant(UUIDModel):
    """Someone on a training: a member of staff (an account) or someone from a provider without one;
    attendance, and the scores (0–100) of the assessments before and after."""

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member of staff"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    attended = models.BooleanField(_("attended"), default=False)
    score_before = models.PositiveSmallIntegerField(
        _("score before"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    score_after = models.PositiveSmallIntegerField(_("score after"), null=True, blank=True, validators=SCORE_VALIDATORS)
    certificate = models.CharField(_("certificate number"), max_length=10, unique=True, null=True, blank=True)
    certified_at = models.DateTimeField(_("certificate issued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["training", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "user"], condition=Q(user__isnull=False), name="participant_once_per_training"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def person_key(self) -> str:
        """Who this is across trainings: the account, else the e-mail, else the name and organisation."""
        if self.user_id:
            return f"user:{self.user_id}"
        if self.email:
            return f"email:{self.email.strip().lower()}"
        return f"name:{' '.join(self.name.lower().split())}|{' '.join(self.organisation.lower().split())}"


class CompetenceLevel(UUIDModel):
    """How far a member of staff has a competence, as last assessed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member of staff"),
        on_delete=models.CASCADE,
        related_name="competences",
    )
    competence = models.ForeignKey(
        Competence, verbose_name=_("competence"), on_delete=models.CASCADE, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=LEVELS)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("competence level")
        verbose_name_plural = _("competence levels")
        constraints = [models.UniqueConstraint(fields=["user", "competence"], name="competence_level_once")]

    def __str__(self) -> str:
        return f"{self.user} {self.competence}: {self.level}"


class SupervisionSession(UUIDModel):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("individual")
        GROUP = "group", _("group")

    office = models.ForeignKey("territory.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0)])
    supervisor = models.CharField(_("supervisor"), max_length=200)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("participants"), related_name="supervision_sessions"
    )
    topics = models.TextField(_("topics"), help_text=_("What was discussed, without names of the people served."))

    class Meta:
        verbose_name = _("supervision session")
        verbose_name_plural = _("supervision sessions")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}"


class SupervisionAction(UUIDModel):
    """What a supervision session agreed someone would do, by when, and whether it was done."""

    session = models.ForeignKey(
        SupervisionSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="actions"
    )
    what = models.CharField(_("what"), max_length=500)
    who = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("by"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")
        ordering = ["due_on"]

    def __str__(self) -> str:
        return self.what


class Indicator(UUIDModel):
    """A project indicator: a rule (grizha.training.indicators.RULES) that computes it from the product's
    data over a period, with a target and, for some rules, a parameter (a margin of points)."""

    municipality = models.ForeignKey(
        "territory.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=300)
    project = models.CharField(_("project"), max_length=200, blank=True)
    rule = models.CharField(_("how it is counted"), max_length=40)
    margin = models.PositiveSmallIntegerField(
        _("margin, points"),
        default=10,
        help_text=_(
            "For improved competences: the score after must be at least this many points above the score before."
        ),
    )
    target = models.PositiveIntegerField(_("target"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("project indicator")
        verbose_name_plural = _("project indicators")
        ordering = ["project", "position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="indicator_ends_after_it_starts",
                violation_error_message=_("The end of the period cannot be before its start"),
            ),
        ]

    def __str__(self) -> str:
        return self.name
