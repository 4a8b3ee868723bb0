"""Personal data of the people the municipality serves (DESIGN.md, Trust): kept here and nowhere else.

Requests for a home visit or a call back from the public site; the front office's consultations, the
people it keeps records of (with their consent), the referrals it follows until they close, and the
appointments people book; and feedback about the website's accessibility."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grizha.casework.validators import validate_bulgarian_phone
from grizha.core.identifiers import validate_personal_identifier
from grizha.core.models import TimeStampedModel, UUIDModel


def validate_visit_needs(value: Any) -> None:
    """A list of codes of CallbackRequest.VisitNeed."""
    known = set(CallbackRequest.VisitNeed.values)
    if not isinstance(value, list) or not set(value) <= known:
        raise ValidationError(_("Select only the options on the list"), code="invalid_visit_need")


class CallbackRequest(UUIDModel):
    """A person asks the front office to phone them back or to visit them at home.

    From the public form (with a settlement, what the visit needs, and perhaps the service it is
    about) or from a screening's results (with the needs stated and the services found). The office is
    the one whose front office handles it: the mayoralty of the settlement, else the central office."""

    class Kind(models.TextChoices):
        CALL_BACK = "call_back", _("call back")
        HOME_VISIT = "home_visit", _("home visit")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        HANDLED = "handled", _("handled")

    class BestTime(models.TextChoices):
        ANY = "any", _("Any time in working hours")
        MORNING = "morning", _("In the morning (9:00 to 12:00)")
        AFTERNOON = "afternoon", _("In the afternoon (12:00 to 17:00)")

    class VisitNeed(models.TextChoices):
        """What a visit or a call needs so that the person can take part on equal terms."""

        SIGN_LANGUAGE = "sign_language", _("A Bulgarian sign language interpreter")
        INTERPRETER = "interpreter", _("An interpreter for another language, for example Turkish or Romani")
        EASY_READ = "easy_read", _("Information in easy-read")
        LARGE_PRINT = "large_print", _("Information in large print or in Braille")
        ACCESSIBLE_TRANSPORT = "accessible_transport", _("Accessible transport, if I have to come to an office")
        SAME_GENDER = "same_gender", _("A social worker of the same gender as me")

    reference = models.CharField(
        _("reference"),
        max_length=16,
        unique=True,
        editable=False,
        help_text=_("Given when the request is made, for example 2026-000123; the person quotes it."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CALL_BACK)
    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="callback_requests",
        help_text=_("The municipality whose front office is asked to call."),
    )
    settlement = models.ForeignKey(
        "territory.Settlement",
        verbose_name=_("settlement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callback_requests",
        help_text=_("Where the person lives, when stated."),
    )
    office = models.ForeignKey(
        "territory.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callback_requests",
        help_text=_("Whose front office handles the request: the settlement's mayoralty, else the central office."),
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_bulgarian_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    best_time = models.CharField(_("best time to call"), max_length=10, choices=BestTime.choices, default=BestTime.ANY)
    note = models.TextField(_("what it is about"), max_length=1000, blank=True)
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="callback_requests",
        help_text=_("The service the person asked about, when the request was made from its page."),
    )
    visit_needs = models.JSONField(
        _("what the visit needs"),
        default=list,
        blank=True,
        validators=[validate_visit_needs],
        help_text=_("Codes of the needs for the visit or call."),
    )
    language = models.CharField(_("language"), max_length=2, choices=[("bg", "български"), ("en", "English")])
    needs = models.JSONField(_("needs"), default=list, blank=True, help_text=_("Codes of bg-need stated."))
    service_ids = models.JSONField(_("services found"), default=list, blank=True)
    consent_given_at = models.DateTimeField(
        _("consent given at"),
        help_text=_("When the person agreed that their contact details are used for this request only."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)

    class Meta:
        verbose_name = _("request for a home visit or a call back")
        verbose_name_plural = _("requests for a home visit or a call back")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["municipality", "status", "created_at"]),
            models.Index(fields=["office", "status", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""),
                name="callback_request_has_contact",
                violation_error_message=_("Enter a phone number or an e-mail address"),
            ),
            models.CheckConstraint(
                condition=~Q(kind="call_back") | ~Q(phone=""),
                name="callback_request_call_back_has_phone",
                violation_error_message=_("Enter a phone number to be called back"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    @property
    def visit_need_labels(self) -> list[str]:
        labels = dict(self.VisitNeed.choices)
        return [str(labels.get(code, code)) for code in self.visit_needs]


class ReferenceCounter(TimeStampedModel):
    """The last reference number given in a year: references run 2026-000001, 2026-000002, …"""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class AccessibilityFeedback(UUIDModel):
    """A problem with the website's accessibility, reported through the accessibility statement
    (Directive (EU) 2016/2102, art. 7: the feedback mechanism)."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        HANDLED = "handled", _("handled")

    problem = models.TextField(_("what the problem was"), max_length=2000)
    page_url = models.CharField(_("page"), max_length=500, blank=True)
    contact = models.CharField(
        _("contact for a reply"), max_length=254, blank=True, help_text=_("An e-mail address or a phone number.")
    )
    language = models.CharField(_("language"), max_length=2, choices=[("bg", "български"), ("en", "English")])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)

    class Meta:
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.problem[:60]}"


