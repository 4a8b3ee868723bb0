"""The A4 leaflet: the same facts as the service's page, in selectable text of either language, with
the QR code of the page; a large-print variant; bad input answered in words."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from grizha.catalog.selectors import service_page
from grizha.demo.loader import demo_id
from grizha.paper.tests import readers

pytestmark = pytest.mark.django_db

SERVICE = demo_id("service", "informirane-konsultirane")


def _expected(language: str) -> tuple[str, list[str], list[str]]:
    with translation.override(language):
        page = service_page(SERVICE)
        assert page is not None
        return page.service.name, [s.title for s in page.steps], [p.number for p in page.phones]


def test_the_bulgarian_leaflet_has_the_name_steps_and_phone_in_cyrillic(client: Client) -> None:
    response = client.get(f"/services/{SERVICE}/leaflet.pdf")
    assert readers.is_pdf(response)
    data = readers.body(response)
    text = readers.text(data)
    name, steps, phones = _expected("bg")
    assert "Информиране и консултиране за социални права и услуги" in text
    assert name in text
    assert steps and all(step in text for step in steps)
    assert phones and all(phone in text for phone in phones)
    assert "Как да я получите" in text or "How to get it" in text


def test_the_english_leaflet_is_in_english(client: Client) -> None:
    data = readers.body(client.get(f"/en/services/{SERVICE}/leaflet.pdf"))
    text = readers.text(data)
    name, steps, phones = _expected("en")
    assert name == "Information and advice on social rights and services"
    assert name in text
    assert all(step in text for step in steps)
    assert all(phone in text for phone in phones)
    assert "How to get it" in text


@pytest.mark.parametrize(("prefix", "language"), [("", "bg"), ("/en", "en")])
def test_the_leaflet_has_title_language_tags_and_the_page_qr_code(client: Client, prefix: str, language: str) -> None:
    data = readers.body(client.get(f"{prefix}/services/{SERVICE}/leaflet.pdf"))
    document = readers.pdf(data)
    name, _steps, _phones = _expected(language)
    assert document.metadata is not None and document.metadata.title == name
    root = document.trailer["/Root"]
    assert root["/Lang"] == language
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    url = f"{settings.GRIZHA_BASE_URL}{prefix}/services/{SERVICE}/"
    assert readers.pdf_qr_codes(data) == [url]
    assert url in readers.text(data).replace(" ", ""), "the address is also printed for those who cannot scan"


def test_large_print_sets_every_text_at_16_points_or_more(client: Client) -> None:
    normal = readers.body(client.get(f"/services/{SERVICE}/leaflet.pdf"))
    large = readers.body(client.get(f"/services/{SERVICE}/leaflet.pdf?print=large"))
    assert min(readers.font_sizes(normal)) < 16
    assert min(readers.font_sizes(large)) >= 16
    assert _expected("bg")[0] in readers.text(large)
    assert len(readers.pdf(large).pages) > len(readers.pdf(normal).pages)


def test_an_unknown_print_size_is_explained(client: Client) -> None:
    response = client.get(f"/services/{SERVICE}/leaflet.pdf?print=huge")
    assert response.status_code == 400
    html = response.content.decode()
    assert "huge" in html
    assert 'class="error-summary"' in html


def test_every_service_has_a_leaflet_with_its_name(client: Client) -> None:
    from grizha.catalog.models import Service

    for service in Service.objects.exclude(status=Service.Status.DEFUNCT)[:60]:
        response = client.get(f"/services/{service.id}/leaflet.pdf")
        assert readers.is_pdf(response), service.name
        assert service.name in readers.text(readers.body(response))


@pytest.mark.parametrize(("prefix", "language", "heading"), [("", "bg", "Накратко"), ("/en", "en", "In short")])
def test_the_leaflet_begins_with_the_easy_read_summary(
    client: Client, prefix: str, language: str, heading: str
) -> None:
    # The request switches the language of this thread; override() puts back the one before it.
    with translation.override(language):
        page = service_page(SERVICE)
        assert page is not None
        lines = page.service.easy_read.splitlines()
        description = page.service.description
        text = readers.text(readers.body(client.get(f"{prefix}/services/{SERVICE}/leaflet.pdf")))
    assert len(lines) >= 3, "the demo's summary: short sentences, one a line"
    assert all(readers.flat(line) in text for line in lines)
    assert text.index(heading) < text.index(readers.flat(lines[0])) < text.index(readers.flat(description)[:40])


def _with_national_facts() -> None:
    from grizha.catalog.models import Capacity, LegalReference, Service

    Service.objects.filter(id=SERVICE).update(iisda_number="2016")
    LegalReference.objects.create(
        service_id=SERVICE,
        position=1,
        act_bg="Закон за социалните услуги",
        act_en="Social Services Act",
        article="15",
        point="1",
    )
    Capacity.objects.update_or_create(
        service_id=SERVICE, defaults={"funded_places": 40, "funding_decision": "РМС № 1000/2025"}
    )


@pytest.mark.parametrize(
    ("prefix", "provision", "funded"),
    [
        ("", "Закон за социалните услуги", "40 (РМС № 1000/2025)"),
        ("/en", "Art. 15, item 1 of the Social Services Act", "40 (РМС № 1000/2025)"),
    ],
)
def test_the_leaflet_has_the_iisda_number_provisions_and_funded_places(
    client: Client, prefix: str, provision: str, funded: str
) -> None:
    _with_national_facts()
    # The request switches the language of this thread; override() puts back the one before it.
    with translation.override("en" if prefix else "bg"):
        text = readers.text(readers.body(client.get(f"{prefix}/services/{SERVICE}/leaflet.pdf")))
    assert "2016" in text
    assert "iisda.government.bg/adm_services/services/service_card/2016" in text.replace(" ", "")
    assert provision in text
    assert funded in text
    if prefix:
        assert "IISDA number: 2016" in text
        assert "Places funded by the state: 40" in text


def test_a_leaflet_without_national_facts_leaves_them_out(client: Client) -> None:
    from grizha.catalog.models import Capacity, LegalReference, Service

    Service.objects.filter(id=SERVICE).update(iisda_number="")
    LegalReference.objects.filter(service_id=SERVICE).delete()
    Capacity.objects.filter(service_id=SERVICE).update(funded_places=None)
    with translation.override("en"):
        text = readers.text(readers.body(client.get(f"/en/services/{SERVICE}/leaflet.pdf")))
    assert "IISDA number" not in text
    assert "Places funded by the state" not in text
