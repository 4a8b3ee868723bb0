"""A video in Bulgarian sign language on a service's page: played in the page when it is a file (with
its captions), linked to otherwise, always with its description when there is one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from grizha.catalog.models import Service
from grizha.demo.loader import demo_id

pytestmark = pytest.mark.django_db

SERVICE = demo_id("service", "zhestov-ezik")
PAGE = f"/services/{SERVICE}/"


@pytest.fixture(autouse=True)
def _keep_the_language() -> Iterator[None]:
    """Requests to /en/ switch this thread's language; put back the one found, for the tests after."""
    with translation.override(translation.get_language()):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def test_a_service_without_a_video_shows_no_sign_language_section(client: Client) -> None:
    html = client.get(f"/en{PAGE}").content.decode()
    assert 'id="sign-language"' not in html
    assert "#sign-language" not in html


def test_a_video_file_is_played_in_the_page_with_captions_and_description(client: Client) -> None:
    Service.objects.filter(id=SERVICE).update(
        sign_language_video="https://sliven.example.bg/video/zhestov-ezik.mp4",
        sign_language_captions="https://sliven.example.bg/video/zhestov-ezik.vtt",
        sign_language_description_en="A sign-language interpreter explains how to book an interpreter.",
    )
    html = client.get(f"/en{PAGE}").content.decode()
    assert '<h2 id="sign-language">In Bulgarian sign language</h2>' in html
    assert '<a href="#sign-language">In Bulgarian sign language</a>' in html, "offered beside the other ways to read"
    assert (
        '<video class="sign-language__video" controls preload="none" '
        'src="https://sliven.example.bg/video/zhestov-ezik.mp4" aria-describedby="sign-language-description">'
    ) in html
    assert '<track kind="captions" src="https://sliven.example.bg/video/zhestov-ezik.vtt" srclang="bg"' in html
    assert '<p id="sign-language-description">A sign-language interpreter explains how to book' in html
    assert 'href="https://sliven.example.bg/video/zhestov-ezik.mp4">Watch the video in Bulgarian sign language' in html


def test_a_video_on_another_site_is_linked_to_with_its_description(client: Client) -> None:
    Service.objects.filter(id=SERVICE).update(
        sign_language_video="https://video.example.org/watch?v=abc123",
        sign_language_description_bg="Преводач на жестов език разказва как да поискате преводач.",
    )
    html = client.get(PAGE).content.decode()
    assert 'id="sign-language"' in html
    assert "<video" not in html
    assert 'href="https://video.example.org/watch?v=abc123"' in html
    assert "Преводач на жестов език разказва" in html
    english = client.get(f"/en{PAGE}").content.decode()
    assert "Преводач на жестов език разказва" in english, "the Bulgarian description until there is an English one"


@pytest.mark.parametrize(
    ("address", "is_file"),
    [
        ("https://example.bg/v/clip.MP4", True),
        ("https://example.bg/v/clip.webm?download=1", True),
        ("https://example.bg/watch?v=clip.mp4x", False),
        ("https://example.bg/video.mp4/page", False),
        ("", False),
    ],
)
def test_a_video_file_is_told_by_its_path(address: str, is_file: bool) -> None:
    assert Service(sign_language_video=address).sign_language_video_is_file is is_file
