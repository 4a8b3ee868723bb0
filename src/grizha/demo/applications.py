"""The demo's online application forms: assistant support and home social patronage, each with its
questions, its documents (those a register answers for name it, and are not asked for once the person
agrees to the register checks), and the registers asked instead of certificates. Run again, it adds
only what is missing."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

from grizha.applications.models import Application, ApplicationType, DocumentRequirement, Question, RegistryCheck
from grizha.applications.services import Submission, application_submit, registry_checks_run
from grizha.catalog.models import Service
from grizha.territory.models import Office

# Said to RegiX, which takes it in Bulgarian.
LAW = "чл. 2, ал. 1 от Закона за електронното управление; чл. 81 от Закона за социалните услуги"
CONSENT = {
    "bg": "Съгласен/съгласна съм общината да провери данните ми в националните регистри и да ги пази, "
    "докато разглежда заявлението, и след това толкова, колкото изисква законът.",
    "en": "I agree that the municipality checks my data in the national registers and keeps it while it "
    "considers the application, and afterwards as long as the law requires.",
}
DECLARATION = {
    "bg": "Декларирам, че данните в заявлението са верни. Известно ми е, че за неверни данни нося "
    "отговорност по чл. 313 от Наказателния кодекс.",
    "en": "I declare that the information in this application is true. I know that I am liable for false "
    "statements under Article 313 of the Criminal Code.",
}

FORMS: list[dict[str, Any]] = [
    {
        "service": "Асистентска подкрепа",
        "title": {"bg": "Заявление за асистентска подкрепа", "en": "Application for assistant support"},
        "introduction": {
            "bg": "Асистентската подкрепа е помощ у дома за хора с увреждания и за възрастни хора, които не могат "
            "да се грижат сами за себе си. Попълването отнема около 10 минути.",
            "en": "Assistant support is help at home for people with disabilities and older people who cannot "
            "look after themselves. The form takes about 10 minutes.",
        },
        "questions": [
            (
                "for_whom",
                "choice",
                {"bg": "За кого", "en": "Who it is for"},
                {"bg": "За кого кандидатствате?", "en": "Who are you applying for?"},
                {"bg": "За себе си\nЗа член на семейството", "en": "For myself\nFor a member of my family"},
                "",
            ),
            (
                "birth_date",
                "date",
                {"bg": "За кого", "en": "Who it is for"},
                {
                    "bg": "Каква е датата на раждане на човека, който ще получава услугата?",
                    "en": "What is the date of birth of the person who will receive the service?",
                },
                {},
                "birth_date",
            ),
            (
                "settlement",
                "text",
                {"bg": "Къде живее", "en": "Where they live"},
                {"bg": "В кое населено място живее?", "en": "In which town or village do they live?"},
                {},
                "current_settlement",
            ),
            (
                "lives_alone",
                "yes_no",
                {"bg": "Къде живее", "en": "Where they live"},
                {"bg": "Живее ли сам/сама?", "en": "Do they live alone?"},
                {},
                "",
            ),
            (
                "household_size",
                "number",
                {"bg": "Къде живее", "en": "Where they live"},
                {"bg": "Колко души живеят в домакинството?", "en": "How many people live in the household?"},
                {},
                "household_size",
            ),
            (
                "has_disability",
                "yes_no",
                {"bg": "Нужда от помощ", "en": "The help needed"},
                {"bg": "Има ли решение на ТЕЛК или НЕЛК?", "en": "Do they have a disability decision (TELK or NELK)?"},
                {},
                "disability",
            ),
            (
                "help_needed",
                "long_text",
                {"bg": "Нужда от помощ", "en": "The help needed"},
                {"bg": "С какво има нужда от помощ у дома?", "en": "What do they need help with at home?"},
                {},
                "",
            ),
        ],
        "documents": [
            (
                {
                    "bg": "Медицински документ за здравословното състояние (ако нямате решение на ТЕЛК)",
                    "en": "A medical document about the state of health (if there is no disability decision)",
                },
                False,
                "",
            ),
            (
                {"bg": "Експертно решение на ТЕЛК/НЕЛК", "en": "Disability decision (TELK/NELK)"},
                False,
                "disability-decision",
            ),
        ],
        "checks": [
            ("person", {"bg": "имена и дата на раждане", "en": "names and date of birth"}),
            ("current-address", {"bg": "настоящ адрес", "en": "current address"}),
            ("relations", {"bg": "членове на семейството", "en": "members of the family"}),
            ("disability-decision", {"bg": "решение на ТЕЛК/НЕЛК", "en": "the disability decision"}),
        ],
    },
    {
        "service": "Домашен социален патронаж",
        "title": {"bg": "Заявление за домашен социален патронаж", "en": "Application for home social patronage"},
        "introduction": {
            "bg": "Домашният социален патронаж доставя храна и помага у дома. Попълването отнема около 5 минути.",
            "en": "Home social patronage delivers meals and helps at home. The form takes about 5 minutes.",
        },
        "questions": [
            (
                "settlement",
                "text",
                {},
                {"bg": "В кое населено място живеете?", "en": "In which town or village do you live?"},
                {},
                "current_settlement",
            ),
            (
                "meals",
                "yes_no",
                {},
                {"bg": "Нуждаете ли се от доставка на храна?", "en": "Do you need meals delivered?"},
                {},
                "",
            ),
            (
                "pension",
                "number",
                {},
                {"bg": "Колко е пенсията ви на месец, в евро?", "en": "How much is your pension a month, in euro?"},
                {},
                "pension",
            ),
        ],
        "documents": [
            (
                {"bg": "Документ за размера на пенсията", "en": "Proof of the amount of your pension"},
                True,
                "pension",
            ),
        ],
        "checks": [
            ("person", {"bg": "имена и дата на раждане", "en": "names and date of birth"}),
            ("current-address", {"bg": "настоящ адрес", "en": "current address"}),
            ("pension", {"bg": "размер на пенсията, за таксата", "en": "the amount of the pension, for the fee"}),
        ],
    },
]


# Applications waiting in the staff's queue, from people the register simulator knows (their names as
# it gives them). The second declares a village that is not the one in the population register (a
# difference staff see highlighted); the third was made at the Bikovo mayoralty on the person's behalf.
SUBMISSIONS: list[dict[str, Any]] = [
    {
        "form": "Асистентска подкрепа",
        "identifier": "7501020018",
        "names": ("Мария", "Русева"),
        "answers": {
            "for_whom": "За член на семейството",
            "birth_date": "1975-01-02",
            "settlement": "Сливен",
            "lives_alone": "no",
            "household_size": "5",
            "has_disability": "no",
            "help_needed": "Грижа за майка ми, която трудно се движи.",
        },
        "email": "maria.ruseva@example.com",
    },
    {
        "form": "Домашен социален патронаж",
        "identifier": "4511297811",
        "names": ("Десислава", "Янкова"),
        "answers": {"settlement": "Биково", "meals": "yes", "pension": "560"},
        "phone": "+359888123456",
    },
    {
        "form": "Домашен социален патронаж",
        "identifier": "7304100188",
        "names": ("Георги", "Колев"),
        "answers": {"settlement": "Селиминово", "meals": "yes", "pension": "0"},
        "by": "bikovo",
    },
]


def ensure_demo_applications() -> int:
    """Make the demo's application forms and the applications waiting for staff that are missing;
    returns how many forms were made."""
    made = ensure_demo_forms()
    for position, spec in enumerate(SUBMISSIONS):
        _ensure_submission(position, spec)
    return made


def _ensure_submission(position: int, spec: dict[str, Any]) -> None:
    key = uuid.uuid5(uuid.NAMESPACE_URL, f"grizha-demo-application-{position}")
    form = ApplicationType.objects.filter(service__name_bg=spec["form"]).first()
    if form is None or Application.objects.filter(submission_key=key).exists():
        return
    by = get_user_model().objects.filter(username=spec["by"]).first() if spec.get("by") else None
    office = Office.objects.filter(memberships__user=by).first() if by else None
    given, family = spec["names"]
    sent = application_submit(
        submission=Submission(
            application_type=form,
            submission_key=key,
            identifier=spec["identifier"],
            given_name=given,
            family_name=family,
            answers=spec["answers"],
            consent=True,
            declaration=True,
            email=spec.get("email", ""),
            phone=spec.get("phone", ""),
            office=office,
        ),
        by=by,
    )
    registry_checks_run(application=sent.application)


def ensure_demo_forms() -> int:
    """Make the demo's application forms that are missing; returns how many were made."""
    made = 0
    for spec in FORMS:
        service = Service.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY, name_bg=spec["service"]).first()
        if service is None or ApplicationType.objects.filter(service=service).exists():
            continue
        form = ApplicationType.objects.create(
            service=service,
            **_both("title", spec["title"]),
            **_both("introduction", spec["introduction"]),
            **_both("consent_text", CONSENT),
            **_both("declaration_text", DECLARATION),
        )
        for position, (key, kind, section, label, options, fact) in enumerate(spec["questions"]):
            Question.objects.create(
                application_type=form,
                position=position,
                key=key,
                kind=kind,
                compare_with=fact,
                **_both("section", section or {"bg": "", "en": ""}),
                **_both("label", label),
                **_both("options", options or {"bg": "", "en": ""}),
            )
        for position, (name, required, register_check) in enumerate(spec["documents"]):
            DocumentRequirement.objects.create(
                application_type=form,
                position=position,
                required=required,
                register_check=register_check,
                **_both("name", name),
            )
        for check, purpose in spec["checks"]:
            RegistryCheck.objects.create(
                application_type=form, check_name=check, law_reason=LAW, **_both("purpose", purpose)
            )
        made += 1
    return made


def _both(field: str, text: dict[str, str]) -> dict[str, str]:
    return {field: text["bg"], f"{field}_bg": text["bg"], f"{field}_en": text["en"]}
