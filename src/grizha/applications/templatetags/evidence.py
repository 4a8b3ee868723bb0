"""Evidence from the registers in templates: `{{ document.register_check|register_name }}`, the register a
document's evidence comes from, in words (grizha.registers.labels)."""

from __future__ import annotations

from django import template

from grizha.registers import labels

register = template.Library()


@register.filter
def register_name(check: str) -> str:
    """The register a check asks, in words; "" for none."""
    return labels.register_name(check) if check else ""
