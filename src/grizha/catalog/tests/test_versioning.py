"""The catalog version moves once per committed change, and not for a rolled-back one."""

from __future__ import annotations

import pytest
from django.db import transaction

from grizha.catalog.models import AccessStep, Service
from grizha.catalog.versioning import current_version

pytestmark = pytest.mark.django_db(transaction=False)


def test_a_committed_write_bumps_the_version(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    before = current_version()
    service = Service.objects.first()
    assert service is not None
    with django_capture_on_commit_callbacks(execute=True):
        service.save()
    assert current_version() == before + 1


def test_many_writes_in_one_transaction_bump_once(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    before = current_version()
    service = Service.objects.first()
    assert service is not None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for position in range(5):
            AccessStep.objects.create(service=service, position=position, title=f"step {position}")
    assert len(callbacks) == 1
    assert current_version() == before + 1


def test_a_rolled_back_transaction_leaves_the_version(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    before = current_version()
    service = Service.objects.first()
    assert service is not None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                AccessStep.objects.create(service=service, position=1, title="never")
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert current_version() == before
