"""The thesaurus in the admin: catalog editors add the words people use and what they mean."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from grizha.catalog.admin import TermChoiceField
from grizha.catalog.models import TaxonomyTerm
from grizha.catalog.reference import NEED, TARGET_GROUP
from grizha.search.models import ThesaurusEntry


class TermsField(forms.ModelMultipleChoiceField):
    """Terms labelled as in the catalog's admin ('vocabulary — term'), so an editor never sees an id."""

    label_from_instance = TermChoiceField.label_from_instance


class ThesaurusEntryForm(forms.ModelForm):
    terms = TermsField(
        label=_("needs and target groups"),
        required=False,
        queryset=TaxonomyTerm.objects.filter(taxonomy__code__in=(NEED, TARGET_GROUP))
        .select_related("taxonomy")
        .order_by("taxonomy__name", "position", "name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Services with any of these needs or target groups match the phrase."),
    )

    class Meta:
        model = ThesaurusEntry
        fields = ("phrase", "language", "words", "terms")


@admin.register(ThesaurusEntry)
class ThesaurusEntryAdmin(admin.ModelAdmin):
    form = ThesaurusEntryForm
    list_display = ("phrase", "language", "catalog_words_shown", "terms_shown")
    list_filter = ("language", "terms__taxonomy")
    search_fields = ("phrase", "words")
    ordering = ("language", "phrase")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ThesaurusEntry]:
        return super().get_queryset(request).prefetch_related("terms")

    @admin.display(description=_("catalog words"))
    def catalog_words_shown(self, obj: ThesaurusEntry) -> str:
        return "; ".join(obj.catalog_words())

    @admin.display(description=_("needs and target groups"))
    def terms_shown(self, obj: ThesaurusEntry) -> str:
        return "; ".join(term.name for term in obj.terms.all())
