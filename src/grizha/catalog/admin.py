"""The catalog editor's admin: a service with its places, steps, documents, fees and attributes on one
page; attributes are picked by their labels, never by id; a service without its easy-read text in every
language is flagged in the list and warned about when saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import BLANK_CHOICE_DASH, Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from grizha.accounts.roles import Capability
from grizha.accounts.selectors import request_scope
from grizha.catalog import masters
from grizha.catalog import models as m
from grizha.catalog.reference import ELIGIBILITY_CRITERION, LINK_TYPE_TAXONOMIES
from grizha.registers.labels import REGISTER_NAMES


class TermChoiceField(forms.ModelChoiceField):
    """Terms labelled 'vocabulary — term', so an editor never sees an id."""

    def label_from_instance(self, obj: Any) -> str:
        vocabulary = obj.taxonomy.name if obj.taxonomy_id and obj.taxonomy else obj.taxonomy_name
        return f"{vocabulary} — {obj.name}"


class TermFormMixin:
    """A term picked by its label, checked against the meaning chosen for it."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}  # type: ignore[misc]
        term, link_type = data.get("taxonomy_term"), data.get("link_type")
        if term is None or not link_type:
            return data
        allowed = LINK_TYPE_TAXONOMIES.get(link_type, ())
        taxonomy = term.taxonomy.code if term.taxonomy else None
        if allowed and taxonomy not in allowed:
            self.add_error(  # type: ignore[attr-defined]
                "taxonomy_term",
                _("This term does not fit the chosen meaning. Pick a term of: %(names)s.")
                % {"names": ", ".join(allowed)},
            )
        if taxonomy == ELIGIBILITY_CRITERION and not data.get("value"):
            self.add_error(  # type: ignore[attr-defined]
                "value", _("Enter the condition's value, for example 50 (percent) or SLV20 (municipality).")
            )
        return data


def _term_choices() -> Any:
    return m.TaxonomyTerm.objects.select_related("taxonomy").order_by("taxonomy__name", "position", "name")


class AttributeForm(TermFormMixin, forms.ModelForm):
    taxonomy_term = TermChoiceField(label=_("term"), queryset=_term_choices())
    # A blank first choice: otherwise the empty extra row sends a meaning and reads as half filled in.
    link_type = forms.ChoiceField(label=_("meaning"), choices=[*BLANK_CHOICE_DASH, *m.Attribute.LinkType.choices])

    class Meta:
        model = m.Attribute
        fields = ("link_type", "taxonomy_term", "value")


class MasterTermForm(TermFormMixin, forms.ModelForm):
    taxonomy_term = TermChoiceField(label=_("term"), queryset=_term_choices())
    link_type = forms.ChoiceField(
        label=_("meaning"),
        choices=[*BLANK_CHOICE_DASH, *(c for c in m.Attribute.LinkType.choices if c[0] in masters.MASTER_LINK_TYPES)],
    )

    class Meta:
        model = m.MasterTerm
        fields = ("link_type", "taxonomy_term", "value")


