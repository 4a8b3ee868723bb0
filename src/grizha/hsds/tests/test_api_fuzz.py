"""Schemathesis against /api/openapi.json: every endpoint, generated valid and invalid parameters; no
server errors, answers as documented (status codes, content types, the HSDS schemas)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]


@pytest.fixture
def api_schema(django_db_setup: Any, django_db_blocker: Any) -> Any:
    from grizha.config.wsgi import application

    with django_db_blocker.unblock():
        return schemathesis.openapi.from_wsgi("/api/openapi.json", application)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_as_its_openapi_document_says(case: Any) -> None:
    # lat, lng and radius_km go together, which OpenAPI cannot say of query parameters: complete the
    # point so that such requests stay valid (test_api covers the 400 for an incomplete one).
    point = {"lat": 42.68, "lng": 26.32, "radius_km": 10}
    if case.query and 0 < len(point.keys() & case.query.keys()) < len(point):
        for key, value in point.items():
            case.query.setdefault(key, value)
    case.call_and_validate(headers={"Host": "localhost"})
