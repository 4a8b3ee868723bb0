"""Documents the person uploads with an application: checked by what is in the file (never by its name or
the type the browser claims), kept outside the web root under a random name, held by the form's
submission key until the application is sent, and deleted when a form is left unsent."""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image

from grizha.applications.models import Application, ApplicationDocument, ApplicationType, DocumentRequirement
from grizha.applications.storage import private_storage
from grizha.core.audit import log_action, register_actions

logger = logging.getLogger(__name__)

MAX_DOCUMENTS = 10
# A page scanned at 600 dpi is about 35 million pixels, a phone's photo 12 to 50 million; a picture that
# claims more is refused before it is decoded (a few kilobytes can unpack into gigabytes).
MAX_PIXELS = 50_000_000
NAME_LENGTH = 200  # ApplicationDocument.original_name
# A PDF ends with %%EOF, which readers look for in the last kilobyte (ISO 32000-1, 7.5.5).
PDF_TAIL = 1024

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
SIGNATURES = {b"%PDF-": PDF, b"\xff\xd8\xff": JPEG, b"\x89PNG\r\n\x1a\n": PNG}

register_actions(
    {
        "grizha.application.draft_documents_deleted": _("deleted the documents of forms that were not sent"),
    }
)


class _Damaged(Exception):
    pass


class _TooManyPixels(Exception):
    pass


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _read(upload: UploadedFile, limit: int) -> tuple[bytes, bytes, int, str]:
    """The start and the end of the file, its real size and its SHA-256, reading at most `limit` + 1
    bytes: the size a client declares is not trusted."""
    digest = hashlib.sha256()
    head = tail = b""
    size = 0
    upload.seek(0)
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            break
        digest.update(chunk)
        if len(head) < 16:
            head += chunk[: 16 - len(head)]
        tail = (tail + chunk)[-PDF_TAIL:]
    return head, tail, size, digest.hexdigest()


