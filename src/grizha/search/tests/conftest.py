from __future__ import annotations

import pytest

from grizha.search import selectors


@pytest.fixture(autouse=True)
def _fresh_index() -> None:
    # The index is kept per catalog version; a rolled-back test hands the same version on.
    selectors._index_cache.clear()
