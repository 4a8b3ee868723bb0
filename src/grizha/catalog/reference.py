"""grizha's controlled vocabularies (data/taxonomies.json, with their fixed ids) and how to load them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "taxonomies.json"

SERVICE_TYPE = "bg-social-service-type"
ACTIVITY_KIND = "bg-activity-kind"
ACCESS_ROUTE = "bg-access-route"
TARGET_GROUP = "bg-target-group"
NEED = "bg-need"
ELIGIBILITY_CRITERION = "bg-eligibility-criterion"
ACCESSIBILITY = "bg-accessibility"

# Which of our vocabularies each meaningful link_type takes its terms from (CONTRACTS section 4).
LINK_TYPE_TAXONOMIES: dict[str, tuple[str, ...]] = {
    "service_type": (SERVICE_TYPE,),
    "activity_kind": (ACTIVITY_KIND,),
    "access_route": (ACCESS_ROUTE,),
    "audience": (TARGET_GROUP,),
    "eligibility": (TARGET_GROUP, ELIGIBILITY_CRITERION),
    "need": (NEED,),
    "accessibility": (ACCESSIBILITY,),
}


@cache
def read_taxonomies() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return data


def load_taxonomies(apps: Any) -> None:
    """Create or refresh our taxonomies and terms by their fixed ids."""
    Taxonomy = apps.get_model("catalog", "Taxonomy")
    TaxonomyTerm = apps.get_model("catalog", "TaxonomyTerm")
    data = read_taxonomies()
    for item in data["taxonomies"]:
        en = item.get("translations", {}).get("en", {})
        Taxonomy.objects.update_or_create(
            id=item["id"],
            defaults={
                "code": item["code"],
                "version": item.get("version", ""),
                "name": item["name"],
                "name_bg": item["name"],
                "name_en": en.get("name", ""),
                "description": item.get("description", ""),
                "description_bg": item.get("description", ""),
                "description_en": en.get("description", ""),
            },
        )
    for position, item in enumerate(data["taxonomy_terms"]):
        en = item.get("translations", {}).get("en", {})
        TaxonomyTerm.objects.update_or_create(
            id=item["id"],
            defaults={
                "taxonomy_id": item["taxonomy_id"],
                "code": item["code"],
                "taxonomy_name": item["taxonomy"],
                "parent_id": item.get("parent_id"),
                "language": item.get("language", "bg"),
                "position": position,
                "name": item["name"],
                "name_bg": item["name"],
                "name_en": en.get("name", ""),
                "description": item.get("description", ""),
                "description_bg": item.get("description", ""),
                "description_en": en.get("description", ""),
            },
        )
