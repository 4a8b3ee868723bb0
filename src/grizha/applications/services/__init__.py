"""Writes of applications, one module per part of the domain: submission (what the person sends),
registers (asking the registers in the background), documents (uploads), review (what staff do, by the
lifecycle table) and notifications (e-mail and SMS to the person)."""

from grizha.applications.services.documents import (
    MAX_DOCUMENTS,
    document_remove,
    document_upload,
    documents_attach,
    draft_documents_delete,
    missing_documents,
)
from grizha.applications.services.notifications import EVENTS, applicant_notify
from grizha.applications.services.registers import RETRY_AFTER, registry_checks_run
from grizha.applications.services.review import (
    TransitionRefused,
    application_approve,
    application_document_read,
    application_information_give,
    application_information_request,
    application_refer,
    application_refuse,
    application_take,
    application_transition,
    application_viewed,
    application_withdraw,
)
from grizha.applications.services.submission import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Submission,
    Submitted,
    answer_errors,
    answer_value,
    application_submit,
    date_answer,
    follow_code_hash,
)

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "EVENTS",
    "MAX_DOCUMENTS",
    "RETRY_AFTER",
    "Submission",
    "Submitted",
    "TransitionRefused",
    "answer_errors",
    "answer_value",
    "applicant_notify",
    "application_approve",
    "application_document_read",
    "application_information_give",
    "application_information_request",
    "application_refer",
    "application_refuse",
    "application_submit",
    "application_take",
    "application_transition",
    "application_viewed",
    "application_withdraw",
    "date_answer",
    "document_remove",
    "document_upload",
    "documents_attach",
    "draft_documents_delete",
    "follow_code_hash",
    "missing_documents",
    "registry_checks_run",
]
