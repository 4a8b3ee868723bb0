"""A service page read aloud: the transcript is the page's text, espeak-ng really speaks it (a WAV and
an MP3 of plausible length, not silence), the recording is made in the background behind a page that
checks again by itself, and a site without a speech engine says so in words."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from grizha.catalog.models import Service
from grizha.catalog.selectors import service_page
from grizha.catalog.versioning import catalog_changed
from grizha.core.tasks import run_queued
from grizha.demo.loader import demo_id
from grizha.paper import audio, services
from grizha.paper.models import PaperJob
from grizha.paper.tests import sound

pytestmark = pytest.mark.django_db

SERVICE = demo_id("service", "informirane-konsultirane")
LISTEN = f"/services/{SERVICE}/listen/"
AUDIO = f"/services/{SERVICE}/audio.mp3"


@pytest.fixture(autouse=True)
def _keep_the_language() -> Iterator[None]:
    """Requests to /en/ switch this thread's language; put back the one found, for the tests after."""
    with translation.override(translation.get_language()):
        yield


@pytest.fixture
def engine() -> None:
    """Real espeak-ng and lame (Debian packages; `scripts/test --install` installs them). Missing, the
    tests that need them are skipped here and fail under CI=true (see conftest.py)."""
    missing = [p for p in (settings.GRIZHA_SPEECH_ENGINE, settings.GRIZHA_MP3_ENCODER) if not shutil.which(p)]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")


def _transcript(language: str) -> audio.Transcript:
    with translation.override(language):
        found = audio.service_transcript(SERVICE)
    assert found is not None
    return found


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def test_the_transcript_is_the_page_text_in_reading_order() -> None:
    # The page's texts are compared in the transcript's language, whatever an earlier test left active.
    with translation.override("bg"):
        page = service_page(SERVICE)
        assert page is not None
        text = _transcript("bg").text
        service = page.service
        assert text.startswith(service.name)
        assert service.easy_read.splitlines()[0] in text
        assert text.index("Накратко") < text.index(service.description[:40])
        assert all(step.title in text for step in page.steps)
        assert all(phone.number in text for phone in page.phones)


def test_phone_numbers_are_read_digit_by_digit_and_hours_without_zeros() -> None:
    found = _transcript("en")
    ssml = found.ssml("en")
    assert ssml.startswith('<speak xml:lang="en">')
    numbers = re.findall(r'<say-as interpret-as="characters">([^<]+)</say-as>', ssml)
    assert numbers, "phone numbers are marked to be read digit by digit"
    assert all(number in found.text for number in numbers), "the transcript has the same numbers"
    assert not re.search(r"\b\d{1,2}:00\b", found.text), "8 o'clock, not eight zero zero"


def test_the_text_is_escaped_for_the_speech_engine() -> None:
    found = audio.Transcript(title="Fish & <chips>", sections=[])
    assert "Fish &amp; &lt;chips&gt;" in found.ssml("en")


@pytest.mark.usefixtures("engine")
@pytest.mark.parametrize("language", ["bg", "en"])
def test_espeak_reads_a_demo_service_aloud_for_as_long_as_its_words_take(language: str) -> None:
    found = _transcript(language)
    words = _words(found.text)
    assert words > 60

    wav = audio.speak(found.ssml(language), language=language)
    channels, width, rate, seconds = sound.wav_info(wav)
    assert (channels, width, rate) == (1, 2, 22050)
    # Between one and two and a half words a second: slow, clear speech of every word.
    assert words / 2.5 <= seconds <= words / 1.0, (words, seconds)
    assert sound.wav_peak(wav) > 3000, "speech, not silence"

    mp3 = audio.encode_mp3(wav)
    assert abs(sound.mp3_seconds(mp3) - seconds) < 0.5
    assert {rate for rate, _ in sound.mp3_frames(mp3)} == {22050}
    assert len(mp3) < len(wav) / 8, "far smaller than the WAV"


@pytest.mark.usefixtures("engine")
def test_the_listening_page_asks_for_the_recording_then_plays_it(client: Client) -> None:
    waiting = client.get(LISTEN)
    assert waiting.status_code == 200
    html = waiting.content.decode()
    assert 'data-progress="3"' in html
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert f'href="{LISTEN}"' in html, "a link to check again, for those without JavaScript"
    assert "<audio" not in html
    job = PaperJob.objects.get(kind=PaperJob.Kind.AUDIO)
    assert (job.status, job.language, job.params["service"]) == (PaperJob.Status.QUEUED, "bg", str(SERVICE))

    # The recording's own address, before it is ready, leads to the same page and the same job.
    early = client.get(AUDIO)
    assert (early.status_code, early["Location"]) == (302, LISTEN)
    assert PaperJob.objects.count() == 1

    assert run_queued() == 1
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (PaperJob.Status.DONE, 2, 2)

    ready = client.get(LISTEN).content.decode()
    assert "data-progress=" not in ready
    assert f'<audio controls preload="metadata" src="{AUDIO}"' in ready
    assert f'<a href="{AUDIO}" download>' in ready
    assert _transcript("bg").title in ready

    response = client.get(AUDIO)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/mpeg"
    assert response["Accept-Ranges"] == "bytes"
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert sound.mp3_seconds(data) > 20
    assert PaperJob.objects.count() == 1, "a ready recording is served again, not made again"


