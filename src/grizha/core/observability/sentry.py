"""Optional error reporting to a Sentry-compatible service, turned on by SENTRY_DSN (the `sentry` extra:
`pip install grizha[sentry]`). Nothing personal is sent: no cookies, no request bodies, no query strings,
no user or address."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from sentry_sdk.types import Event

# Parts of a request in an event that may carry what people typed or who they are.
PRIVATE_REQUEST_PARTS = ("data", "cookies", "query_string", "env")


def release() -> str:
    try:
        return f"grizha@{version('grizha')}"
    except PackageNotFoundError:
        return "grizha@unknown"


def scrub(event: Event, hint: dict[str, Any]) -> Event:
    """Drop the private parts of the request from an event before it is sent (sentry's before_send)."""
    request = event.get("request")
    if isinstance(request, dict):
        for part in PRIVATE_REQUEST_PARTS:
            request.pop(part, None)
    event.pop("user", None)
    return event


def init_sentry(*, dsn: str, environment: str = "", traces_sample_rate: float = 0.0) -> None:
    """Start reporting errors to `dsn`; a clear error when sentry-sdk is not installed."""
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError as missing:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: install it with `pip install 'grizha[sentry]'` "
            "or unset SENTRY_DSN"
        ) from missing
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        release=release(),
        environment=environment or None,
        traces_sample_rate=traces_sample_rate,
        before_send=scrub,
        before_send_transaction=scrub,
    )
