"""Evidence from the registers on the service's page and leaflet: a document a register's answer stands
for says that, with the person's consent, the municipality asks that register, so they need not bring it."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from grizha.catalog.models import RequiredDocument, Service
from grizha.demo.loader import demo_id
from grizha.paper.tests import readers
from grizha.registers.labels import register_name

pytestmark = pytest.mark.django_db

WORDING = "Not needed if you agree that we ask the register"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def transport() -> Service:
    """Specialised transport: an identity card to show, and the disability decision a register gives."""
    return Service.objects.get(pk=demo_id("service", "specializiran-transport"))


def test_a_document_a_register_gives_says_the_person_need_not_bring_it(client: Client) -> None:
    service = transport()
    decision = service.required_documents.get(register_check="disability-decision")
    page = client.get(f"/en/services/{service.pk}/").content.decode()
    documents = page.split('id="documents"')[1].split("</section>")[0]
    assert decision.document_en in documents
    assert f"{WORDING}: Medical expertise register (NELK): decision on disability" in documents
    # The identity card is still to be shown: it says nothing of a register.
    assert documents.count(WORDING) == 1


def test_the_register_is_named_in_the_language_of_the_page(client: Client) -> None:
    page = client.get(f"/services/{transport().pk}/").content.decode()
    documents = page.split('id="documents"')[1].split("</section>")[0]
    with translation.override("bg"):
        name = register_name("disability-decision")
    assert name != "Medical expertise register (NELK): decision on disability"
    assert escape(name) in documents


def test_without_a_register_the_documents_are_listed_as_before(client: Client) -> None:
    service = transport()
    RequiredDocument.objects.filter(service=service).update(register_check="")
    page = client.get(f"/en/services/{service.pk}/").content.decode()
    assert WORDING not in page


def test_a_derived_service_takes_the_register_from_its_national_description() -> None:
    home = Service.objects.get(pk=demo_id("service", "dom-stari-hora"))
    assert home.master_id is not None
    checks = set(home.required_documents.values_list("register_check", flat=True))
    assert {"pension", "disability-decision"} <= checks


def test_the_leaflet_says_it_too(client: Client) -> None:
    response = client.get(f"/en/services/{transport().pk}/leaflet.pdf")
    text = readers.text(readers.body(response))
    assert WORDING in text and "Medical expertise register (NELK)" in text
