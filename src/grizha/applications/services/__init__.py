"""Writes of applications, one module per part of the domain: submission (what the person sends),
registers (asking the registers in the background), documents (uploads), review (what staff do, by the
lifecycle table) and notifications (e-mail and SMS to the person)."""

from grizha.applications.services.registers import RETRY_AFTER, registry_checks_run
from grizha.applications.services.submission import (
    CODE_LENGTH,
    Submission,
    Submitted,
    answer_errors,
    application_submit,
    follow_code_hash,
)

__all__ = [
    "CODE_LENGTH",
    "RETRY_AFTER",
    "Submission",
    "Submitted",
    "answer_errors",
    "application_submit",
    "follow_code_hash",
    "registry_checks_run",
]
