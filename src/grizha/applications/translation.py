"""Bulgarian and English columns of the application forms' texts (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from grizha.applications import models as m


@register(m.ApplicationType)
class ApplicationTypeTranslation(TranslationOptions):
    fields = ("title", "introduction", "consent_text", "declaration_text")


@register(m.Question)
class QuestionTranslation(TranslationOptions):
    fields = ("section", "label", "hint", "options")


@register(m.DocumentRequirement)
class DocumentRequirementTranslation(TranslationOptions):
    fields = ("name", "hint")


@register(m.RegistryCheck)
class RegistryCheckTranslation(TranslationOptions):
    fields = ("purpose",)
