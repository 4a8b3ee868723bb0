"""The RegiX client: one ExecuteSynchronous call per check, the checks of one lookup run at once, each
within its time limit. Mutual TLS with the certificate issued for RegiX; a call is retried only when it
never reached RegiX (connecting failed), as only then is asking again sure to be harmless; after repeated
failures a circuit breaker answers at once for a while instead of making every caller wait. With
GRIZHA_REGIX_SIGNING_CERT it asks for signed answers and refuses any whose signature does not verify.

Without GRIZHA_REGIX_URL the calls go to the simulator, in process (grizha.registers.simulator), through
the same HTTP and SOAP code."""

from __future__ import annotations

import datetime
import functools
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import httpx
from cryptography import x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from grizha.registers.contract import CONTENT_TYPE, OPERATIONS, Operation
from grizha.registers.signature import verify
from grizha.registers.soap import ERROR, Answer, BadAnswer, CallContext, answer, request

TOTAL_SECONDS = 30.0  # a whole lookup, whatever the number of checks (CONTRACTS section 6)
CONNECT_RETRIES = 1


@dataclass(frozen=True)
class Timed:
    answer: Answer
    milliseconds: int


class CircuitBreaker:
    """Open after `failures` failures in a row; while open (for `pause` seconds) calls fail at once."""

    def __init__(self, *, failures: int = 5, pause: float = 30.0) -> None:
        self.failures, self.pause = failures, pause
        self._count, self._opened_at = 0, 0.0
        self._lock = threading.Lock()

    def allows(self) -> bool:
        with self._lock:
            return self._count < self.failures or time.monotonic() - self._opened_at >= self.pause

    def record(self, *, ok: bool) -> None:
        with self._lock:
            if ok:
                self._count = 0
                return
            self._count += 1
            if self._count >= self.failures:
                self._opened_at = time.monotonic()


class RegixClient:
    def __init__(
        self,
        *,
        url: str = "",
        transport: httpx.BaseTransport | None = None,
        timeout: float = 10.0,
        cert: tuple[str, str] | None = None,
        verify: str | bool = True,
        breaker: CircuitBreaker | None = None,
        signing_cert: bytes | None = None,
    ) -> None:
        """`signing_cert` (PEM): the certificate RegiX signs with; given, every answer must be signed by it."""
        self.url = url or "http://regix-simulator/RegiXEntryPoint.svc"
        self.timeout = timeout
        self.breaker = breaker or CircuitBreaker()
        self.signing_cert = signing_cert
        self.http = httpx.Client(
            transport=transport,
            cert=cert,
            verify=verify,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            headers={"Content-Type": CONTENT_TYPE},
        )

    @classmethod
    def from_settings(cls) -> RegixClient:
        """The client the settings describe: the RegiX URL with its certificates, or the simulator."""
        signing_cert = _signing_cert(settings.GRIZHA_REGIX_SIGNING_CERT)
        if not settings.GRIZHA_REGIX_URL:
            from grizha.registers.simulator import make_application

            return cls(
                transport=httpx.WSGITransport(app=make_application()),
                timeout=settings.GRIZHA_REGIX_TIMEOUT,
                signing_cert=signing_cert,
            )
        cert = (settings.GRIZHA_REGIX_CERT, settings.GRIZHA_REGIX_KEY) if settings.GRIZHA_REGIX_CERT else None
        return cls(
            url=settings.GRIZHA_REGIX_URL,
            timeout=settings.GRIZHA_REGIX_TIMEOUT,
            cert=cert,
            verify=settings.GRIZHA_REGIX_CA or True,
            signing_cert=signing_cert,
        )

    def call(self, check: str, identifier: str, context: CallContext, *, on: datetime.date | None = None) -> Timed:
        """One check; every failure becomes an error answer that says what happened (never an exception)."""
        operation = OPERATIONS[check]
        started = time.monotonic()
        if not self.breaker.allows():
            return Timed(Answer(ERROR, error="RegiX failed several times in a row; not asked again yet"), 0)
        signed = self.signing_cert is not None
        body = request(operation, identifier, context, on=on or timezone.localdate(), url=self.url, sign_result=signed)
        result, ok = self._send(body, operation)
        self.breaker.record(ok=ok)
        return Timed(result, int((time.monotonic() - started) * 1000))

    def _send(self, body: bytes, operation: Operation) -> tuple[Answer, bool]:
        """(the answer, whether RegiX itself worked): a register's own error is an answer of a gateway
        that works; not getting a RegiX answer at all is a failure of the gateway."""
        for attempt in range(CONNECT_RETRIES + 1):
            try:
                response = self.http.post(self.url, content=body)
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                if attempt < CONNECT_RETRIES:
                    time.sleep(0.2)
                    continue
                return Answer(ERROR, error=f"RegiX cannot be reached ({type(error).__name__})"), False
            except httpx.TimeoutException:
                return Answer(ERROR, error=f"RegiX did not answer within {self.timeout:g} s"), False
            except httpx.HTTPError as error:
                return Answer(ERROR, error=f"RegiX cannot be reached ({type(error).__name__})"), False
            check = functools.partial(verify, certificate_pem=self.signing_cert) if self.signing_cert else None
            try:
                return answer(response.content, operation, check=check), True
            except BadAnswer as error:
                return Answer(ERROR, error=f"HTTP {response.status_code}: {error}"), response.status_code < 500
        raise AssertionError("unreachable")

    def lookup(
        self, identifier: str, checks: Iterable[str], context: CallContext, *, on: datetime.date | None = None
    ) -> dict[str, Timed]:
        """Every check at once, each in its own thread; a check without an answer within the time limit
        (or within TOTAL_SECONDS for the whole lookup) is an error. The answers keep the checks' order."""
        checks = list(dict.fromkeys(checks))
        found: dict[str, Timed] = {}
        threads = []
        for check in checks:

            def run(check: str = check) -> None:
                found[check] = self.call(check, identifier, context, on=on)

            thread = threading.Thread(target=run, name=f"regix-{check}", daemon=True)
            thread.start()
            threads.append(thread)
        deadline = time.monotonic() + min(self.timeout + 0.5, TOTAL_SECONDS)
        for thread in threads:
            thread.join(max(deadline - time.monotonic(), 0))
        late = Timed(Answer(ERROR, error=f"RegiX did not answer within {self.timeout:g} s"), int(self.timeout * 1000))
        return {check: found.get(check, late) for check in checks}


def _signing_cert(path: str) -> bytes | None:
    """The PEM certificate at `path` (GRIZHA_REGIX_SIGNING_CERT), checked once here; None when unset."""
    if not path:
        return None
    try:
        pem = Path(path).read_bytes()
        x509.load_pem_x509_certificate(pem)
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(f"GRIZHA_REGIX_SIGNING_CERT: {path} is not a PEM certificate ({error})") from error
    return pem


@functools.cache
def default_client() -> RegixClient:
    """The process's client, as the settings describe it: one connection pool and one circuit breaker for
    every lookup, so that failures of RegiX count across lookups."""
    return RegixClient.from_settings()
