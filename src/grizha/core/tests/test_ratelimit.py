"""Rate limits per client address, counted in the cache."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from grizha.core.ratelimit import client_ip, within_rate_limit


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def request_from(address: str, forwarded: str = "") -> Any:
    meta = {"REMOTE_ADDR": address}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **meta)


def test_a_client_is_allowed_up_to_the_limit_then_refused() -> None:
    request = request_from("192.0.2.1")
    assert [within_rate_limit(request, scope="form", limit=3) for _ in range(5)] == [True, True, True, False, False]


def test_clients_and_scopes_are_counted_apart() -> None:
    assert within_rate_limit(request_from("192.0.2.1"), scope="form", limit=1)
    assert not within_rate_limit(request_from("192.0.2.1"), scope="form", limit=1)
    assert within_rate_limit(request_from("192.0.2.2"), scope="form", limit=1)
    assert within_rate_limit(request_from("192.0.2.1"), scope="other", limit=1)


def test_a_new_window_starts_a_new_count(monkeypatch: pytest.MonkeyPatch) -> None:
    request = request_from("192.0.2.1")
    monkeypatch.setattr("grizha.core.ratelimit.time.time", lambda: 1000.0)
    assert within_rate_limit(request, scope="form", limit=1, window=60)
    assert not within_rate_limit(request, scope="form", limit=1, window=60)
    monkeypatch.setattr("grizha.core.ratelimit.time.time", lambda: 1060.0)
    assert within_rate_limit(request, scope="form", limit=1, window=60)


def test_addresses_are_not_kept_in_clear() -> None:
    within_rate_limit(request_from("192.0.2.1"), scope="form", limit=1)
    assert not any("192.0.2.1" in str(key) for key in cache._cache)  # type: ignore[attr-defined]


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings: Any) -> None:
    settings.GRIZHA_TRUSTED_PROXIES = 0
    assert client_ip(request_from("10.0.0.1", "203.0.113.9")) == "10.0.0.1"


def test_behind_a_proxy_the_address_it_saw_is_the_client(settings: Any) -> None:
    settings.GRIZHA_TRUSTED_PROXIES = 1
    # What the client wrote itself (198.51.100.66) comes first and is not trusted.
    assert client_ip(request_from("127.0.0.1", "198.51.100.66, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request_from("127.0.0.1")) == "127.0.0.1"
