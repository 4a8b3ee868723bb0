"""Observability (issue 12): a request id on every request and every log line, logs as JSON lines when
GRIZHA_LOG_FORMAT=json, Prometheus metrics (grizha.core.observability.metrics), readiness checks
(.checks) and optional error reporting to a Sentry-compatible service (.sentry).

This module is imported by the logging configuration, before the apps are ready: it imports nothing of
Django's models."""

from __future__ import annotations

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

REQUEST_ID_HEADER = "X-Request-ID"
# An incoming request id is kept when it is a plain token of this shape, else a new one is made.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
NO_REQUEST = "-"

_request_id: ContextVar[str] = ContextVar("grizha_request_id", default=NO_REQUEST)


def current_request_id() -> str:
    """The id of the request being served in this thread or task; "-" outside of any request."""
    return _request_id.get()


def request_id_from(header: str | None) -> str:
    """The incoming X-Request-ID when it is a sane token, else a new random id."""
    if header and SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every log record (`record.request_id`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id, and the
    exception's traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, ensure_ascii=False, default=str)