@pytest.mark.usefixtures("engine")
def test_the_recording_answers_a_byte_range_as_players_ask(client: Client) -> None:
    client.get(LISTEN)
    run_queued()
    whole = b"".join(client.get(AUDIO).streaming_content)  # type: ignore[attr-defined]
    part = client.get(AUDIO, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{len(whole)}"
    assert part.content == whole[100:200]
    assert client.get(AUDIO, HTTP_RANGE=f"bytes={len(whole)}-").status_code == 416


@pytest.mark.usefixtures("engine")
def test_the_english_page_is_read_by_the_english_voice_as_a_recording_of_its_own(client: Client) -> None:
    client.get(LISTEN)
    html = client.get(f"/en{LISTEN}").content.decode()
    assert "Transcript" in html
    assert _transcript("en").title in html
    assert set(PaperJob.objects.values_list("language", flat=True)) == {"bg", "en"}
    assert run_queued() == 2
    english = b"".join(client.get(f"/en{AUDIO}").streaming_content)  # type: ignore[attr-defined]
    bulgarian = b"".join(client.get(AUDIO).streaming_content)  # type: ignore[attr-defined]
    assert english != bulgarian


@pytest.mark.usefixtures("engine")
def test_a_new_recording_is_made_when_the_catalog_changes(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    client.get(LISTEN)
    run_queued()
    with django_capture_on_commit_callbacks(execute=True):
        Service.objects.filter(id=SERVICE).update(description_bg="Ново описание за прочитане.")
        catalog_changed()
    html = client.get(LISTEN).content.decode()
    assert "Ново описание за прочитане." in html
    assert 'data-progress="3"' in html
    assert PaperJob.objects.filter(kind=PaperJob.Kind.AUDIO).count() == 2


@pytest.mark.usefixtures("engine")
def test_a_recording_whose_file_was_removed_is_made_again(client: Client) -> None:
    client.get(LISTEN)
    run_queued()
    job = PaperJob.objects.get()
    path = services.job_file(job)
    assert path is not None
    path.unlink()
    assert client.get(AUDIO).status_code == 302
    assert PaperJob.objects.filter(status=PaperJob.Status.QUEUED).count() == 1


def test_without_a_speech_engine_the_page_says_so_and_still_gives_the_text(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.GRIZHA_SPEECH_ENGINE = str(tmp_path / "no-such-espeak-ng")
    response = client.get(f"/en{LISTEN}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "no speech engine is installed" in html
    assert "espeak-ng" in html, "the administrators are told what to install"
    assert "data-progress=" not in html and "<audio" not in html
    assert _transcript("en").title in html
    assert client.get(AUDIO)["Location"] == LISTEN
    assert not PaperJob.objects.exists()


def test_a_failed_recording_is_said_and_tried_again_only_when_asked(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    broken = tmp_path / "espeak-ng"
    broken.write_text("#!/bin/sh\necho 'no voice' >&2\nexit 3\n")
    broken.chmod(0o755)
    settings.GRIZHA_SPEECH_ENGINE = str(broken)
    settings.GRIZHA_MP3_ENCODER = str(broken)
    english = f"/en{LISTEN}"
    client.get(english)
    run_queued()
    job = PaperJob.objects.get()
    assert job.status == PaperJob.Status.FAILED
    assert "SpeechError" in job.error and "no voice" in job.error, "the engine's own words, for the logs"
    html = client.get(english).content.decode()
    assert "could not make the recording" in html
    assert "no voice" not in html, "the error is for the logs, not for the public"
    assert "data-progress=" not in html
    assert f'action="/en/services/{SERVICE}/listen/retry"' in html
    client.get(english)
    assert PaperJob.objects.count() == 1, "a failure is not tried again by every visit"
    response = client.post(f"/en/services/{SERVICE}/listen/retry")
    assert (response.status_code, response["Location"]) == (302, english)
    assert PaperJob.objects.filter(status=PaperJob.Status.QUEUED).count() == 1


@pytest.mark.parametrize("path", [f"/services/{SERVICE.hex[:8]}-0000-0000-0000-000000000000/listen/"])
def test_an_unknown_service_has_nothing_to_listen_to(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404
    assert not PaperJob.objects.exists()