def _check_image(upload: UploadedFile, content_type: str) -> None:
    """Raise _TooManyPixels or _Damaged unless the file is a whole JPEG or PNG picture of a sane size."""
    formats = ["JPEG"] if content_type == JPEG else ["PNG"]
    try:
        upload.seek(0)
        with Image.open(upload, formats=formats) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _TooManyPixels
            image.verify()  # a PNG's chunks and checksums, up to its end
        if content_type == JPEG:
            # verify() does not look at a JPEG's data: decode it, at an eighth of its size, which reads
            # every byte but needs little memory, to find a file cut short.
            upload.seek(0)
            with Image.open(upload, formats=formats) as image:
                image.draft(None, (max(1, width // 8), max(1, height // 8)))
                image.load()
    except _TooManyPixels:
        raise
    except Image.DecompressionBombError as error:
        raise _TooManyPixels from error
    except Exception as error:  # Pillow raises many kinds of error for a broken file
        raise _Damaged from error


def _content_type(upload: UploadedFile, head: bytes, tail: bytes) -> str:
    """PDF, JPEG or PNG, from what the file holds; a ValidationError saying what to do otherwise."""
    content_type = next((kind for signature, kind in SIGNATURES.items() if head.startswith(signature)), None)
    if content_type is None:
        raise ValidationError(gettext("Send a PDF, JPEG or PNG file: this file is not one of them"), code="file_type")
    try:
        if content_type == PDF:
            if b"%%EOF" not in tail:
                raise _Damaged
        else:
            _check_image(upload, content_type)
    except _TooManyPixels as error:
        raise ValidationError(
            gettext("The picture has too many pixels: scan or photograph it again at a lower resolution"),
            code="too_many_pixels",
        ) from error
    except _Damaged as error:
        raise ValidationError(
            gettext("The file is damaged or incomplete: save or scan the document again and send the new file"),
            code="damaged",
        ) from error
    return content_type


def _original_name(name: str, content_type: str) -> str:
    """The person's file name, fit to show: no folders, no control or direction-changing characters
    (which can make 'invoice.exe' read as a PDF), at most NAME_LENGTH characters with its extension."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(character for character in name if unicodedata.category(character)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    if not name:
        name = "document." + {PDF: "pdf", JPEG: "jpg", PNG: "png"}[content_type]
    if len(name) > NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and stem and len(extension) <= 10:
            name = stem[: NAME_LENGTH - len(extension) - 1].rstrip() + "." + extension
        else:
            name = name[:NAME_LENGTH]
    return name


def document_upload(
    *, draft_key: UUID, requirement: DocumentRequirement | None, upload: UploadedFile
) -> ApplicationDocument:
    """Keep a document uploaded with the form of `draft_key` (its submission key) until the application
    is sent. A ValidationError in the person's language says what to fix."""
    if Application.objects.filter(submission_key=draft_key).exists():
        raise ValidationError(
            gettext("This application has been sent already: documents cannot be added to it"), code="sent"
        )
    if ApplicationDocument.objects.filter(draft_key=draft_key).count() >= MAX_DOCUMENTS:
        raise ValidationError(
            gettext("You can send at most %(count)d files: remove one you do not need, then add this one")
            % {"count": MAX_DOCUMENTS},
            code="too_many",
        )
    limit = settings.GRIZHA_UPLOAD_MAX_BYTES
    too_large = ValidationError(
        gettext("The file is larger than %(size)s MB: send a smaller one or a scan at a lower resolution")
        % {"size": _megabytes(limit)},
        code="too_large",
    )
    if upload.size is not None and upload.size > limit:
        raise too_large
    head, tail, size, sha256 = _read(upload, limit)
    if size > limit:
        raise too_large
    if size == 0:
        raise ValidationError(gettext("The file is empty: choose the file again"), code="empty")
    content_type = _content_type(upload, head, tail)
    document = ApplicationDocument(
        draft_key=draft_key,
        requirement=requirement,
        original_name=_original_name(upload.name or "", content_type),
        content_type=content_type,
        size=size,
        sha256=sha256,
    )
    document.full_clean(exclude=["file"])
    # Written through the storage of the moment (its folder follows the settings), under a random name
    # made by the field's upload_to; removed again if the row cannot be saved.
    storage = private_storage()
    upload.seek(0)
    name = ApplicationDocument._meta.get_field("file").generate_filename(document, document.original_name)
    document.file.name = storage.save(name, upload, max_length=NAME_LENGTH)
    try:
        with transaction.atomic():
            document.save()
    except BaseException:
        storage.delete(document.file.name)
        raise
    return document


def _delete_files_after_commit(names: list[str]) -> None:
    # After the commit: a rolled-back deletion must not leave rows whose files are gone.
    def delete() -> None:
        storage = private_storage()
        for name in names:
            try:
                storage.delete(name)
            except OSError:
                logger.exception("uploaded file not deleted: %s", name)

    transaction.on_commit(delete)


@transaction.atomic
def document_remove(*, draft_key: UUID, document_id: UUID) -> None:
    """Delete a document, and its file, from a form not sent yet. ApplicationDocument.DoesNotExist when
    the form has no such document (or it went with a sent application)."""
    document = ApplicationDocument.objects.select_for_update().get(
        pk=document_id, draft_key=draft_key, application__isnull=True
    )
    name = document.file.name
    document.delete()
    if name:
        _delete_files_after_commit([name])


@transaction.atomic
def documents_attach(*, draft_key: UUID, application: Application) -> int:
    """Give the documents uploaded with the form of `draft_key` to the application just sent; how many."""
    return ApplicationDocument.objects.filter(draft_key=draft_key, application__isnull=True).update(
        application=application, updated_at=timezone.now()
    )


def missing_documents(
    *, application_type: ApplicationType, draft_key: UUID, from_registers: Collection[DocumentRequirement] = ()
) -> list[DocumentRequirement]:
    """The required documents of the form for which nothing was uploaded with `draft_key`, leaving out
    those a register's answer stands for (services.evidence.evidence_from_registers)."""
    uploaded = ApplicationDocument.objects.filter(draft_key=draft_key, requirement__isnull=False).values("requirement")
    required = application_type.documents.filter(required=True).exclude(pk__in=uploaded)
    return list(required.exclude(pk__in=[requirement.pk for requirement in from_registers]))


@transaction.atomic
def draft_documents_delete(*, older_than: datetime) -> int:
    """Delete the documents, and their files, of forms not sent and uploaded before `older_than`."""
    # Locked, so that an application sent at this moment either takes its documents first or finds
    # them gone (and is told what is missing), never attaches a document whose file is being deleted.
    stale = list(
        ApplicationDocument.objects.select_for_update()
        .filter(application__isnull=True, created_at__lt=older_than)
        .values_list("pk", "file")
    )
    if not stale:
        return 0
    ApplicationDocument.objects.filter(pk__in=[pk for pk, _name in stale]).delete()
    _delete_files_after_commit([name for _pk, name in stale if name])
    log_action(
        "grizha.application.draft_documents_deleted",
        actor=None,
        data={"documents": len(stale), "older_than": older_than.isoformat()},
    )
    return len(stale)
