"""Keeping the index current: catalog writes mark the services they touch, and the index rows of those
services are rebuilt once, when the transaction commits (a rolled-back one leaves the index as it was)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from django.db import connection, transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_delete

from grizha.catalog.versioning import catalog_changed


class _PendingRefresh:
    """The services to refresh when the current transaction commits; one per transaction."""

    def __init__(self) -> None:
        self.service_ids: set[UUID] = set()
        self.everything = False
        self.done = False

    def __call__(self) -> None:
        from grizha.search.services import search_index_refresh

        self.done = True
        search_index_refresh(service_ids=None if self.everything else self.service_ids)


def refresh_after_commit(service_ids: Iterable[UUID] = (), *, everything: bool = False) -> None:
    """Refresh these services' index rows (or all of them) once the current transaction commits."""
    pending = None
    if connection.in_atomic_block:
        pending = next(
            (e[1] for e in connection.run_on_commit if isinstance(e[1], _PendingRefresh) and not e[1].done), None
        )
    if pending is None:
        pending = _PendingRefresh()
        pending.service_ids.update(service_ids)
        pending.everything = everything
        transaction.on_commit(pending)  # runs at once outside a transaction
        return
    pending.service_ids.update(service_ids)
    pending.everything |= everything


def _service_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        refresh_after_commit([instance.pk])


def _attribute_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw") and instance.service_id:
        refresh_after_commit([instance.service_id])


def _term_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    from grizha.catalog.models import Attribute

    if not kwargs.get("raw"):
        refresh_after_commit(
            Attribute.objects.filter(taxonomy_term_id=instance.pk, service__isnull=False).values_list(
                "service_id", flat=True
            )
        )


def _organization_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    from grizha.catalog.models import Service

    if not kwargs.get("raw"):
        refresh_after_commit(Service.objects.filter(organization_id=instance.pk).values_list("id", flat=True))


def _thesaurus_changed(sender: Any, **kwargs: Any) -> None:
    # The thesaurus is applied to queries, not to the index: a new catalog version is enough for
    # every process to read it again and for cached result pages to be built anew.
    if not kwargs.get("raw"):
        catalog_changed()


def connect_signals() -> None:
    from grizha.catalog.models import Attribute, Organization, Service, TaxonomyTerm
    from grizha.search.models import ThesaurusEntry

    receivers: list[tuple[type[Model], Callable[..., None]]] = [
        (Service, _service_changed),
        (Attribute, _attribute_changed),
        (ThesaurusEntry, _thesaurus_changed),
    ]
    for model, receiver in receivers:
        post_save.connect(receiver, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"search-delete-{model.__name__}")
    # A term's or an organization's services are found before a deletion unlinks them.
    unlinking: list[tuple[type[Model], Callable[..., None]]] = [
        (TaxonomyTerm, _term_changed),
        (Organization, _organization_changed),
    ]
    for model, receiver in unlinking:
        post_save.connect(receiver, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        pre_delete.connect(receiver, sender=model, dispatch_uid=f"search-delete-{model.__name__}")


def rebuild_if_incomplete(sender: Any, **kwargs: Any) -> None:
    """After `migrate`: a vocabulary without postings (made before they existed) is built anew."""
    from grizha.search.models import SearchWord
    from grizha.search.services import search_index_refresh

    using = kwargs.get("using", "default")
    if SearchWord.objects.using(using).filter(postings__isnull=True).exists():
        search_index_refresh()
