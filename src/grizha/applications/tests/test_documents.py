"""Uploaded documents: only a whole PDF, JPEG or PNG (known by what is in it, not by its name), kept
outside the web root under a random name, held by the form until it is sent, deleted when left unsent."""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.test import override_settings
from django.utils import timezone, translation
from fpdf import FPDF
from PIL import Image

from grizha.applications.models import Application, ApplicationDocument, ApplicationType, DocumentRequirement
from grizha.applications.services import (
    MAX_DOCUMENTS,
    Submission,
    application_submit,
    document_remove,
    document_upload,
    missing_documents,
)
from grizha.applications.tasks import delete_draft_documents
from grizha.catalog.models import Service

pytestmark = pytest.mark.django_db


# --- Real files ----------------------------------------------------------------------------------------


def pdf_bytes(text: str = "Epicrisis") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def image_bytes(kind: str, size: tuple[int, int] = (120, 80), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    picture = Image.effect_noise(size, 60).convert(mode) if mode != "1" else Image.new("1", size)
    picture.save(buffer, kind)
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("document.pdf", pdf_bytes())
    return buffer.getvalue()


EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode"
)
HTML = b"<!DOCTYPE html><html><body><script>fetch('/staff/')</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def upload(content: bytes, name: str = "document.pdf", content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- Set-up --------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def uploads(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "uploads"
    with override_settings(GRIZHA_UPLOADS_DIR=folder):
        yield folder


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def form() -> ApplicationType:
    service = Service.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY).order_by("id").first()
    assert service is not None
    return ApplicationType.objects.create(
        service=service,
        title="Заявление за личен асистент",
        consent_text="Съгласен съм данните ми да бъдат проверени в регистрите.",
        declaration_text="Декларирам, че данните са верни.",
    )


@pytest.fixture
def medical(form: ApplicationType) -> DocumentRequirement:
    return DocumentRequirement.objects.create(application_type=form, name="Медицинско направление")


def submission(form: ApplicationType, key: uuid.UUID) -> Submission:
    return Submission(
        application_type=form,
        submission_key=key,
        identifier="8506251243",
        given_name="Иван",
        family_name="Петров",
        answers={},
        consent=True,
        declaration=True,
    )


def kept_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


# --- What is accepted ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "content_type", "kind"),
    [
        (pdf_bytes(), "епикриза.pdf", "application/pdf", "application/pdf"),
        (image_bytes("JPEG"), "снимка.jpg", "image/jpeg", "image/jpeg"),
        (image_bytes("PNG"), "скан.png", "image/png", "image/png"),
        # The browser's word and the name do not matter: what is in the file does.
        (image_bytes("PNG"), "скан.pdf", "application/octet-stream", "image/png"),
    ],
    ids=["pdf", "jpeg", "png", "png-called-pdf"],
)
def test_a_pdf_jpeg_or_png_is_kept_outside_the_web_root_under_a_random_name(
    uploads: Path, medical: DocumentRequirement, content: bytes, name: str, content_type: str, kind: str
) -> None:
    document = document_upload(draft_key=uuid.uuid4(), requirement=medical, upload=upload(content, name, content_type))
    document.refresh_from_db()
    assert (document.original_name, document.content_type, document.size) == (name, kind, len(content))
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.application is None and document.requirement == medical
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[kind]
    assert re.fullmatch(rf"\d{{4}}/\d{{2}}/{document.pk}\.{extension}", document.file.name)
    assert kept_files(uploads) == [uploads / document.file.name]
    assert (uploads / document.file.name).read_bytes() == content
    for public in (Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT)):
        assert not list(public.rglob(f"{document.pk}*"))


def test_the_persons_file_name_is_kept_only_in_the_row_without_folders_or_direction_tricks() -> None:
    # U+202E turns "справка‮fdp.exe" into what reads as "справкаexe.pdf".
    name = "C:\\Users\\Иван\\Документи\\справка\u202egpj.exe\x00.pdf"
    document = document_upload(draft_key=uuid.uuid4(), requirement=None, upload=upload(pdf_bytes(), name))
    assert document.original_name == "справкаgpj.exe.pdf"
    assert "справка" not in document.file.name


