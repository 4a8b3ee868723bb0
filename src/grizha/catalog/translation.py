"""Bulgarian and English columns of the catalog's texts (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from grizha.catalog import models as m


@register(m.Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "alternate_name", "description")


@register(m.Program)
class ProgramTranslation(TranslationOptions):
    fields = ("name", "alternate_name", "description")


@register(m.Service)
class ServiceTranslation(TranslationOptions):
    fields = (
        "name",
        "alternate_name",
        "description",
        "easy_read",
        "sign_language_description",
        "interpretation_services",
        "application_process",
        "fees_description",
        "fees",
        "wait_time",
        "accreditations",
        "licenses",
        "eligibility_description",
        "legal_basis",
        "alert",
        "result_validity",
        "appeal_body",
    )


@register(m.MasterDescription)
class MasterDescriptionTranslation(TranslationOptions):
    fields = m.MASTER_TEXT_FIELDS


@register(m.MasterStep)
class MasterStepTranslation(TranslationOptions):
    fields = ("title", "who", "where", "bring", "duration")


@register(m.MasterDocument)
class MasterDocumentTranslation(TranslationOptions):
    fields = ("document",)


@register(m.LegalReference)
class LegalReferenceTranslation(TranslationOptions):
    fields = ("act",)


@register(m.Location)
class LocationTranslation(TranslationOptions):
    fields = ("name", "alternate_name", "description", "transportation")


@register(m.ServiceAtLocation)
class ServiceAtLocationTranslation(TranslationOptions):
    fields = ("description",)


@register(m.Capacity)
class CapacityTranslation(TranslationOptions):
    fields = ("funding_decision",)


@register(m.AccessStep)
class AccessStepTranslation(TranslationOptions):
    fields = ("title", "who", "where", "bring", "duration")


@register(m.Address)
class AddressTranslation(TranslationOptions):
    fields = ("attention", "address_1", "address_2", "city", "region", "state_province")


@register(m.Contact)
class ContactTranslation(TranslationOptions):
    fields = ("name", "title", "department")


@register(m.Phone)
class PhoneTranslation(TranslationOptions):
    fields = ("description",)


@register(m.Schedule)
class ScheduleTranslation(TranslationOptions):
    fields = ("description", "notes")


@register(m.CostOption)
class CostOptionTranslation(TranslationOptions):
    fields = ("option", "amount_description")


@register(m.RequiredDocument)
class RequiredDocumentTranslation(TranslationOptions):
    fields = ("document",)


@register(m.ServiceArea)
class ServiceAreaTranslation(TranslationOptions):
    fields = ("name", "description")


@register(m.Accessibility)
class AccessibilityTranslation(TranslationOptions):
    fields = ("description", "details")


@register(m.Funding)
class FundingTranslation(TranslationOptions):
    fields = ("source",)


@register(m.Taxonomy)
class TaxonomyTranslation(TranslationOptions):
    fields = ("name", "description")


@register(m.TaxonomyTerm)
class TaxonomyTermTranslation(TranslationOptions):
    fields = ("name", "description")