class ChannelsForm(forms.ModelForm):
    """IISDA's ways to apply as checkboxes, not as JSON."""

    channels = forms.MultipleChoiceField(
        label=_("ways to apply"), choices=m.Channel.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


class CostOptionForm(forms.ModelForm):
    payment_methods = forms.MultipleChoiceField(
        label=_("ways to pay"),
        choices=m.CostOption.Payment.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = m.CostOption
        fields = ("option", "tier", "amount", "currency", "amount_description", "payment_methods")


class ServiceAttributeInline(admin.TabularInline):
    model = m.Attribute
    form = AttributeForm
    fk_name = "service"
    extra = 1
    verbose_name = _("attribute (what the service is, who it is for, what it meets)")
    verbose_name_plural = _("attributes")


class LocationAttributeInline(ServiceAttributeInline):
    fk_name = "location"
    verbose_name = _("accessibility of the place")
    verbose_name_plural = _("accessibility of the place")


class ServiceAtLocationInline(admin.TabularInline):
    model = m.ServiceAtLocation
    fields = ("location",)
    autocomplete_fields = ("location",)
    extra = 0
    verbose_name = _("place where it is given")
    verbose_name_plural = _("places where it is given")


class AccessStepInline(TranslationStackedInline):
    model = m.AccessStep
    extra = 0
    fields = ("position", "title", "who", "where", "bring", "duration")


class EvidenceForm(forms.ModelForm):
    """Where a document's evidence comes from: a register check, or the person brings it."""

    register_check = forms.ChoiceField(
        label=_("from a register"),
        choices=[("", _("No: the person brings or uploads it"))]
        + [(check, name) for check, name in REGISTER_NAMES.items()],
        required=False,
    )


class RequiredDocumentInline(TranslationTabularInline):
    model = m.RequiredDocument
    form = EvidenceForm
    extra = 0
    fields = ("document", "uri", "register_check")


class CostOptionInline(TranslationTabularInline):
    model = m.CostOption
    form = CostOptionForm
    extra = 0
    fields = ("option", "tier", "amount", "currency", "amount_description", "payment_methods")


class LegalReferenceInline(TranslationTabularInline):
    model = m.LegalReference
    fk_name = "service"
    extra = 0
    fields = ("position", "act", "article", "paragraph", "point", "url")


class CapacityInline(admin.StackedInline):
    model = m.Capacity
    extra = 0
    max_num = 1
    fields = ("places", "occupied", "waiting", "funded_places", "funding_decision", "updated_at")


class PhoneInline(admin.TabularInline):
    model = m.Phone
    extra = 0
    fields = ("number", "extension", "type")


class ServicePhoneInline(PhoneInline):
    fk_name = "service"


class LocationPhoneInline(PhoneInline):
    fk_name = "location"


class ContactInline(TranslationTabularInline):
    model = m.Contact
    fk_name = "service"
    extra = 0
    fields = ("name", "title", "email")


class ServiceAreaInline(TranslationTabularInline):
    model = m.ServiceArea
    extra = 0
    fields = ("name", "uri")


class AddressInline(TranslationStackedInline):
    model = m.Address
    extra = 0
    fields = ("address_type", "address_1", "address_2", "postal_code", "city", "state_province", "country")


class ScheduleInline(TranslationTabularInline):
    model = m.Schedule
    fk_name = "location"
    extra = 0
    fields = ("byday", "opens_at", "closes_at", "notes")


class AccessibilityInline(TranslationStackedInline):
    model = m.Accessibility
    extra = 0
    fields = ("description", "details")


def easy_read_missing_in(service: m.Service) -> list[str]:
    """The names of the languages in which a service has no easy-read text."""
    return [str(name) for code, name in settings.LANGUAGES if not (getattr(service, f"easy_read_{code}") or "").strip()]


class EasyReadFilter(admin.SimpleListFilter):
    title = _("easy-read text")
    parameter_name = "easy_read"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("missing", _("missing in a language")), ("written", _("written in every language"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        missing = Q()
        for code, _name in settings.LANGUAGES:
            missing |= Q(**{f"easy_read_{code}__isnull": True}) | Q(**{f"easy_read_{code}": ""})
        if self.value() == "missing":
            return queryset.filter(missing)
        if self.value() == "written":
            return queryset.exclude(missing)
        return queryset


IISDA_FIELDSET: Any = (
    _("Register of administrative services (IISDA)"),
    {
        "fields": (
            "iisda_number",
            "decision_days",
            "result_validity",
            "appeal_body",
            "channels",
            "eservice_level",
        )
    },
)


@admin.register(m.Service)
class ServiceAdmin(TranslationAdmin):
    form = ChannelsForm
    list_display = (
        "name",
        "status",
        "organization",
        "municipality",
        "easy_read_written",
        "assured_date",
        "last_modified",
    )
    list_filter = ("status", EasyReadFilter, "municipality")
    search_fields = ("name_bg", "name_en", "description_bg")
    autocomplete_fields = ("organization", "program", "municipality")
    readonly_fields = ("last_modified", "master_fields")
    fieldsets = (
        (None, {"fields": ("name", "alternate_name", "status", "organization", "program", "municipality")}),
        (
            _("National description"),
            {
                "fields": ("master", "master_fields"),
                "description": _(
                    "A service made from a national description follows it in every field you leave as it is. "
                    "Write your own text where your municipality differs; clear a field to return to the "
                    "national text."
                ),
            },
        ),
        (_("What it offers"), {"fields": ("description", "easy_read", "alert")}),
        (
            _("Bulgarian sign language"),
            {"fields": ("sign_language_video", "sign_language_captions", "sign_language_description")},
        ),
        (_("Who it is for"), {"fields": ("eligibility_description", "minimum_age", "maximum_age")}),
        (_("How to get it"), {"fields": ("application_process", "wait_time", "fees_description", "legal_basis")}),
        (_("Contacts"), {"fields": ("email", "url", "interpretation_services")}),
        IISDA_FIELDSET,
        (
            _("Verification"),
            {"fields": ("assured_date", "assurer_email", "accreditations", "licenses", "last_modified")},
        ),
    )
    inlines = (
        ServiceAttributeInline,
        ServiceAtLocationInline,
        AccessStepInline,
        RequiredDocumentInline,
        CostOptionInline,
        LegalReferenceInline,
        CapacityInline,
        ServicePhoneInline,
        ContactInline,
        ServiceAreaInline,
    )

    @admin.display(description=_("easy-read"), boolean=True)
    def easy_read_written(self, obj: m.Service) -> bool:
        return not easy_read_missing_in(obj)

    @admin.display(description=_("your own fields"))
    def master_fields(self, obj: m.Service) -> str:
        if obj.pk is None or obj.master_id is None:
            return "—"
        own = [str(masters.LABELS[name]) for name, is_own in masters.field_states(obj).items() if is_own]
        pending = obj.master_reviews.filter(status=m.MasterReview.Status.PENDING).count()
        text = ", ".join(own) if own else str(_("none: the service follows the national description"))
        if pending:
            url = reverse("national:master-reviews")
            text = format_html(
                '{} — <a href="{}">{}</a>',
                text,
                url,
                ngettext(
                    "%(count)d change of the national text to review",
                    "%(count)d changes of the national text to review",
                    pending,
                )
                % {"count": pending},
            )
        return text

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if filled := masters.service_fill_from_master(service=form.instance):
            self.message_user(
                request,
                _("Filled from the national description: %(fields)s.")
                % {"fields": ", ".join(str(masters.LABELS[name]) for name in filled)},
                level=messages.INFO,
            )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.last_modified = timezone.now()
        super().save_model(request, obj, form, change)
        if missing := easy_read_missing_in(obj):
            self.message_user(
                request,
                _(
                    "“%(service)s” has no easy-read summary in: %(languages)s. Add a few short sentences, one idea "
                    "each, in plain words; people who read with difficulty see it first."
                )
                % {"service": obj, "languages": ", ".join(missing)},
                level=messages.WARNING,
            )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, m.Attribute) and not instance.link_entity:
                instance.link_entity = "service" if instance.service_id else "location"
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


class MasterTermInline(admin.TabularInline):
    model = m.MasterTerm
    form = MasterTermForm
    extra = 1
    verbose_name = _("attribute (what the service is, who it is for, what it meets)")
    verbose_name_plural = _("attributes")


class MasterStepInline(TranslationStackedInline):
    model = m.MasterStep
    extra = 0
    fields = ("position", "title", "who", "where", "bring", "duration")


class MasterDocumentInline(TranslationTabularInline):
    model = m.MasterDocument
    form = EvidenceForm
    extra = 0
    fields = ("document", "uri", "register_check")


class MasterLegalReferenceInline(LegalReferenceInline):
    fk_name = "master"


@admin.register(m.MasterDescription)
class MasterDescriptionAdmin(TranslationAdmin):
    """Written by national editors; saving spreads the change to every service derived from it."""

    form = ChannelsForm
    list_display = ("name", "code", "iisda_number", "services_count")
    search_fields = ("name_bg", "name_en", "code", "iisda_number")
    fieldsets = (
        (None, {"fields": ("name", "alternate_name", "code")}),
        (_("What it offers"), {"fields": ("description", "easy_read")}),
        (_("Who it is for"), {"fields": ("eligibility_description", "minimum_age", "maximum_age")}),
        (_("How to get it"), {"fields": ("application_process", "wait_time", "fees_description", "legal_basis")}),
        IISDA_FIELDSET,
    )
    inlines = (MasterTermInline, MasterStepInline, MasterDocumentInline, MasterLegalReferenceInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).annotate(services_total=Count("services"))

    @admin.display(description=_("services made from it"), ordering="services_total")
    def services_count(self, obj: Any) -> int:
        return int(obj.services_total)

    def _national_editor(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser) or request_scope(request).can(Capability.EDIT_MASTERS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._national_editor(request) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._national_editor(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._national_editor(request) and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The master as it stood, read before this save and its rows' changes reach the database.
        self._before = masters.master_snapshot(obj) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if self._before is None:
            return
        result = masters.master_propagate(master=form.instance, before=self._before, actor=request.user)
        self.message_user(
            request,
            _(
                "%(followed)d services took the new text; %(reviews)d changes wait for municipalities that "
                "wrote their own text."
            )
            % {"followed": result.followed, "reviews": result.reviews},
        )


@admin.register(m.Location)
class LocationAdmin(TranslationAdmin):
    list_display = ("name", "settlement", "location_type")
    search_fields = ("name_bg", "name_en")
    autocomplete_fields = ("organization", "settlement")
    fields = (
        "name",
        "alternate_name",
        "location_type",
        "organization",
        "settlement",
        "description",
        "transportation",
        "url",
        "latitude",
        "longitude",
        "external_identifier",
        "external_identifier_type",
    )
    inlines = (AddressInline, ScheduleInline, LocationAttributeInline, AccessibilityInline, LocationPhoneInline)
    save_formset = ServiceAdmin.save_formset


@admin.register(m.Organization)
class OrganizationAdmin(TranslationAdmin):
    list_display = ("name", "tax_id", "email")
    search_fields = ("name_bg", "name_en", "tax_id")
    autocomplete_fields = ("parent_organization",)


@admin.register(m.Program)
class ProgramAdmin(TranslationAdmin):
    list_display = ("name", "organization")
    search_fields = ("name_bg", "name_en")


@admin.register(m.Taxonomy)
class TaxonomyAdmin(TranslationAdmin):
    list_display = ("name", "code", "version")


@admin.register(m.TaxonomyTerm)
class TaxonomyTermAdmin(TranslationAdmin):
    list_display = ("name", "code", "taxonomy")
    list_filter = ("taxonomy",)
    search_fields = ("name_bg", "name_en", "code")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("taxonomy")
