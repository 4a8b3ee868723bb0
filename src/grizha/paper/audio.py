"""A service page read aloud: its text as a transcript (the exact words read), spoken by espeak-ng's
Bulgarian or English voice and encoded to MP3 with lame, both Debian packages. The facts come from the
selector of the page and the leaflet (catalog.selectors.service_page), so the three never disagree.

Made in the background as a PaperJob (grizha.paper.services); where either program is missing, the
listening page says so instead."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from grizha.catalog.models import Attribute, Schedule
from grizha.catalog.selectors import ServicePage, service_page
from grizha.paper.leaflet import municipality_line

# espeak-ng's voices, by the language of the page.
VOICES = {"bg": "bg", "en": "en-gb"}
# Words a minute: slower than espeak-ng's 175, for listeners who are old or new to the subject.
RATE = 140
# Speech at 22 kHz, one channel: 32 kbit/s keeps it clear at about 4 KB a second (WAV: 44 KB a second).
BITRATE_KBPS = 32
TIMEOUT_SECONDS = 300
# Bump when the wording of the transcript or the sound changes, so that older recordings are made again.
AUDIO_VERSION = "1"


class SpeechError(Exception):
    """The speech engine or the encoder failed."""


class Digits(str):
    """A part of the text said digit by digit (a phone number), not as one large number."""


@dataclass
class Section:
    heading: str
    paragraphs: list[tuple[str, ...]] = field(default_factory=list)

    def add(self, *parts: str) -> None:
        if any(part.strip() for part in parts):
            self.paragraphs.append(tuple(parts))


@dataclass
class Transcript:
    """What is read aloud, in order: the name, then each section's heading and paragraphs."""

    title: str
    sections: list[Section]

    def paragraphs(self) -> list[str]:
        """Every paragraph as plain text, headings included: the transcript shown beside the player."""
        lines = [self.title]
        for section in self.sections:
            lines.append(section.heading)
            lines.extend("".join(parts) for parts in section.paragraphs)
        return lines

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs())

    def ssml(self, language: str) -> str:
        """The same words for espeak-ng, with a pause after each paragraph and phone numbers in digits."""
        out = [f'<speak xml:lang="{language}">', f"<p>{escape(self.title)}</p>"]
        for section in self.sections:
            out.append(f'<p>{escape(section.heading)}</p><break time="400ms"/>')
            for parts in section.paragraphs:
                spoken = "".join(
                    f'<say-as interpret-as="characters">{escape(p)}</say-as>' if isinstance(p, Digits) else escape(p)
                    for p in parts
                )
                out.append(f"<p>{spoken}</p>")
        out.append("</speak>")
        return "\n".join(out)


def _names(items: Iterable[Attribute]) -> str:
    return ", ".join(x.taxonomy_term.name for x in items if x.taxonomy_term)


def _hour(value: dt.time) -> str:
    # "8" rather than "8:00": a voice reads the zeros one by one.
    return f"{value.hour}" if value.minute == 0 else f"{value.hour}:{value.minute:02d}"


def spoken_schedule(schedule: Schedule) -> str:
    """Opening hours as a sentence: days in full words, hours without zeros to read."""
    parts = []
    order = list(Schedule.Weekday.values)
    days = [order.index(d) for d in (d.strip().upper()[-2:] for d in schedule.byday.split(",")) if d in order]
    names = [str(Schedule.Weekday(order[d]).label) for d in days]
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        parts.append(_("%(first)s to %(last)s") % {"first": names[0], "last": names[-1]})
    elif names:
        parts.append(", ".join(names))
    if schedule.opens_at and schedule.closes_at:
        parts.append(
            _("from %(opens)s to %(closes)s o'clock")
            % {"opens": _hour(schedule.opens_at), "closes": _hour(schedule.closes_at)}
        )
    parts.extend(extra for extra in (schedule.description, schedule.notes) if extra)
    return ", ".join(parts)


def _phones(label: str, numbers: list[str]) -> tuple[str, ...]:
    if not numbers:
        return ()
    parts: list[str] = [f"{label} "]
    for index, number in enumerate(numbers):
        if index:
            parts.append(", ")
        parts.append(Digits(number))
    parts.append(".")
    return tuple(parts)


def _sentence(label: str, value: str) -> str:
    return f"{label} {value}" if value else ""