def test_a_long_file_name_is_shortened_keeping_its_extension() -> None:
    document = document_upload(draft_key=uuid.uuid4(), requirement=None, upload=upload(pdf_bytes(), "я" * 300 + ".pdf"))
    assert len(document.original_name) == 200 and document.original_name.endswith("я.pdf")


# --- What is refused -----------------------------------------------------------------------------------

NOT_ALLOWED = "Send a PDF, JPEG or PNG file: this file is not one of them"
DAMAGED = "The file is damaged or incomplete: save or scan the document again and send the new file"


@pytest.mark.parametrize(
    ("content", "name", "content_type", "message"),
    [
        (EXE, "епикриза.pdf", "application/pdf", NOT_ALLOWED),
        (HTML, "снимка.png", "image/png", NOT_ALLOWED),
        (SVG, "скица.svg", "image/svg+xml", NOT_ALLOWED),
        (SVG, "скица.png", "image/png", NOT_ALLOWED),
        (zip_bytes(), "документи.pdf", "application/pdf", NOT_ALLOWED),
        (image_bytes("GIF"), "снимка.png", "image/png", NOT_ALLOWED),
        (image_bytes("PNG")[:-200], "скан.png", "image/png", DAMAGED),
        (image_bytes("JPEG")[:-300], "снимка.jpg", "image/jpeg", DAMAGED),
        (pdf_bytes()[:-200], "епикриза.pdf", "application/pdf", DAMAGED),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "скан.png", "image/png", DAMAGED),  # a signature, then nothing
    ],
    ids=[
        "exe-called-pdf",
        "html-called-png",
        "svg",
        "svg-called-png",
        "zip-called-pdf",
        "gif-called-png",
        "truncated-png",
        "truncated-jpeg",
        "truncated-pdf",
        "png-signature-only",
    ],
)
def test_anything_but_a_whole_pdf_jpeg_or_png_is_refused_saying_what_to_send(
    uploads: Path, content: bytes, name: str, content_type: str, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        document_upload(draft_key=uuid.uuid4(), requirement=None, upload=upload(content, name, content_type))
    assert error.value.messages == [message]
    assert ApplicationDocument.objects.count() == 0
    assert kept_files(uploads) == []


def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded(uploads: Path) -> None:
    bomb = image_bytes("PNG", size=(8000, 7000), mode="1")  # 56 million pixels in a few kilobytes
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError) as error:
        document_upload(draft_key=uuid.uuid4(), requirement=None, upload=upload(bomb, "скан.png", "image/png"))
    assert error.value.code == "too_many_pixels"
    assert "lower resolution" in error.value.messages[0]
    assert kept_files(uploads) == []


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        document_upload(draft_key=uuid.uuid4(), requirement=None, upload=upload(b""))
    assert error.value.messages == ["The file is empty: choose the file again"]


class Unread(SimpleUploadedFile):
    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        raise AssertionError("a file over the limit was read")

    def read(self, *args: Any) -> bytes:
        raise AssertionError("a file over the limit was read")


