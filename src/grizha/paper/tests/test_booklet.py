"""The booklet: every active service of the municipality after a table of contents whose page numbers
lead to each service; filters by settlement, target group and need; bad filters explained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from grizha.catalog.models import Service
from grizha.paper.booklet import booklet_document
from grizha.paper.forms import BookletRequest
from grizha.paper.tests import readers

pytestmark = pytest.mark.django_db


def _active_names(**where: str) -> set[str]:
    services = Service.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY, status=Service.Status.ACTIVE)
    for link_type, code in where.items():
        services = services.filter(attributes__link_type=link_type, attributes__taxonomy_term__code=code)
    return {s.name for s in services.distinct()}


def _outline(data: bytes) -> list[tuple[str, int]]:
    document = readers.pdf(data)
    return [(item.title, document.get_destination_page_number(item) + 1) for item in document.outline]


def test_the_booklet_lists_every_active_service_with_a_table_of_contents(client: Client) -> None:
    response = client.get("/leaflets/booklet.pdf")
    assert readers.is_pdf(response)
    data = readers.body(response)
    pages = readers.page_texts(data)
    outline = _outline(data)
    assert {name for name, _page in outline} == _active_names()
    contents = " ".join(pages[1 : outline[0][1] - 1])
    for name, page in outline:
        listed = re.search(re.escape(readers.flat(name)) + r" (\d+)", contents)
        assert listed, f"{name} is in the table of contents"
        assert int(listed.group(1)) == page
        assert readers.flat(name) in pages[page - 1], f"page {page} is about {name}"


def test_the_english_booklet_is_in_english(client: Client) -> None:
    data = readers.body(client.get("/en/leaflets/booklet.pdf"))
    assert readers.pdf(data).trailer["/Root"]["/Lang"] == "en"
    with translation.override("en"):
        names = _active_names()
    assert {name for name, _page in _outline(data)} == names
    assert "Contents" in readers.text(data)


def test_a_booklet_for_one_need_has_only_the_services_meeting_it(client: Client) -> None:
    data = readers.body(client.get("/leaflets/booklet.pdf?need=meals"))
    names = {name for name, _page in _outline(data)}
    assert names == _active_names(need="meals")
    assert names < _active_names()


def test_a_booklet_for_one_target_group_is_narrower(client: Client) -> None:
    data = readers.body(client.get("/leaflets/booklet.pdf?target_group=children-at-risk"))
    names = {name for name, _page in _outline(data)}
    assert names
    assert names < _active_names()


def test_a_booklet_for_one_settlement_names_it_on_the_cover(client: Client) -> None:
    data = readers.body(client.get("/leaflets/booklet.pdf?settlement=36779"))
    cover = readers.page_texts(data)[0]
    assert "Кермен" in cover
    names = {name for name, _page in _outline(data)}
    assert names and names < _active_names()


@pytest.mark.parametrize(
    ("query", "shown"),
    [("settlement=99999", "99999"), ("need=flying", "flying"), ("target_group=martians", "martians")],
)
def test_a_bad_filter_gets_a_clear_message(client: Client, query: str, shown: str) -> None:
    response = client.get(f"/leaflets/booklet.pdf?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert shown in html
    assert 'class="error-summary"' in html
    assert "/leaflets/#f-" in html


def test_unknown_parameters_are_ignored(client: Client) -> None:
    assert readers.is_pdf(client.get("/leaflets/booklet.pdf?utm_source=poster"))


def test_the_booklet_is_kept_until_the_catalog_changes(client: Client, paper_dir: Path) -> None:
    first = readers.body(client.get("/leaflets/booklet.pdf"))
    stored = readers.stored_files(paper_dir)
    assert len(stored) == 1
    assert readers.body(client.get("/leaflets/booklet.pdf")) == first
    assert readers.stored_files(paper_dir) == stored


@pytest.mark.parametrize("language", ["bg", "en"])
def test_no_glyph_is_missing_from_the_font(language: str) -> None:
    with translation.override(language):
        document = booklet_document(BookletRequest(municipality_codes=[settings.GRIZHA_MUNICIPALITY]))
    assert document.missing_glyphs() == []


def test_the_large_print_booklet_has_no_text_under_16_points(client: Client) -> None:
    data = readers.body(client.get("/leaflets/booklet.pdf?print=large&need=meals"))
    assert min(readers.font_sizes(data)) >= 16
