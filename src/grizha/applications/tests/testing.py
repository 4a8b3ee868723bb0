"""What the tests of applications share: a person the register simulator knows, a legal basis, a
submission to send, and a RegiX client talking to the simulator in process (the `form` fixture is in
conftest.py)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from grizha.applications.models import ApplicationType
from grizha.applications.services import Submission
from grizha.registers.client import RegixClient
from grizha.registers.simulator import make_application

EGN = "8506251243"
LAW = "чл. 40, ал. 1 от Закона за социалните услуги"


def submission(form: ApplicationType, **changes: Any) -> Submission:
    values: dict[str, Any] = {
        "application_type": form,
        "submission_key": uuid.uuid4(),
        "identifier": EGN,
        "given_name": "Иван",
        "family_name": "Петров",
        "answers": {"household_size": "2", "lives_alone": "no"},
        "consent": True,
        "declaration": True,
    }
    return Submission(**(values | changes))


def simulator() -> RegixClient:
    return RegixClient(transport=httpx.WSGITransport(app=make_application()))
