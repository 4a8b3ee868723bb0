"""Admin for the territory: offices are edited; EKATTE reference data is looked up."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from grizha.territory.models import Mayoralty, Municipality, Office, Settlement, Site


@admin.register(Municipality)
class MunicipalityAdmin(TranslationAdmin):
    list_display = ("name", "code", "oblast_name")
    search_fields = ("name_bg", "name_en", "code")


@admin.register(Mayoralty)
class MayoraltyAdmin(TranslationAdmin):
    list_display = ("name", "code", "municipality")
    list_filter = ("municipality",)
    search_fields = ("name_bg", "name_en", "code")


@admin.register(Settlement)
class SettlementAdmin(TranslationAdmin):
    list_display = ("name", "kind", "ekatte", "municipality", "mayoralty")
    search_fields = ("name_bg", "name_en", "ekatte")
    list_select_related = ("municipality", "mayoralty")


@admin.register(Office)
class OfficeAdmin(TranslationAdmin):
    list_display = ("name", "kind", "settlement", "phone")
    list_filter = ("kind", "municipality")
    search_fields = ("name_bg", "name_en")
    autocomplete_fields = ("municipality", "mayoralty", "settlement")


@admin.register(Site)
class SiteAdmin(TranslationAdmin):
    """The host names this installation answers to; administrators only (the admin site's own rule)."""

    list_display = ("host", "municipality", "base_url", "accent_colour")
    search_fields = ("host", "base_url")
    autocomplete_fields = ("municipality",)
