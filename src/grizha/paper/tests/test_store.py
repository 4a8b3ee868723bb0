"""The store keeps each file until the catalog changes, and then only the new ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from grizha.catalog.models import Service
from grizha.demo.loader import demo_id
from grizha.paper import store

pytestmark = pytest.mark.django_db

SERVICE = demo_id("service", "informirane-konsultirane")


def test_a_file_is_built_once_per_catalog_version(django_capture_on_commit_callbacks: Any, paper_dir: Path) -> None:
    builds: list[int] = []

    def build() -> bytes:
        builds.append(1)
        return b"first" if len(builds) == 1 else b"second"

    first = store.fetch("thing.txt", build)
    assert store.fetch("thing.txt", build) == first
    assert builds == [1]

    with django_capture_on_commit_callbacks(execute=True):
        Service.objects.filter(id=SERVICE).first().save()  # type: ignore[union-attr]
    second = store.fetch("thing.txt", build)
    assert second != first
    assert second.read_bytes() == b"second"
    assert not first.exists(), "the folder of the old catalog version is removed"


def test_the_stamp_moves_with_the_catalog(django_capture_on_commit_callbacks: Any) -> None:
    before = store.catalog_stamp()
    with django_capture_on_commit_callbacks(execute=True):
        Service.objects.filter(id=SERVICE).first().save()  # type: ignore[union-attr]
    assert store.catalog_stamp() != before


def test_a_failed_build_leaves_nothing_behind(paper_dir: Path) -> None:
    def build() -> bytes:
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        store.fetch("broken.pdf", build)
    assert not [p for p in paper_dir.rglob("*") if p.is_file()]
