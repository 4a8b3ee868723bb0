"""Bulgarian and English columns of the territory's names (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from grizha.territory.models import Mayoralty, Municipality, Office, Settlement, Site


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("name",)


@register(Mayoralty)
class MayoraltyTranslation(TranslationOptions):
    fields = ("name",)


@register(Settlement)
class SettlementTranslation(TranslationOptions):
    fields = ("name",)


@register(Office)
class OfficeTranslation(TranslationOptions):
    fields = ("name", "address", "opening_hours")


@register(Site)
class SiteTranslation(TranslationOptions):
    fields = ("name",)
