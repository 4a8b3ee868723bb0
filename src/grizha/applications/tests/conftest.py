"""The application form most tests of applications use: three questions (a number, yes or no, an
optional long text) and two register checks, on a service of the demo municipality."""

from __future__ import annotations

import pytest
from django.conf import settings

from grizha.applications.models import ApplicationType, Question, RegistryCheck
from grizha.applications.tests.testing import LAW
from grizha.catalog.models import Service


@pytest.fixture
def form() -> ApplicationType:
    service = Service.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY).order_by("id").first()
    assert service is not None
    kind = ApplicationType.objects.create(
        service=service,
        title="Заявление за личен асистент",
        title_en="Application for a personal assistant",
        consent_text="Съгласен съм данните ми да бъдат проверени в регистрите.",
        declaration_text="Декларирам, че данните са верни.",
    )
    Question.objects.create(
        application_type=kind, key="household_size", label="Колко души живеят с вас?", kind="number"
    )
    Question.objects.create(application_type=kind, key="lives_alone", label="Живеете ли сам?", kind="yes_no")
    Question.objects.create(application_type=kind, key="note", label="Нещо друго?", kind="long_text", required=False)
    for check, purpose in (("person", "имената и датата на раждане"), ("disability-decision", "решението на ТЕЛК")):
        RegistryCheck.objects.create(application_type=kind, check_name=check, law_reason=LAW, purpose=purpose)
    return kind
