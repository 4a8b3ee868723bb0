"""Evidence from the registers, the once-only principle: a document a form asks for that a register's
answer can stand for (DocumentRequirement.register_check, when the form asks that register). With the
person's consent to the register checks the document is not asked for, unless they prefer to send it;
what stood for each document is kept with the application (Application.evidence), and until the office
decides the person may still send the paper instead (the register is wrong, or they prefer it)."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from grizha.applications.lifecycle import OPEN
from grizha.applications.models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationType,
    DocumentRequirement,
)
from grizha.applications.services.documents import document_upload, documents_attach
from grizha.core.audit import log_action, register_actions

# Application.evidence[requirement id]["source"]: a register's answer, or the person's document.
REGISTER = "register"
DOCUMENT = "document"
MESSAGE_MAX = 3000

register_actions(
    {
        "grizha.application.document_instead": _("received a document sent instead of a register's answer"),
    }
)


def register_backed(application_type: ApplicationType) -> list[DocumentRequirement]:
    """The form's documents a register can stand for: those whose register the form asks."""
    checks = {check.check_name for check in application_type.registry_checks.all()}
    return [r for r in application_type.documents.all() if r.register_check and r.register_check in checks]


def evidence_from_registers(
    *, application_type: ApplicationType, consent: bool, paper: Collection[UUID | str] = ()
) -> list[DocumentRequirement]:
    """The documents not asked for because a register answers for them: none without the person's
    consent to the register checks, and none the person chose to send themselves (`paper`)."""
    if not consent:
        return []
    chosen = {str(requirement) for requirement in paper}
    return [r for r in register_backed(application_type) if str(r.pk) not in chosen]


def evidence_record(
    *, application_type: ApplicationType, from_registers: Collection[DocumentRequirement]
) -> dict[str, dict[str, Any]]:
    """What stands for each document of the form, as kept with the application: the register's answer
    (and which register), or the person's document (with the register they preferred not to use, if any)."""
    covered = {r.pk for r in from_registers}
    backed = {r.pk: r.register_check for r in register_backed(application_type)}
    return {
        str(r.pk): {
            "name": r.name,
            "source": REGISTER if r.pk in covered else DOCUMENT,
            "check": backed.get(r.pk, ""),
        }
        for r in application_type.documents.all()
    }


@transaction.atomic
def application_document_instead(
    *, application: Application, requirement_id: UUID | str, upload: UploadedFile, message: str = ""
) -> ApplicationDocument:
    """The person sends a document themselves instead of the register's answer that stood for it (it is
    wrong, or they prefer the paper), before the office decides; the office sees it among the steps.
    A ValidationError in the person's language says what to fix."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status not in OPEN:
        raise ValidationError(
            gettext("The office has decided on this application already: call the office about the document"),
            code="decided",
        )
    key = str(requirement_id)
    entry = locked.evidence.get(key)
    if not entry or entry.get("source") != REGISTER:
        raise ValidationError(
            gettext("No register answers for this document in your application: send it as an answer to the office"),
            code="not_from_register",
        )
    message = message.strip()
    if len(message) > MESSAGE_MAX:
        raise ValidationError(
            {"message": gettext("Make the message shorter: at most %(count)d characters") % {"count": MESSAGE_MAX}}
        )
    requirement = DocumentRequirement.objects.filter(pk=key, application_type_id=locked.application_type_id).first()
    draft_key = uuid.uuid4()
    document = document_upload(draft_key=draft_key, requirement=requirement, upload=upload)
    documents_attach(draft_key=draft_key, application=locked)
    locked.evidence = {**locked.evidence, key: {**entry, "source": DOCUMENT, "instead": True}}
    locked.save(update_fields=["evidence", "updated_at"])
    said = gettext("I send the document myself instead of the register's answer: %(document)s") % {
        "document": requirement.name if requirement is not None else entry.get("name", "")
    }
    event = ApplicationEvent(
        application=locked,
        kind=ApplicationEvent.Kind.INFORMATION_GIVEN,
        message=f"{said}\n\n{message}" if message else said,
    )
    event.full_clean()
    event.save()
    log_action(
        "grizha.application.document_instead",
        actor=None,
        obj=locked,
        office=locked.office_id,
        data={"requirement": key, "check": entry.get("check", ""), "document": str(document.pk)},
    )
    application.evidence = locked.evidence
    return document
