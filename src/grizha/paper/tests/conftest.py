"""Every test of printed documents writes to a store of its own, so no file made from another
test's data (or another database) is ever served."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def paper_dir(settings: Any, tmp_path: Path) -> Path:
    settings.GRIZHA_PAPER_DIR = tmp_path / "paper"
    return settings.GRIZHA_PAPER_DIR
