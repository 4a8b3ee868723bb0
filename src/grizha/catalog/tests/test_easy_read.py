"""Easy-read: a switch on the service page between the full text and the easy-read text, without
JavaScript, kept apart by the page cache; the admin flags a service without its easy-read text."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from grizha.accounts.testing import log_in_as
from grizha.catalog.models import Service
from grizha.demo.accounts import ensure_demo_accounts
from grizha.demo.loader import demo_id

pytestmark = pytest.mark.django_db

SERVICE = demo_id("service", "informirane-konsultirane")
PAGE = f"/services/{SERVICE}/"


@pytest.fixture(autouse=True)
def _keep_the_language() -> Iterator[None]:
    """Requests to /en/ switch this thread's language; put back the one found, for the tests after."""
    with translation.override(translation.get_language()):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def _current(html: str) -> list[str]:
    """The labels of the switch's links marked as the version shown."""
    return re.findall(r'<a href="[^"]*" aria-current="page">([^<]+)</a>', html)


def test_the_service_page_offers_both_versions_and_marks_the_one_shown(client: Client) -> None:
    html = client.get(f"/en{PAGE}").content.decode()
    assert f'<a href="/en{PAGE}" aria-current="page">Standard text</a>' in html
    assert f'<a href="/en{PAGE}?view=easy">Easy-read</a>' in html
    assert 'aria-label="Ways to read this page"' in html
    easy = client.get(f"/en{PAGE}?view=easy").content.decode()
    assert _current(easy) == ["Easy-read"]


def test_the_service_page_offers_listening_to_it(client: Client) -> None:
    html = client.get(PAGE).content.decode()
    assert f'<a href="/services/{SERVICE}/listen/" rel="nofollow">' in html


def test_the_easy_read_version_shows_the_easy_text_in_place_of_the_full_one(client: Client) -> None:
    service = Service.objects.get(id=SERVICE)
    full = client.get(f"/en{PAGE}").content.decode()
    easy = client.get(f"/en{PAGE}?view=easy").content.decode()
    first_line = service.easy_read_en.splitlines()[0]
    assert first_line in easy and first_line in full, "the full page keeps the summary at the top"
    assert service.description_en[:60] in _main(full)
    assert service.description_en[:60] not in _main(easy)
    assert 'id="what"' not in easy and 'id="how"' not in easy
    assert 'id="where"' in easy, "where and when to go stays"
    assert f'href="/en{PAGE}">Read all the details</a>' in easy
    assert easy.count("<h1") == 1


def test_the_page_cache_keeps_both_versions_apart(client: Client) -> None:
    service = Service.objects.get(id=SERVICE)
    marker = service.description_bg[:60]
    assert marker in _main(client.get(PAGE).content.decode())
    assert marker not in _main(client.get(f"{PAGE}?view=easy").content.decode())
    # Both are now cached; each address still gets its own version, in either order.
    assert marker in _main(client.get(PAGE).content.decode())
    assert marker not in _main(client.get(f"{PAGE}?view=easy").content.decode())
    assert len(_current(client.get(PAGE).content.decode())) == 1
    assert _current(client.get(f"{PAGE}?view=easy").content.decode()) != _current(client.get(PAGE).content.decode())


def test_a_service_without_easy_read_text_has_no_switch_and_says_so_when_asked(client: Client) -> None:
    Service.objects.filter(id=SERVICE).update(easy_read="", easy_read_bg="", easy_read_en="")
    html = client.get(f"/en{PAGE}").content.decode()
    assert "?view=easy" not in html
    asked = client.get(f"/en{PAGE}?view=easy").content.decode()
    assert "This page has no easy-read text yet." in asked
    assert 'id="what"' in asked, "the full text instead"


# --- the admin ---------------------------------------------------------------------------------


@pytest.fixture
def editor(client: Client) -> Client:
    ensure_demo_accounts()
    log_in_as(client, "editor")
    return client


def test_the_admin_list_filters_and_flags_services_without_easy_read_text(editor: Client) -> None:
    Service.objects.filter(id=SERVICE).update(easy_read_en="")
    missing = editor.get("/admin/catalog/service/?easy_read=missing")
    assert missing.status_code == 200
    assert [s.id for s in missing.context["cl"].result_list] == [SERVICE]
    written = editor.get("/admin/catalog/service/?easy_read=written").context["cl"].result_list
    assert SERVICE not in {s.id for s in written}
    assert len(written) == Service.objects.count() - 1
    html = editor.get("/admin/catalog/service/").content.decode()
    assert "column-easy_read_written" in html
    assert 'alt="False"' in html


def _add(editor: Client, **texts: str) -> list[str]:
    """Add a service in the admin as an editor would; the warnings shown on the next page."""
    form = editor.get("/admin/catalog/service/add/")
    data: dict[str, object] = {"name_bg": "Услуга за проба", "status": "active", "municipality": "SLV20", **texts}
    for inline in form.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = editor.post("/admin/catalog/service/add/", data, follow=True)
    assert response.status_code == 200
    assert Service.objects.filter(name_bg="Услуга за проба").exists(), response.context.get("errors")
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def test_saving_a_service_without_easy_read_text_warns_the_editor(editor: Client) -> None:
    warnings = _add(editor, easy_read_bg="Помагаме ви.\nНе плащате.")
    assert len(warnings) == 1
    # The admin speaks the editor's language: the missing one is named in it.
    assert "Услуга за проба" in warnings[0]
    assert re.search(r": (English|Английски)\.", warnings[0]), warnings[0]


def test_saving_a_service_with_easy_read_text_in_both_languages_gives_no_warning(editor: Client) -> None:
    assert _add(editor, easy_read_bg="Помагаме ви.", easy_read_en="We help you.") == []
