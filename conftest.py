"""Test set-up shared by every app: the demo catalog in the test database, no silent skips in CI,
and the number of tests run on each database."""

from __future__ import annotations

import os
from typing import Any

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing() -> Any:
    """Tests make hundreds of staff accounts and log them in: hashing each password the production way
    (PBKDF2, a million rounds, a third of a second here) would add minutes to every run."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _language_kept() -> Any:
    """A test leaves the active language as it found it: a page of /en/ would otherwise leave English active
    for the tests after it."""
    from django.utils import translation

    before = translation.get_language()
    yield
    if before is None:
        translation.deactivate_all()
    else:
        translation.activate(before)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Migrations load the territory and taxonomies; the demo municipality is loaded once on top."""
    from grizha.demo.loader import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        # Under CI a missing browser, database or tool is a failure, never a quiet skip.
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which is not allowed: {report.longrepr}"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    from django.conf import settings

    vendor = "PostgreSQL" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "SQLite"
    ran = sum(len(terminalreporter.stats.get(key, [])) for key in ("passed", "failed", "error"))
    terminalreporter.write_line(f"grizha: {ran} tests run on {vendor}")
