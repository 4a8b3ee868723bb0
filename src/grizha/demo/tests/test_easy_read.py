"""The demo's easy-read summaries follow Inclusion Europe's "Information for all": every service has
one in both languages, a sentence a line, each short."""

from __future__ import annotations

import re

import pytest

from grizha.catalog.models import Service

pytestmark = pytest.mark.django_db

# "Information for all": short sentences, one idea each, each sentence on a line of its own.
MAX_WORDS = 15


@pytest.mark.parametrize("language", ["bg", "en"])
def test_every_demo_service_has_an_easy_read_summary_of_short_sentences(language: str) -> None:
    services = list(Service.objects.filter(municipality_id="SLV20").values_list("name_bg", f"easy_read_{language}"))
    assert len(services) >= 35
    for name, text in services:
        lines = (text or "").splitlines()
        assert 2 <= len(lines) <= 6, f"{name}: {len(lines)} sentences"
        for line in lines:
            assert re.search(r"[.?!]$", line), f"{name}: one sentence a line: {line!r}"
            assert len(re.findall(r"[.?!](?:\s|$)", line)) == 1, f"{name}: one sentence a line: {line!r}"
            assert len(line.split()) <= MAX_WORDS, f"{name}: a long sentence: {line!r}"
