"""The competence framework grizha starts with, after the staff standards of the Ordinance on the
quality of social services: what each role must be able to do on its own. Loaded by a data migration;
a municipality may change it in the admin."""

from __future__ import annotations

from typing import Any

# People of providers work without an account; their trainings still follow a framework.
PROVIDER_STAFF = "provider_staff"
ALL = ["front_office", "case_worker", "office_manager", PROVIDER_STAFF]

# (code, area, roles, Bulgarian name, English name)
COMPETENCES: list[tuple[str, str, list[str], str, str]] = [
    (
        "social-rights",
        "rights",
        ALL,
        "Права на хората и достъп до услуги по Закона за социалните услуги",
        "People's rights and access to services under the Social Services Act",
    ),
    (
        "data-protection",
        "rights",
        [*ALL, "analyst"],
        "Защита на личните данни и поверителност",
        "Personal data protection and confidentiality",
    ),
    ("ethics", "rights", ALL, "Професионална етика и недискриминация", "Professional ethics and non-discrimination"),
    (
        "accessible-communication",
        "communication",
        ["front_office", "case_worker", PROVIDER_STAFF],
        "Общуване с хора с увреждания: лесен за четене език, жестов език, помощни технологии",
        "Communicating with people with disabilities: easy read, sign language, assistive technology",
    ),
    (
        "crisis-communication",
        "communication",
        ["front_office", "case_worker", PROVIDER_STAFF],
        "Разговор с човек в криза",
        "Talking with a person in crisis",
    ),
    (
        "needs-assessment",
        "casework",
        ["front_office", "case_worker"],
        "Оценка на потребностите и насочване",
        "Assessing needs and referring",
    ),
    (
        "case-management",
        "casework",
        ["case_worker", PROVIDER_STAFF],
        "Водене на случай и индивидуален план за подкрепа",
        "Case management and individual support plans",
    ),
    (
        "child-protection",
        "casework",
        ["front_office", "case_worker", PROVIDER_STAFF],
        "Закрила на детето и сигнали за насилие",
        "Child protection and reporting violence",
    ),
    (
        "service-catalogue",
        "services",
        ["front_office", "case_worker", "office_manager"],
        "Социалните услуги и помощи в общината",
        "The municipality's social services and benefits",
    ),
    (
        "registers-applications",
        "services",
        ["front_office", "case_worker"],
        "Електронни заявления и справки в регистрите (RegiX)",
        "E-applications and register checks (RegiX)",
    ),
    (
        "quality-standards",
        "management",
        ["office_manager", PROVIDER_STAFF],
        "Стандарти за качество на социалните услуги",
        "Quality standards of social services",
    ),
    (
        "supervision-practice",
        "management",
        ["office_manager"],
        "Супервизия и подкрепа на екипа",
        "Supervision and support of the team",
    ),
    (
        "needs-analysis",
        "management",
        ["office_manager", "analyst"],
        "Анализ на потребностите и планиране",
        "Needs analysis and planning",
    ),
]


def load_framework(apps: Any) -> None:
    """Create the framework's competences that are missing, by code (edits made since are kept)."""
    Competence = apps.get_model("training", "Competence")
    for position, (code, area, roles, name_bg, name_en) in enumerate(COMPETENCES):
        Competence.objects.get_or_create(
            code=code,
            defaults={
                "area": area,
                "roles": roles,
                "name": name_bg,
                "name_bg": name_bg,
                "name_en": name_en,
                "position": position,
            },
        )
