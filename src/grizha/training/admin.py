"""The competence framework in the admin, where a municipality adapts it to its own staff standards
(names in both languages, the area, the roles that require each competence, the order)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from grizha.accounts.roles import Role
from grizha.training.framework import PROVIDER_STAFF
from grizha.training.models import Competence

ROLE_CHOICES = [*Role.choices, (PROVIDER_STAFF, _("staff of a provider (without an account)"))]


class CompetenceForm(forms.ModelForm):  # type: ignore[type-arg]
    roles = forms.MultipleChoiceField(
        label=_("required of the roles"), choices=ROLE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Competence
        fields = ["code", "name", "description", "area", "roles", "position"]

    def clean_roles(self) -> list[str]:
        return list(self.cleaned_data.get("roles") or [])


@admin.register(Competence)
class CompetenceAdmin(TranslationAdmin):  # type: ignore[type-arg]
    form = CompetenceForm
    list_display = ("name", "area", "role_names", "position")
    list_filter = ("area",)
    search_fields = ("name", "code")
    ordering = ("position", "name")

    @admin.display(description=_("required of the roles"))
    def role_names(self, competence: Competence) -> str:
        names: dict[Any, Any] = dict(ROLE_CHOICES)
        return ", ".join(str(names.get(role, role)) for role in competence.roles)
