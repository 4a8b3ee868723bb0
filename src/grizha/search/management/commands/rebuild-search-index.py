"""`grizha rebuild-search-index`: the whole search index built anew from the catalog."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from grizha.search.services import search_index_refresh


class Command(BaseCommand):
    help = "Build the search index anew from the catalog (after an upgrade, or to be sure it is complete)."

    def handle(self, *args: Any, **options: Any) -> None:
        written = search_index_refresh(service_ids=None)
        self.stdout.write(f"Search index rebuilt: {written} services.")
