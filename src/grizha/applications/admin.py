"""Application forms in the admin, for catalog editors: a service's questions, the documents (each may
name the register whose answer stands for it), and the registers asked instead of certificates, each
with its legal basis."""

from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from grizha.applications.models import ApplicationType, DocumentRequirement, Question, RegistryCheck


class QuestionInline(TranslationTabularInline):
    model = Question
    extra = 1
    fields = ("position", "key", "section", "label", "hint", "kind", "options", "required", "compare_with")


class DocumentInline(TranslationTabularInline):
    model = DocumentRequirement
    extra = 0
    fields = ("position", "name", "hint", "required", "register_check")


class RegistryCheckInline(TranslationTabularInline):
    model = RegistryCheck
    extra = 0
    fields = ("check_name", "law_reason", "purpose")


@admin.register(ApplicationType)
class ApplicationTypeAdmin(TranslationAdmin):
    list_display = ("title", "service", "is_active")
    list_filter = ("is_active",)
    search_fields = ("title", "service__name")
    autocomplete_fields = ["service"]
    inlines = [QuestionInline, DocumentInline, RegistryCheckInline]
