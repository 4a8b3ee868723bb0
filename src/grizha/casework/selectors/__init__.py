"""Reads of casework, one module per part of the domain. Staff reads take a StaffScope
(grizha.accounts.selectors) and never return what lies outside it."""

from grizha.casework.selectors.requests import (
    callback_request_sent,
    front_office_for,
    listed_service,
    request_settlements,
)

__all__ = ["callback_request_sent", "front_office_for", "listed_service", "request_settlements"]
