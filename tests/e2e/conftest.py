"""Browser journeys drive the real production server (`grizha serve`) over a demo database,
in Debian's Chromium through Playwright; the accessibility suite adds axe-core and Lighthouse from npm
(`scripts/test --install` runs `npm ci`). Under CI=true a missing browser or tool fails, never skips."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("GRIZHA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("demo")
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    # As `grizha demo` serves: background tasks (register checks, posters) in a thread of the server.
    env = {
        **os.environ,
        "GRIZHA_DATA_DIR": str(data_dir),
        "GRIZHA_BASE_URL": base_url,
        "GRIZHA_TASKS_IN_PROCESS": "1",
    }
    env.pop("DATABASE_URL", None)
    grizha = [sys.executable, "-m", "grizha.cli"]
    subprocess.run([*grizha, "demo", "--no-serve"], env=env, check=True, capture_output=True, timeout=300)
    server = subprocess.Popen(
        [*grizha, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError as error:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"grizha serve did not start: {server.stderr.read() if server.stderr else ''}"
                    ) from error
                time.sleep(0.2)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, to be run in each page (node_modules, from package-lock.json)."""
    if not AXE.exists():
        missing(f"axe-core not found at {AXE} (run scripts/test --install, or npm ci)")
    return AXE.read_text(encoding="utf-8")


def missing(message: str) -> NoReturn:
    """A tool the test needs is not installed: a failure under CI, a skip on a developer's machine."""
    if IN_CI:
        pytest.fail(f"{message}; under CI=true this is a failure, not a skip", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
