"""Editors write information campaigns; front-office staff record how many leaflets they handed out."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from grizha.paper.models import Campaign, LeafletHandout


@admin.register(Campaign)
class CampaignAdmin(TranslationAdmin):
    list_display = ("title", "published_at", "ends_on")
    list_filter = ("published_at",)
    search_fields = ("title_bg", "title_en")
    date_hierarchy = "published_at"
    filter_horizontal = ("services", "target_groups", "needs", "settlements")


@admin.register(LeafletHandout)
class LeafletHandoutAdmin(admin.ModelAdmin):
    list_display = ("handed_out_on", "service", "office", "count", "recorded_by")
    list_filter = ("handed_out_on", "office")
    list_select_related = ("service", "office", "recorded_by")
    readonly_fields = ("recorded_by",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
