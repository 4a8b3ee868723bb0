"""Catalog editors set up an application form in the admin: its questions, documents and register checks."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from grizha.accounts.testing import log_in
from grizha.applications.models import ApplicationType
from grizha.catalog.models import Service

pytestmark = pytest.mark.django_db

ADD = "/admin/applications/applicationtype/add/"


@pytest.fixture
def editor(client: Client) -> Client:
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "a long password 123")
    log_in(client, user)
    return client


def test_the_form_shows_questions_documents_and_register_checks(editor: Client) -> None:
    page = editor.get(ADD).content.decode()
    for prefix in ("questions-", "documents-", "registry_checks-"):
        assert f'name="{prefix}TOTAL_FORMS"' in page


def test_a_register_check_without_its_legal_basis_is_refused(editor: Client) -> None:
    service = Service.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY).order_by("id").first()
    assert service is not None
    data = {
        "service": str(service.pk),
        "title_bg": "Заявление",
        "consent_text_bg": "Съгласие",
        "declaration_text_bg": "Декларация",
        "is_active": "on",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "registry_checks-TOTAL_FORMS": "1",
        "registry_checks-INITIAL_FORMS": "0",
        "registry_checks-0-check_name": "person",
        "registry_checks-0-law_reason": "",
        "registry_checks-0-purpose_bg": "имената",
    }
    response = editor.post(ADD, data)
    assert response.status_code == 200  # the form again, with the error
    assert ApplicationType.objects.count() == 0
    data["registry_checks-0-law_reason"] = "чл. 40 ЗСУ"
    assert editor.post(ADD, data).status_code == 302
    assert ApplicationType.objects.get().registry_checks.get().law_reason == "чл. 40 ЗСУ"
