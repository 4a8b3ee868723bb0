"""Casework in the admin, until the front office has its own work queues: requests for a home visit
or a call back, and accessibility feedback. What people told us is read-only; staff change the status
(and may pass a request to another office)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from grizha.casework.models import AccessibilityFeedback, CallbackRequest


@admin.register(CallbackRequest)
class CallbackRequestAdmin(admin.ModelAdmin):
    list_display = ("reference", "created_at", "kind", "name", "settlement", "office", "best_time", "status")
    list_filter = ("status", "kind", "office", "best_time", "language")
    list_select_related = ("settlement", "office")
    search_fields = ("reference", "name", "phone", "email")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    fields = (
        "reference",
        "status",
        "office",
        "kind",
        "name",
        "phone",
        "email",
        "settlement",
        "best_time",
        "note",
        "service",
        "needs_for_the_visit",
        "needs",
        "service_ids",
        "language",
        "consent_given_at",
        "created_at",
    )
    readonly_fields = tuple(name for name in fields if name not in ("status", "office"))

    @admin.display(description=_("what the visit needs"))
    def needs_for_the_visit(self, obj: CallbackRequest) -> str:
        return "; ".join(obj.visit_need_labels) or "–"

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Requests come from the people themselves, with their consent.
        return False


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    list_display = ("created_at", "summary", "page_url", "status")
    list_filter = ("status", "language")
    search_fields = ("problem", "page_url")
    date_hierarchy = "created_at"
    fields = ("status", "problem", "page_url", "contact", "language", "created_at")
    readonly_fields = ("problem", "page_url", "contact", "language", "created_at")

    @admin.display(description=_("what the problem was"))
    def summary(self, obj: AccessibilityFeedback) -> str:
        return obj.problem if len(obj.problem) <= 80 else obj.problem[:79] + "…"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
