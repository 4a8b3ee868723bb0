"""The thesaurus's starting set (data/thesaurus.json), loaded by a data migration; editors extend it in the admin."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SEED_FILE = Path(__file__).resolve().parent / "data" / "thesaurus.json"


def load_seed(apps: Any) -> int:
    """Add the entries that are missing (by language and phrase); those already there keep their edits."""
    ThesaurusEntry = apps.get_model("search", "ThesaurusEntry")
    TaxonomyTerm = apps.get_model("catalog", "TaxonomyTerm")
    terms = {
        f"{taxonomy}/{code}": term_id
        for term_id, taxonomy, code in TaxonomyTerm.objects.filter(taxonomy__code__isnull=False).values_list(
            "id", "taxonomy__code", "code"
        )
    }
    added = 0
    for item in json.loads(SEED_FILE.read_text(encoding="utf-8")):
        entry, created = ThesaurusEntry.objects.get_or_create(
            language=item["language"], phrase=item["phrase"], defaults={"words": "\n".join(item["words"])}
        )
        if created:
            entry.terms.set([terms[key] for key in item["terms"]])
            added += 1
    return added
