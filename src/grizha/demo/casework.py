"""The demo's casework: people with their consent, consultations, referrals in every state of their
lifecycle and a few requests from the public site, at the central office and at the Bikovo mayoralty, so
that the demo's work queues have something in them. Never for production.

Idempotent: records that exist are left as they are (people, consents and consultations have stable ids;
a referral is known by its consultation and its reason, a request by the person's name). Dates are set
relative to the day of the first load, so on that day something is due, something overdue, something
waiting on others."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from grizha.casework.models import CallbackRequest, Consent, Consultation, Person, Referral
from grizha.casework.services.inbox import callback_request_handle
from grizha.casework.services.referrals import referral_create, referral_transition
from grizha.casework.services.requests import callback_request_create
from grizha.catalog.models import Service
from grizha.demo.accounts import ensure_demo_accounts
from grizha.demo.loader import demo_id
from grizha.territory.models import Office, Settlement

S = Referral.Status
CENTRAL = "central"
BIKOVO = "kmetstvo-bikovo"
SLIVEN_TOWN = "67338"
BIKOVO_VILLAGE = "04039"


@dataclass(frozen=True)
class DemoPerson:
    key: str
    office: str
    given_name: str
    family_name: str
    settlement: str
    phone: str = ""
    middle_name: str = ""
    birth_year: int | None = None
    channel: str = Person.Channel.PHONE
    consents: tuple[str, ...] = (Consent.Purpose.CASEWORK, Consent.Purpose.CONTACT)


@dataclass(frozen=True)
class DemoConsultation:
    key: str
    office: str
    specialist: str  # a demo account's username
    days_ago: int
    channel: str
    settlement: str
    person: str | None = None  # None: anonymous
    needs: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    outcome: str = Consultation.Outcome.INFORMED
    follow_up_in: int | None = None  # days from the day of loading; negative: in the past
    notes: str = ""


@dataclass(frozen=True)
class DemoReferral:
    why: str  # with the consultation, what the referral is known by
    consultation: str
    service: str  # a demo service's key
    status: str
    follow_up_in: int | None = None
    assigned_to: str | None = None  # else the consultation's specialist
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoRequest:
    name: str
    kind: str
    settlement: str
    note: str
    phone: str = ""
    email: str = ""
    best_time: str = CallbackRequest.BestTime.ANY
    service: str | None = None
    visit_needs: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    services_found: tuple[str, ...] = ()
    handled_by: str | None = None
    language: str = "bg"


PEOPLE = (
    DemoPerson("ivanova", CENTRAL, "Мария", "Иванова", SLIVEN_TOWN, "0888 123 456", "Петрова", 1941),
    DemoPerson("georgiev", CENTRAL, "Стоян", "Георгиев", SLIVEN_TOWN, "0877 234 567", birth_year=1987),
    DemoPerson(
        "ahmedova",
        CENTRAL,
        "Фатме",
        "Ахмедова",
        SLIVEN_TOWN,
        "0899 345 678",
        birth_year=1995,
        consents=(Consent.Purpose.CASEWORK, Consent.Purpose.CONTACT, Consent.Purpose.SHARE_WITH_PROVIDERS),
    ),
    DemoPerson("dimitrov", BIKOVO, "Петър", "Димитров", BIKOVO_VILLAGE, "0886 456 789", "Колев", 1938),
    DemoPerson(
        "koleva",
        BIKOVO,
        "Гергана",
        "Колева",
        BIKOVO_VILLAGE,
        "0887 567 890",
        birth_year=1962,
        channel=Person.Channel.HOME_VISIT,
    ),
)

CONSULTATIONS = (
    DemoConsultation(
        "ivanova-home",
        CENTRAL,
        "frontoffice",
        12,
        Consultation.Channel.HOME_VISIT,
        SLIVEN_TOWN,
        "ivanova",
        ("care-at-home", "meals"),
        ("elderly", "people-living-alone"),
        Consultation.Outcome.REFERRED,
        notes="Живее сама, трудно се придвижва; дъщерята е в чужбина.",
    ),
    DemoConsultation(
        "georgiev-office",
        CENTRAL,
        "frontoffice",
        20,
        Consultation.Channel.IN_PERSON,
        SLIVEN_TOWN,
        "georgiev",
        ("employment-skills", "financial-support"),
        ("unemployed", "low-income"),
        Consultation.Outcome.REFERRED,
    ),
    DemoConsultation(
        "ahmedova-office",
        CENTRAL,
        "caseworker",
        9,
        Consultation.Channel.IN_PERSON,
        SLIVEN_TOWN,
        "ahmedova",
        ("parenting-support", "early-childhood-development"),
        ("families-with-children", "pregnant-women-and-mothers"),
        Consultation.Outcome.REFERRED,
    ),
    DemoConsultation(
        "phone-follow-up",
        CENTRAL,
        "frontoffice",
        7,
        Consultation.Channel.PHONE,
        SLIVEN_TOWN,
        None,
        ("financial-support",),
        ("low-income",),
        Consultation.Outcome.FOLLOW_UP,
        follow_up_in=0,
        notes="Да се обади отново, когато получи решението за помощта за отопление.",
    ),
    DemoConsultation(
        "ivanova-follow-up",
        CENTRAL,
        "frontoffice",
        10,
        Consultation.Channel.PHONE,
        SLIVEN_TOWN,
        "ivanova",
        ("care-at-home",),
        ("elderly",),
        Consultation.Outcome.FOLLOW_UP,
        follow_up_in=-2,
        notes="Да се провери дали патронажът е започнал.",
    ),
    DemoConsultation(
        "anonymous-info",
        CENTRAL,
        "caseworker",
        3,
        Consultation.Channel.IN_PERSON,
        SLIVEN_TOWN,
        None,
        ("information-advice",),
        outcome=Consultation.Outcome.INFORMED,
    ),
    DemoConsultation(
        "dimitrov-home",
        BIKOVO,
        "bikovo",
        8,
        Consultation.Channel.HOME_VISIT,
        BIKOVO_VILLAGE,
        "dimitrov",
        ("care-at-home", "mobility-transport"),
        ("elderly-unable-to-self-care",),
        Consultation.Outcome.REFERRED,
    ),
    DemoConsultation(
        "koleva-office",
        BIKOVO,
        "bikovo",
        15,
        Consultation.Channel.IN_PERSON,
        BIKOVO_VILLAGE,
        "koleva",
        ("caregiver-respite",),
        ("family-caregivers",),
        Consultation.Outcome.REFERRED,
    ),
    DemoConsultation(
        "bikovo-follow-up",
        BIKOVO,
        "bikovo",
        6,
        Consultation.Channel.PHONE,
        BIKOVO_VILLAGE,
        "koleva",
        ("caregiver-respite",),
        ("family-caregivers",),
        Consultation.Outcome.FOLLOW_UP,
        follow_up_in=0,
        notes="Да се обади за мястото в дневния център.",
    ),
)

REFERRALS = (
    # The central office: one referral in each state of the lifecycle.
    DemoReferral("Домашен патронаж: обяд и помощ в дома", "ivanova-home", "patronazh", S.DRAFT, 0),
    DemoReferral("Топъл обяд, докато започне патронажът", "ivanova-home", "topal-obyad", S.SENT, -4),
    DemoReferral("Подкрепа за намиране на работа", "georgiev-office", "trudovi-umenia", S.ACCEPTED, 5),
    DemoReferral("Месечна социална помощ", "georgiev-office", "asp-mesechna-pomosht", S.DECLINED),
    DemoReferral("Подкрепа за родители на малки деца", "ahmedova-office", "ranno-detsko-razvitie", S.STARTED, -1),
    DemoReferral("Семейно консултиране", "ahmedova-office", "semeyno-posrednichestvo", S.CLOSED_SUCCESSFUL),
    DemoReferral("Център за обществена подкрепа", "ahmedova-office", "cop", S.CLOSED_UNSUCCESSFUL),
    DemoReferral("Дневен център за възрастни хора", "ivanova-home", "dc-vazrastni", S.WITHDRAWN),
    DemoReferral("Целева помощ за отопление", "georgiev-office", "asp-otoplenie", S.SENT, 0, "caseworker"),
    # The Bikovo mayoralty.
    DemoReferral("Мобилна работа в селата: посещения у дома", "dimitrov-home", "mobilni-uslugi-sela", S.SENT, -2),
    DemoReferral("Асистентска подкрепа", "dimitrov-home", "asistentska-podkrepa", S.DRAFT, 0),
    DemoReferral("Дневен център за хора с деменция", "koleva-office", "dc-demencia", S.ACCEPTED, 6),
    DemoReferral("Грижа в дома", "koleva-office", "grizha-v-doma", S.CLOSED_SUCCESSFUL),
)

REQUESTS = (
    DemoRequest(
        "Радка Стоянова",
        CallbackRequest.Kind.CALL_BACK,
        SLIVEN_TOWN,
        "Искам да разбера как да получа асистент за майка ми.",
        phone="0885 111 222",
        best_time=CallbackRequest.BestTime.MORNING,
        service="asistentska-podkrepa",
    ),
    DemoRequest(
        "Никола Христов",
        CallbackRequest.Kind.HOME_VISIT,
        BIKOVO_VILLAGE,
        "Баща ми е на легло и не може да дойде в кметството.",
        phone="0889 333 444",
        best_time=CallbackRequest.BestTime.AFTERNOON,
        service="patronazh",
        visit_needs=(CallbackRequest.VisitNeed.SAME_GENDER,),
    ),
    DemoRequest(
        "Елена Маринова",
        CallbackRequest.Kind.CALL_BACK,
        BIKOVO_VILLAGE,
        "",
        phone="0878 555 666",
        needs=("care-at-home", "meals"),
        services_found=("patronazh", "trapezaria", "topal-obyad"),
    ),
    DemoRequest(
        "Hasan Mehmed",
        CallbackRequest.Kind.HOME_VISIT,
        SLIVEN_TOWN,
        "I need help with the application for personal assistance.",
        phone="0893 777 888",
        email="hasan.mehmed@example.com",
        visit_needs=(CallbackRequest.VisitNeed.INTERPRETER,),
        handled_by="frontoffice",
        language="en",
    ),
)

# The steps each state is reached by (the receiver answers through its signed link).
PATHS: dict[str, tuple[tuple[str, str], ...]] = {
    S.DRAFT: (),
    S.SENT: (("send", S.SENT),),
    S.ACCEPTED: (("send", S.SENT), ("accept", S.ACCEPTED)),
    S.DECLINED: (("send", S.SENT), ("decline", S.DECLINED)),
    S.STARTED: (("send", S.SENT), ("accept", S.ACCEPTED), ("start", S.STARTED)),
    S.CLOSED_SUCCESSFUL: (
        ("send", S.SENT),
        ("accept", S.ACCEPTED),
        ("start", S.STARTED),
        ("close", S.CLOSED_SUCCESSFUL),
    ),
    S.CLOSED_UNSUCCESSFUL: (("send", S.SENT), ("accept", S.ACCEPTED), ("close", S.CLOSED_UNSUCCESSFUL)),
    S.WITHDRAWN: (("send", S.SENT), ("withdraw", S.WITHDRAWN)),
}
REASONS = {"decline": Referral.Reason.NO_CAPACITY, "close": Referral.Reason.COULD_NOT_CONTACT}
BY_RECEIVER = {"accept", "decline", "start"}


@dataclass
class _Demo:
    today: datetime.date = field(default_factory=timezone.localdate)
    now: datetime.datetime = field(default_factory=timezone.now)
    added: int = 0
    offices: dict[str, Office] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)

    def office(self, key: str) -> Office:
        if key not in self.offices:
            self.offices[key] = Office.objects.get(id=demo_id("office", key))
        return self.offices[key]

    def user(self, username: str) -> User:
        if username not in self.users:
            self.users[username] = get_user_model().objects.get(username=username)
        return self.users[username]

    def day(self, days: int | None) -> datetime.date | None:
        return None if days is None else self.today + datetime.timedelta(days=days)

    def person(self, spec: DemoPerson) -> None:
        if Person.objects.filter(id=demo_id("person", spec.key)).exists():
            return
        person = Person(
            id=demo_id("person", spec.key),
            office=self.office(spec.office),
            given_name=spec.given_name,
            middle_name=spec.middle_name,
            family_name=spec.family_name,
            birth_date=datetime.date(spec.birth_year, 3, 1) if spec.birth_year else None,
            phone=spec.phone,
            settlement_id=spec.settlement,
            accessible_channel=spec.channel,
        )
        person.full_clean()
        person.save()
        self.added += 1
        recorder = self.user("bikovo" if spec.office == BIKOVO else "frontoffice")
        for purpose in spec.consents:
            consent = Consent(
                id=demo_id("consent", f"{spec.key}:{purpose}"),
                person=person,
                purpose=purpose,
                given_at=self.now - datetime.timedelta(days=30),
                recorded_by=recorder,
                how="подписана декларация",
            )
            consent.full_clean()
            consent.save()
            self.added += 1

    def consultation(self, spec: DemoConsultation) -> None:
        if Consultation.objects.filter(id=demo_id("consultation", spec.key)).exists():
            return
        consultation = Consultation(
            id=demo_id("consultation", spec.key),
            office=self.office(spec.office),
            specialist=self.user(spec.specialist),
            occurred_at=self.now - datetime.timedelta(days=spec.days_ago),
            channel=spec.channel,
            person_id=demo_id("person", spec.person) if spec.person else None,
            settlement_id=spec.settlement,
            needs=list(spec.needs),
            target_groups=list(spec.target_groups),
            outcome=spec.outcome,
            notes=spec.notes,
            follow_up_on=self.day(spec.follow_up_in),
        )
        consultation.full_clean()
        consultation.save()
        self.added += 1

    def referral(self, spec: DemoReferral) -> None:
        consultation = Consultation.objects.select_related("office", "specialist", "person").get(
            id=demo_id("consultation", spec.consultation)
        )
        if Referral.objects.filter(consultation=consultation, why=spec.why).exists():
            return
        by = consultation.specialist
        referral = referral_create(
            office=consultation.office,
            by=by,
            service=Service.objects.get(id=demo_id("service", spec.service)),
            person=consultation.person,
            consultation=consultation,
            needs=consultation.needs,
            why=spec.why,
        )
        for action, to in PATHS[spec.status]:
            receiver = action in BY_RECEIVER
            referral = referral_transition(
                referral=referral,
                action=action,
                to=to,
                by=None if receiver else by,
                via="link" if receiver else "staff",
                reason=REASONS.get(action, "") if to != S.CLOSED_SUCCESSFUL else "",
            )
        # Shaped as if it were made days ago: its follow-up falls due on the day the demo shows.
        changes: dict[str, object] = {"follow_up_on": self.day(spec.follow_up_in)}
        if spec.assigned_to:
            changes["assigned_to"] = self.user(spec.assigned_to)
        Referral.objects.filter(pk=referral.pk).update(**changes)
        self.added += 1

    def request(self, spec: DemoRequest) -> None:
        if CallbackRequest.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY, name=spec.name).exists():
            return
        request = callback_request_create(
            municipality=settings.GRIZHA_MUNICIPALITY,
            name=spec.name,
            phone=spec.phone,
            email=spec.email,
            best_time=spec.best_time,
            note=spec.note,
            language=spec.language,
            kind=spec.kind,
            settlement=spec.settlement if Settlement.objects.filter(ekatte=spec.settlement).exists() else None,
            service=Service.objects.get(id=demo_id("service", spec.service)) if spec.service else None,
            visit_needs=spec.visit_needs,
            needs=spec.needs,
            service_ids=[str(demo_id("service", key)) for key in spec.services_found],
        )
        if spec.handled_by:
            callback_request_handle(request=request, by=self.user(spec.handled_by))
        self.added += 1


@transaction.atomic
def ensure_demo_casework() -> int:
    """Add the demo's casework that is missing (the demo catalog and accounts first); the number of
    people, consents, consultations, referrals and requests added."""
    ensure_demo_accounts()
    demo = _Demo()
    for person in PEOPLE:
        demo.person(person)
    for consultation in CONSULTATIONS:
        demo.consultation(consultation)
    for referral in REFERRALS:
        demo.referral(referral)
    for request in REQUESTS:
        demo.request(request)
    return demo.added
