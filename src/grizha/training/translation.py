"""Bulgarian and English columns of the competence framework (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from grizha.training import models as m


@register(m.Competence)
class CompetenceTranslation(TranslationOptions):
    fields = ("name", "description")