def transcript(page: ServicePage) -> Transcript:
    """The page's text in reading order, in the active language."""
    service = page.service
    a = page.attributes
    intro = Section(municipality_line(service.municipality.name))
    intro.add(service.alternate_name)
    if service.status != service.Status.ACTIVE:
        intro.add(str(service.get_status_display()))
    intro.add(service.alert)
    sections = [intro]

    if service.easy_read:
        short = Section(_("In short"))
        for line in service.easy_read.splitlines():
            short.add(line.strip())
        sections.append(short)

    offers = Section(_("What it offers"))
    for line in service.description.splitlines():
        offers.add(line.strip())
    if needs := _names(a.get("need", [])):
        offers.add(_sentence(_("It helps with:"), needs))
    sections.append(offers)

    who = Section(_("Who it is for"))
    if audience := _names(a.get("audience", [])):
        who.add(_sentence(_("It is meant for:"), audience))
    if conditions := page.conditions:
        who.add(_sentence(_("To use it you need:"), "; ".join(conditions)))
    who.add(service.eligibility_description)
    if who.paragraphs:
        sections.append(who)

    how = Section(_("How to get it"))
    how.add(_names(a.get("access_route", [])))
    for number, step in enumerate(page.steps, start=1):
        how.add(f"{number}. {step.title}")
        for label, value in (
            (_("Who"), step.who),
            (_("Where"), step.where),
            (_("What to bring"), step.bring),
            (_("How long it takes"), step.duration),
        ):
            how.add(_sentence(f"{label}:", value))
    how.add(service.application_process)
    how.add(_sentence(_("Waiting time:"), service.wait_time))
    sections.append(how)

    if page.documents:
        documents = Section(_("Documents you need"))
        for document in page.documents:
            documents.add(document.document)
        sections.append(documents)

    fees = Section(_("Fees"))
    fees.add(service.fees_description)
    for cost in page.costs:
        amount = f"{cost.amount} {cost.currency}" if cost.amount is not None else ""
        fees.add(" ".join(p for p in (cost.option, amount, cost.amount_description) if p))
    if not fees.paragraphs:
        fees.add(_("Ask the provider about fees."))
    sections.append(fees)

    where = Section(_("Where and when"))
    for place in page.places:
        where.add(place.location.name or place.address)
        where.add(_sentence(_("Address:"), place.address))
        for schedule in place.schedules:
            where.add(spoken_schedule(schedule))
        where.add(*_phones(_("Phone:"), [p.number for p in place.phones]))
    if not page.places:
        where.add(_("This service has no fixed place. Contact the provider."))
    for schedule in page.schedules:
        where.add(spoken_schedule(schedule))
    sections.append(where)

    contact = Section(_("Contact"))
    if service.organization:
        contact.add(service.organization.name)
    contact.add(*_phones(_("Phone:"), [p.number for p in page.phones]))
    for person in page.contacts:
        contact.add(", ".join(p for p in (person.name, person.title) if p))
        contact.add(*_phones(_("Phone:"), [p.number for p in getattr(person, "listed_phones", [])]))
    if contact.paragraphs:
        sections.append(contact)

    return Transcript(title=service.name, sections=sections)


def service_transcript(service_id: UUID) -> Transcript | None:
    """The transcript of a service's page in the active language, or None when there is no such page."""
    page = service_page(service_id)
    return transcript(page) if page is not None else None


def programs() -> tuple[str, str] | None:
    """The speech engine and the encoder, found; None when either is not installed."""
    engine = shutil.which(settings.GRIZHA_SPEECH_ENGINE)
    encoder = shutil.which(settings.GRIZHA_MP3_ENCODER)
    return (engine, encoder) if engine and encoder else None


def available() -> bool:
    return programs() is not None


def _run(command: list[str], *, stdin: bytes | None = None) -> None:
    try:
        subprocess.run(command, input=stdin, capture_output=True, check=True, timeout=TIMEOUT_SECONDS)  # noqa: S603
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode(errors="replace").strip()[:500]
        raise SpeechError(f"{Path(command[0]).name} failed ({error.returncode}): {message}") from error
    except subprocess.TimeoutExpired as error:
        raise SpeechError(f"{Path(command[0]).name} took longer than {TIMEOUT_SECONDS} s") from error


def speak(ssml: str, *, language: str) -> bytes:
    """The text (SSML) spoken by espeak-ng, as a WAV file (16-bit, one channel, 22 050 Hz)."""
    found = programs()
    if found is None:
        raise SpeechError("espeak-ng or lame is not installed")
    engine, _encoder = found
    with tempfile.TemporaryDirectory(prefix="grizha-audio-") as folder:
        wav = Path(folder) / "speech.wav"
        voice = VOICES.get(language, VOICES["bg"])
        _run([engine, "-v", voice, "-s", str(RATE), "-m", "-b", "1", "-w", str(wav)], stdin=ssml.encode())
        return wav.read_bytes()


def encode_mp3(wav: bytes) -> bytes:
    """A WAV file as a compact MP3 (constant bit rate, one channel) that every browser plays."""
    found = programs()
    if found is None:
        raise SpeechError("espeak-ng or lame is not installed")
    _engine, encoder = found
    with tempfile.TemporaryDirectory(prefix="grizha-audio-") as folder:
        source, target = Path(folder) / "speech.wav", Path(folder) / "speech.mp3"
        source.write_bytes(wav)
        _run([encoder, "--quiet", "-m", "m", "-b", str(BITRATE_KBPS), str(source), str(target)])
        return target.read_bytes()


def service_mp3(service_id: UUID, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The page of a service read aloud in the active language, as MP3 (in the worker)."""
    found = service_transcript(service_id)
    if found is None:
        raise LookupError(f"no service page {service_id}")
    language = get_language() or settings.LANGUAGE_CODE
    if progress:
        progress(0, 2)
    wav = speak(found.ssml(language), language=language)
    if progress:
        progress(1, 2)
    return encode_mp3(wav)