@override_settings(GRIZHA_UPLOAD_MAX_BYTES=2 * 1024 * 1024)
def test_a_file_over_the_limit_is_refused_before_it_is_read(uploads: Path) -> None:
    large = Unread("скан.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        document_upload(draft_key=uuid.uuid4(), requirement=None, upload=large)
    assert error.value.messages == ["The file is larger than 2 MB: send a smaller one or a scan at a lower resolution"]
    assert kept_files(uploads) == []


@override_settings(GRIZHA_UPLOAD_MAX_BYTES=1024 * 1024)
def test_a_real_file_over_the_limit_is_refused() -> None:
    photo = image_bytes("PNG", size=(800, 800))
    assert len(photo) > 1024 * 1024
    with pytest.raises(ValidationError) as error:
        document_upload(draft_key=uuid.uuid4(), requirement=None, upload=upload(photo, "снимка.png", "image/png"))
    assert error.value.code == "too_large" and "larger than 1 MB" in error.value.messages[0]


def test_a_form_takes_at_most_so_many_documents() -> None:
    key = uuid.uuid4()
    content = pdf_bytes()
    for _number in range(MAX_DOCUMENTS):
        document_upload(draft_key=key, requirement=None, upload=upload(content))
    with pytest.raises(ValidationError) as error:
        document_upload(draft_key=key, requirement=None, upload=upload(content))
    assert error.value.code == "too_many"
    assert document_upload(draft_key=uuid.uuid4(), requirement=None, upload=upload(content)).pk


def test_a_file_whose_row_cannot_be_saved_is_removed(uploads: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("the disk is full")

    monkeypatch.setattr(ApplicationDocument, "save", fail)
    with pytest.raises(DatabaseError):
        document_upload(draft_key=uuid.uuid4(), requirement=None, upload=upload(pdf_bytes()))
    assert kept_files(uploads) == []


# --- Removing, sending, forgetting ---------------------------------------------------------------------


def test_the_person_removes_a_document_of_their_form_file_and_all(
    uploads: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    key = uuid.uuid4()
    document = document_upload(draft_key=key, requirement=None, upload=upload(pdf_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        document_remove(draft_key=key, document_id=document.pk)
    assert ApplicationDocument.objects.count() == 0
    assert kept_files(uploads) == []


def test_nobody_removes_a_document_of_another_form(uploads: Path) -> None:
    document = document_upload(draft_key=uuid.uuid4(), requirement=None, upload=upload(pdf_bytes()))
    with pytest.raises(ApplicationDocument.DoesNotExist):
        document_remove(draft_key=uuid.uuid4(), document_id=document.pk)
    assert ApplicationDocument.objects.count() == len(kept_files(uploads)) == 1


def test_a_required_document_not_uploaded_stops_the_application_and_nothing_is_kept(
    form: ApplicationType, medical: DocumentRequirement
) -> None:
    DocumentRequirement.objects.create(application_type=form, name="Снимка", required=False)
    key = uuid.uuid4()
    assert missing_documents(application_type=form, draft_key=key) == [medical]
    with pytest.raises(ValidationError) as error:
        application_submit(submission=submission(form, key))
    assert error.value.message_dict["documents"] == [
        "Upload these documents before you send the application: Медицинско направление"
    ]
    assert Application.objects.count() == 0


def test_the_documents_of_the_form_go_with_the_application_sent(
    form: ApplicationType, medical: DocumentRequirement, uploads: Path
) -> None:
    key = uuid.uuid4()
    document = document_upload(draft_key=key, requirement=medical, upload=upload(pdf_bytes()))
    other = document_upload(draft_key=uuid.uuid4(), requirement=medical, upload=upload(pdf_bytes()))
    assert missing_documents(application_type=form, draft_key=key) == []
    application = application_submit(submission=submission(form, key)).application
    assert list(application.documents.all()) == [document]
    other.refresh_from_db()
    assert other.application is None
    # Sent: the form's documents can no longer be removed, nor others added.
    with pytest.raises(ApplicationDocument.DoesNotExist):
        document_remove(draft_key=key, document_id=document.pk)
    with pytest.raises(ValidationError) as error:
        document_upload(draft_key=key, requirement=None, upload=upload(pdf_bytes()))
    assert error.value.code == "sent"


def test_documents_of_forms_left_unsent_for_a_day_are_deleted_files_and_all(
    form: ApplicationType, uploads: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    sent_key = uuid.uuid4()
    sent = document_upload(draft_key=sent_key, requirement=None, upload=upload(pdf_bytes()))
    application_submit(submission=submission(form, sent_key))
    left = document_upload(draft_key=uuid.uuid4(), requirement=None, upload=upload(pdf_bytes()))
    recent = document_upload(draft_key=uuid.uuid4(), requirement=None, upload=upload(pdf_bytes()))
    day_ago = timezone.now() - datetime.timedelta(hours=25)
    ApplicationDocument.objects.filter(pk__in=[sent.pk, left.pk]).update(created_at=day_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert delete_draft_documents.call() == 1
    assert set(ApplicationDocument.objects.values_list("pk", flat=True)) == {sent.pk, recent.pk}
    assert sorted(kept_files(uploads)) == sorted(uploads / d.file.name for d in (sent, recent))
