"""Writes of casework, one module per part of the domain; every one typed, keyword-only, validated,
in one transaction, and audited where it touches personal data or a referral."""

from grizha.casework.services.requests import (
    accessibility_feedback_create,
    callback_request_confirm_by_email,
    callback_request_create,
    next_reference,
)

__all__ = [
    "accessibility_feedback_create",
    "callback_request_confirm_by_email",
    "callback_request_create",
    "next_reference",
]