class Language(models.TextChoices):
    BULGARIAN = "bg", "български"
    ENGLISH = "en", "English"


class Person(UUIDModel):
    """Someone the front office keeps a record of, with their consent (Consent). Consultations are
    anonymous by default: a record is made only when personal data is needed, e.g. to refer."""

    class IdentifierKind(models.TextChoices):
        EGN = "egn", _("EGN (personal number)")
        LNCH = "lnch", _("LNCh (personal number of a foreigner)")
        NONE = "none", _("none given")

    class Channel(models.TextChoices):
        """How the person can best be reached and informed."""

        PHONE = "phone", _("phone")
        SMS = "sms", _("text message")
        EMAIL = "email", _("e-mail")
        LETTER = "letter", _("letter")
        LARGE_PRINT = "large_print", _("letter in large print")
        EASY_READ = "easy_read", _("easy-read")
        SIGN_LANGUAGE = "sign_language", _("sign language interpreter")
        HOME_VISIT = "home_visit", _("home visit")

    office = models.ForeignKey(
        "territory.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("The office that keeps the record; the central office sees every record."),
    )
    given_name = models.CharField(_("given name"), max_length=100)
    middle_name = models.CharField(_("middle name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100)
    identifier_kind = models.CharField(
        _("personal number"), max_length=4, choices=IdentifierKind.choices, default=IdentifierKind.NONE
    )
    identifier = models.CharField(_("EGN or LNCh"), max_length=10, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_bulgarian_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    settlement = models.ForeignKey(
        "territory.Settlement",
        verbose_name=_("settlement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.BULGARIAN
    )
    other_language = models.CharField(
        _("other language spoken"), max_length=100, blank=True, help_text=_("For example Turkish or Romani.")
    )
    accessible_channel = models.CharField(
        _("how to reach them"), max_length=20, choices=Channel.choices, default=Channel.PHONE
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name", "id"]
        indexes = [
            models.Index(fields=["office", "family_name"]),
            models.Index(fields=["identifier"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(identifier_kind="none", identifier="") | (~Q(identifier_kind="none") & ~Q(identifier="")),
                name="person_identifier_matches_kind",
                violation_error_message=_("Enter the personal number, or choose “none given”"),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.middle_name, self.family_name) if part)

    def clean(self) -> None:
        if self.identifier_kind != self.IdentifierKind.NONE:
            validate_personal_identifier(self.identifier_kind, self.identifier)


class Consent(UUIDModel):
    """A person agrees that the municipality keeps and uses their data for a purpose (GDPR art. 6 and 7):
    recorded before their data is kept, and withdrawn as easily."""

    class Purpose(models.TextChoices):
        CASEWORK = "casework", _("consultations and referrals to social services")
        SHARE_WITH_PROVIDERS = "share", _("sharing with the services and institutions they are referred to")
        CONTACT = "contact", _("contacting them about their case")
        REGISTERS = "registers", _("checking national registers for their applications")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    given_at = models.DateTimeField(_("given at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    how = models.CharField(
        _("how it was given"), max_length=200, blank=True, help_text=_("For example: signed form, by phone.")
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_standing_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_purpose_display()}"


class Consultation(UUIDModel):
    """The front office informs or advises someone: in person, by phone, e-mail, online or at home."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("phone")
        EMAIL = "email", _("e-mail")
        ONLINE_FORM = "online_form", _("online form")
        HOME_VISIT = "home_visit", _("home visit")

    class Outcome(models.TextChoices):
        INFORMED = "informed", _("information given")
        REFERRED = "referred", _("referred")
        APPOINTMENT = "appointment", _("appointment made")
        FOLLOW_UP = "follow_up", _("to follow up")
        NO_ACTION = "no_action", _("nothing further needed")

    office = models.ForeignKey(
        "territory.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="consultations"
    )
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("specialist"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    occurred_at = models.DateTimeField(_("when"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text=_("Empty: the consultation is anonymous."),
    )
    settlement = models.ForeignKey(
        "territory.Settlement",
        verbose_name=_("settlement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text=_("Where the person lives, for the needs analysis; kept even when the consultation is anonymous."),
    )
    needs = models.JSONField(_("needs"), default=list, blank=True, help_text=_("Codes of bg-need."))
    target_groups = models.JSONField(
        _("target groups"), default=list, blank=True, help_text=_("Codes of bg-target-group.")
    )
    services_explained = models.ManyToManyField(
        "catalog.Service", verbose_name=_("services explained"), blank=True, related_name="+"
    )
    leaflets_given = models.ManyToManyField(
        "catalog.Service", verbose_name=_("leaflets given"), blank=True, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.INFORMED)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    request = models.ForeignKey(
        CallbackRequest,
        verbose_name=_("from the request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-occurred_at", "id"]
        indexes = [
            models.Index(fields=["office", "occurred_at"]),
            # The work queue's consultations to follow up: few among many, so only they are indexed.
            models.Index(
                fields=["office", "follow_up_on"],
                name="consultation_office_follow_up",
                condition=Q(outcome="follow_up"),
            ),
            models.Index(
                fields=["specialist", "follow_up_on"],
                name="consultation_own_follow_up",
                condition=Q(outcome="follow_up"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.get_channel_display()}"


class Referral(UUIDModel):
    """The front office refers someone to a service of the catalog or to an institution or
    organisation, and follows the referral until it closes (casework.lifecycle holds the transitions)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENT = "sent", _("sent")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        STARTED = "started", _("service started")
        CLOSED_SUCCESSFUL = "closed_successful", _("closed: successful")
        CLOSED_UNSUCCESSFUL = "closed_unsuccessful", _("closed: unsuccessful")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Reason(models.TextChoices):
        """Why a referral was declined, or closed without success: counted by the analytics."""

        NO_CAPACITY = "no_capacity", _("no capacity")
        COULD_NOT_CONTACT = "could_not_contact", _("could not contact the person")
        PERSON_REFUSED = "person_refused", _("the person refused")
        NOT_ELIGIBLE = "not_eligible", _("not eligible")
        NEEDS_CHANGED = "needs_changed", _("the person's needs changed")
        MOVED_AWAY = "moved_away", _("the person moved away")
        DIED = "died", _("the person died")
        WRONG_SERVICE = "wrong_service", _("the service does not fit the need")
        OTHER = "other", _("other")

    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    office = models.ForeignKey(
        "territory.Office", verbose_name=_("referring office"), on_delete=models.PROTECT, related_name="referrals"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("referred by"), on_delete=models.PROTECT, related_name="referrals"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("followed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_referrals",
    )
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "catalog.Organization",
        verbose_name=_("institution or organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    needs = models.JSONField(_("needs"), default=list, blank=True, help_text=_("Codes of bg-need."))
    why = models.TextField(_("why this referral"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    reason_note = models.CharField(_("about the reason"), max_length=500, blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("accepted or declined at"), null=True, blank=True)
    started_at = models.DateTimeField(_("service started at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "id"]
        indexes = [
            models.Index(fields=["office", "status", "follow_up_on"]),
            models.Index(fields=["assigned_to", "status", "follow_up_on"]),
            models.Index(fields=["status", "sent_at"]),
            # The work queue's open referrals (lifecycle.OPEN) in the order it shows them, with the columns it
            # filters on: read from the index alone, without the table's rows.
            models.Index(
                fields=["follow_up_on", "created_at", "id"],
                include=["office", "assigned_to", "status"],
                name="referral_open_follow_up",
                condition=Q(status__in=["draft", "sent", "accepted", "started"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=True, organization__isnull=False)
                | Q(service__isnull=False, organization__isnull=True),
                name="referral_has_one_receiver",
                violation_error_message=_("Choose either a service or an institution, not both"),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def receiver_name(self) -> str:
        return str(self.service or self.organization or "")


class AppointmentSlot(UUIDModel):
    """A time an office offers for appointments, published on the public site."""

    office = models.ForeignKey(
        "territory.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="appointment_slots"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("people at a time"), default=1)
    home_visit = models.BooleanField(_("home visit"), default=False, help_text=_("A specialist comes to the person."))
    published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("appointment time")
        verbose_name_plural = _("appointment times")
        ordering = ["starts_at", "office"]
        indexes = [models.Index(fields=["office", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="appointment_slot_ends_after_start",
                violation_error_message=_("The end must be after the start"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.starts_at:%Y-%m-%d %H:%M}"


class Appointment(UUIDModel):
    """A person booked a slot on the public site (no account) or was booked by staff."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("booked")
        CANCELLED = "cancelled", _("cancelled")
        ATTENDED = "attended", _("attended")
        MISSED = "missed", _("did not come")

    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    slot = models.ForeignKey(
        AppointmentSlot, verbose_name=_("time"), on_delete=models.PROTECT, related_name="appointments"
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_bulgarian_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    about = models.TextField(_("what it is about"), max_length=1000, blank=True)
    visit_needs = models.JSONField(
        _("what the visit needs"),
        default=list,
        blank=True,
        validators=[validate_visit_needs],
        help_text=_("Codes of the needs for the visit or call."),
    )
    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("service"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.BOOKED)
    consent_given_at = models.DateTimeField(_("consent given at"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["slot__starts_at", "created_at"]
        indexes = [models.Index(fields=["slot", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""),
                name="appointment_has_contact",
                violation_error_message=_("Enter a phone number or an e-mail address"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"
