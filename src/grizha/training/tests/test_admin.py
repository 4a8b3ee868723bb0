"""The competence framework in the admin: the roles are chosen from a list, and what is chosen is kept."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from grizha.accounts.testing import log_in
from grizha.training.models import Competence

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    user = get_user_model().objects.create_superuser("administrator", "admin@example.org", "a long password 123")
    return log_in(client, user)


def test_the_framework_is_listed_with_the_roles_that_require_each_competence(admin_client: Client) -> None:
    page = admin_client.get("/admin/training/competence/").content.decode()
    assert Competence.objects.get(code="needs-assessment").name in page


def test_a_competence_s_roles_are_chosen_and_kept(admin_client: Client) -> None:
    competence = Competence.objects.get(code="needs-assessment")
    url = f"/admin/training/competence/{competence.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert 'type="checkbox" name="roles"' in page
    answers = {
        "code": competence.code,
        "name_bg": competence.name_bg,
        "name_en": competence.name_en,
        "description_bg": "",
        "description_en": "",
        "area": competence.area,
        "roles": ["front_office", "provider_staff"],
        "position": "3",
    }
    response = admin_client.post(url, answers)
    assert response.status_code == 302, response.content.decode()[:2000]
    competence.refresh_from_db()
    assert competence.roles == ["front_office", "provider_staff"]
