"""The register call log in the admin: read only, as the log of what was asked of the state's registers."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from grizha.registers.models import RegisterCall


@admin.register(RegisterCall)
class RegisterCallAdmin(admin.ModelAdmin):
    list_display = ("created_at", "check_name", "service_uri", "employee", "outcome", "duration_ms")
    list_filter = ("outcome", "check_name")
    search_fields = ("service_uri", "law_reason")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: RegisterCall | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: RegisterCall | None = None) -> bool:
        return False
