"""Screening in the admin: each service's conditions in words with a page to try a sample person
against it, and the anonymous need signals, read-only because they are evidence."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from grizha.catalog import reference
from grizha.catalog.admin import ServiceAdmin
from grizha.catalog.models import Service
from grizha.screening import editor
from grizha.screening.models import NeedSignal
from grizha.screening.rules import Person, ServiceRules
from grizha.screening.selectors import screening_catalog
from grizha.territory.models import Municipality


class SamplePersonForm(forms.Form):
    """A person to try against one service; every answer may be left unknown."""

    age = forms.IntegerField(label=_("Age"), required=False, min_value=0, max_value=130)
    municipality = forms.CharField(
        label=_("Municipality where the person lives (EKATTE code)"),
        required=False,
        max_length=5,
        help_text=_("For example SLV20. Leave empty if not known."),
    )
    disability_percent = forms.FloatField(
        label=_("Degree of disability (percent)"), required=False, min_value=0, max_value=100
    )
    needs_assistance_of_another = forms.NullBooleanField(
        label=_("Has an assessed need for the assistance of another person"), required=False
    )
    monthly_income_per_member = forms.FloatField(
        label=_("Monthly income per household member (EUR)"), required=False, min_value=0, max_value=1_000_000
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs the person states"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, rules: ServiceRules, lang: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        catalog = screening_catalog()
        self.fields["municipality"].initial = rules.municipality
        cast(forms.MultipleChoiceField, self.fields["needs"]).choices = editor.need_choices(rules, catalog, lang)
        eligibility = set(rules.eligibility_groups)
        self.group_codes = []
        for code, name in editor.group_choices(rules, catalog, lang):
            self.group_codes.append(code)
            self.fields[f"group_{code}"] = forms.NullBooleanField(
                label=gettext("Belongs to the group: %(group)s") % {"group": name},
                required=False,
                help_text=gettext("one of the groups the service is only for") if code in eligibility else "",
            )

    def clean_municipality(self) -> str:
        code: str = self.cleaned_data["municipality"].strip().upper()
        if code and not Municipality.objects.filter(code=code).exists():
            raise forms.ValidationError(
                _("No municipality has the EKATTE code %(code)s."), code="unknown", params={"code": code}
            )
        return code

    def person(self) -> Person:
        data = self.cleaned_data
        facts = {
            name: data[name]
            for name in ("disability_percent", "needs_assistance_of_another", "monthly_income_per_member")
        }
        groups = {code: data[f"group_{code}"] for code in self.group_codes}
        return Person(
            age=data["age"],
            municipality=data["municipality"] or None,
            facts={name: value for name, value in facts.items() if value is not None},
            target_groups={code: value for code, value in groups.items() if value is not None},
            needs=tuple(data["needs"]),
        )


class ScreeningServiceAdmin(ServiceAdmin):
    """The catalog's service admin with what screening makes of the service."""

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "<path:object_id>/try/",
                self.admin_site.admin_view(self.try_view),
                name="catalog_service_try",
            )
        ]
        return own + super().get_urls()

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {**(extra_context or {}), "screening": editor.service_panel(object_id)}
        return super().change_view(request, object_id, form_url, context)

    def try_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        service = self.get_object(request, object_id)
        panel = editor.service_panel(object_id)
        if service is None or panel is None or not self.has_view_or_change_permission(request, service):
            raise Http404
        lang = editor.editor_language()
        form = SamplePersonForm(request.GET or None, rules=panel.rules, lang=lang)
        trial = editor.try_person(panel.rules, form.person(), lang) if form.is_valid() else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": service,
            "title": gettext("Try a sample person"),
            "subtitle": str(service),
            "screening": panel,
            "form": form,
            "trial": trial,
        }
        return TemplateResponse(request, "admin/screening/try_service.html", context)


admin.site.unregister(Service)
admin.site.register(Service, ScreeningServiceAdmin)


@admin.register(NeedSignal)
class NeedSignalAdmin(admin.ModelAdmin):
    """Need signals as they were recorded: to read and filter, never to add, change or delete."""

    list_display = ("created_at", "channel", "municipality", "age_band", "needs", "eligible_count", "maybe_count")
    list_filter = ("channel", ("municipality", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("municipality",)
    date_hierarchy = "created_at"

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        # The needs in words: the compiled catalog's names, read once per page rather than once per row.
        catalog, lang = screening_catalog(), editor.editor_language()

        @admin.display(description=_("needs"))
        def needs(signal: NeedSignal) -> str:
            return ", ".join(catalog.term(reference.NEED, code, lang) for code in signal.needs)

        return [needs if name == "needs" else name for name in self.list_display]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
