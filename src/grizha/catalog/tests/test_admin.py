"""A catalog editor can really use the admin: one page per service, attributes picked by label."""

from __future__ import annotations

import pytest
from django.test import Client

from grizha.accounts.testing import log_in_as
from grizha.catalog.admin import AttributeForm
from grizha.catalog.models import Service, TaxonomyTerm
from grizha.demo.accounts import ensure_demo_accounts

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client: Client) -> Client:
    ensure_demo_accounts()
    log_in_as(client, "editor")
    return client


def test_service_page_in_the_admin_shows_inlines_and_term_labels(editor: Client) -> None:
    service = Service.objects.filter(access_steps__isnull=False).first()
    assert service is not None
    body = editor.get(f"/admin/catalog/service/{service.id}/change/").content.decode()
    for inline in ("attributes-", "service_at_locations-", "access_steps-", "required_documents-", "cost_options-"):
        assert f'id="{inline}' in body or f'name="{inline}' in body, inline
    meals = TaxonomyTerm.objects.select_related("taxonomy").get(taxonomy__code="bg-need", code="meals")
    assert f"{meals.taxonomy.name} — {meals.name}" in body


def test_every_catalog_list_in_the_admin_opens(editor: Client) -> None:
    for model in ("service", "location", "organization", "program", "taxonomy", "taxonomyterm"):
        assert editor.get(f"/admin/catalog/{model}/").status_code == 200, model
    assert editor.get("/admin/territory/office/").status_code == 200


def _form(link_type: str, taxonomy: str, code: str, value: str = "") -> AttributeForm:
    term = TaxonomyTerm.objects.get(taxonomy__code=taxonomy, code=code)
    return AttributeForm(data={"link_type": link_type, "taxonomy_term": str(term.id), "value": value})


def test_attribute_term_must_fit_its_meaning() -> None:
    assert _form("need", "bg-need", "meals").is_valid()
    form = _form("need", "bg-target-group", "elderly")
    assert not form.is_valid()
    assert "taxonomy_term" in form.errors


def test_eligibility_criterion_needs_a_value() -> None:
    form = _form("eligibility", "bg-eligibility-criterion", "min-disability-percent")
    assert not form.is_valid()
    assert "value" in form.errors
    assert _form("eligibility", "bg-eligibility-criterion", "min-disability-percent", "50").is_valid()
