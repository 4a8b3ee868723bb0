"""Bulgarian and English columns of a campaign's texts (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from grizha.paper.models import Campaign


@register(Campaign)
class CampaignTranslation(TranslationOptions):
    fields = ("title", "body")
