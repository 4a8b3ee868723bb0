"""A municipality's catalogue as a CPSV-AP 3.2 JSON-LD document (one flat `@graph`): which record becomes
which node. docs/cpsv-crosswalk.md says which HSDS field goes where, and what has no place.

Texts go out in Bulgarian and English as language-tagged literals, each from its own column: a missing
translation is left out, never filled with the other language. Only active services are exported."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grizha.catalog import models as m
from grizha.catalog import reference
from grizha.catalog.eligibility import describe_age_range, describe_criterion
from grizha.core.templatetags.grizha import weekdays
from grizha.national.cpsv import vocab
from grizha.national.cpsv.literals import (
    Node,
    clean,
    identifier_of,
    name_in,
    per_language,
    ref,
    sentence,
    text_in,
    texts,
    typed,
    unique,
    words,
)
from grizha.national.cpsv.selectors import RESIDENCE, Catalogue
from grizha.registers.contract import OPERATIONS
from grizha.registers.labels import REGISTER_NAMES
from grizha.territory.models import Settlement
from grizha.territory.sites import current_base_url, current_municipality

# HSDS attribute meanings (link_type) that classify a service; `audience` goes to dct:audience and
# `eligibility` to requirements.
CLASSIFYING = ("service_type", "activity_kind", "access_route", "need")
EMAIL = "email"  # a channel type beside IISDA's four
CHANNEL_TYPES = {**{c.value: c.label for c in m.Channel}, EMAIL: gettext_lazy("by e-mail")}
SCHEMES = {
    "channel-type": gettext_lazy("Ways to use a service"),
    "eservice-level": gettext_lazy("level of the e-service"),
    "participation-role": gettext_lazy("Roles in a service"),
    "evidence-source": gettext_lazy("Where a document comes from"),
}
UPLOAD = "upload"  # the evidence source when no register can give the document
# grizha's own words in the export (the existing ones are those of the service page).
DATASET_TITLE = gettext_lazy("Social services of the Municipality of %(name)s")
DATASET_DESCRIPTION = gettext_lazy(
    "The public services in the catalogue of social services of the Municipality of %(name)s, described in the "
    "EU's Core Public Service Vocabulary (CPSV-AP 3.2)."
)
MUNICIPALITY = gettext_lazy("Municipality of %(name)s")
LEGAL_BASIS = gettext_lazy("Legal basis")
HOW_TO_GET_IT = gettext_lazy("How to get it")
WHO_IT_IS_FOR = gettext_lazy("Who it is for")
PROVIDES = gettext_lazy("Provides the service")
PROVIDER = gettext_lazy("service provider")
PHONES = gettext_lazy("Phone: %(numbers)s")
EMAILS = gettext_lazy("E-mail: %(addresses)s")
WEBSITE = gettext_lazy("Website: %(url)s")
TIER = gettext_lazy("Tier: %(tier)s")
WAYS_TO_PAY = gettext_lazy("Ways to pay: %(methods)s")
BROUGHT = gettext_lazy("The person brings or uploads it")
# The words LegalReference.citation puts around a provision's numbers.
CITATION_WORDS = {
    "article": gettext_lazy("Art. %(article)s"),
    "paragraph": gettext_lazy("para. %(paragraph)s"),
    "point": gettext_lazy("item %(point)s"),
    "of": gettext_lazy("%(where)s of the %(act)s"),
}
EKATTE_AGENCY = "National Statistical Institute of Bulgaria (EKATTE)"
LAU_AGENCY = "Eurostat (Local Administrative Units, LAU)"
IISDA_AGENCY = "Integrated Information System of the State Administration (IISDA)"


# --- the document -----------------------------------------------------------------------------


def dataset_iri(code: str) -> str:
    return f"{current_base_url()}/api/cpsv/?municipality={code}"


def catalogue_document(found: Catalogue) -> Node:
    """The JSON-LD document of one municipality's catalogue."""
    return _Document(found).build()


class _Document:
    def __init__(self, found: Catalogue) -> None:
        self.found = found
        self.base = current_base_url()
        code = found.municipality.code
        self.dataset = dataset_iri(code)
        self.authority = vocab.derived("municipality", code)
        self.nodes: dict[str, Node] = {}

    def add(self, node: Node) -> Node:
        node = clean(node)
        self.nodes.setdefault(node["@id"], node)
        return ref(node["@id"])

    def build(self) -> Node:
        area = self._municipality_unit(self.found.municipality.code)
        services = [self._service(service) for service in self.found.services]
        head = [self._dataset(services, area), self._competent_authority(area)]
        return {"@context": vocab.context(), "@graph": [*head, *self.nodes.values()]}

    # The catalogue, and who is responsible for it.

    def _dataset(self, services: list[Node], area: Node | None) -> Node:
        municipality = self.found.municipality
        home = self.base + "/" if municipality.code == current_municipality() else None
        changed = self.found.changed_at
        return clean(
            {
                "@id": self.dataset,
                "@type": "Dataset",
                "dct:identifier": municipality.code,
                "dct:title": sentence(DATASET_TITLE, lambda lang: {"name": name_in(municipality, lang)}),
                "dct:description": sentence(DATASET_DESCRIPTION, lambda lang: {"name": name_in(municipality, lang)}),
                "dct:publisher": ref(self.authority),
                "dcat:landingPage": [self._page(home)] if home else [],
                "dct:hasPart": services,
                "dct:spatial": [area],
                "dct:conformsTo": ref(vocab.PROFILE),
                "dct:modified": typed(changed.isoformat(), "xsd:dateTime") if changed else None,
            }
        )

    def _competent_authority(self, area: Node | None) -> Node:
        municipality = self.found.municipality
        name = sentence(MUNICIPALITY, lambda lang: {"name": name_in(municipality, lang)})
        return clean(
            {
                "@id": self.authority,
                # A public organisation is an organisation, which is an agent: said outright, so that
                # readers without the ontology (and the shapes) see every class.
                "@type": ["PublicOrganization", "Organization", "Agent"],
                "dct:identifier": municipality.code,
                "skos:prefLabel": name,
                "dct:title": name,
                "dct:spatial": [area],
            }
        )

    # Territory: EKATTE codes, which for a municipality are also its LAU code.

    def _municipality_unit(self, code: str) -> Node | None:
        municipality = self.found.municipalities.get(code)
        if municipality is None:
            return None
        return self.add(
            {
                "@id": vocab.ekatte(code),
                "@type": "Location",
                "dct:identifier": code,
                "locn:geographicName": per_language(lambda lang: name_in(municipality, lang)),
                "adms:identifier": [_code(code, EKATTE_AGENCY), _code(code, LAU_AGENCY)],
            }
        )

    def _settlement_unit(self, settlement: Settlement) -> Node:
        return self.add(
            {
                "@id": vocab.ekatte(settlement.ekatte),
                "@type": "Location",
                "dct:identifier": settlement.ekatte,
                "locn:geographicName": [
                    {"@value": name_in(settlement, lang), "@language": lang} for lang in vocab.LANGUAGES
                ],
                "adms:identifier": [_code(settlement.ekatte, EKATTE_AGENCY)],
                "dct:isPartOf": ref(vocab.ekatte(settlement.municipality_id)),
            }
        )

    def _coverage(self, service: m.Service) -> list[Node]:
        found = [self._municipality_unit(service.municipality_id)]
        for area in service.service_areas.all():
            code = area.uri.removeprefix(vocab.EKATTE) if area.uri.startswith(vocab.EKATTE) else ""
            if code in self.found.settlements:
                found.append(self._settlement_unit(self.found.settlements[code]))
            elif code:
                found.append(self._municipality_unit(code))
            elif names := texts(area, "name"):
                found.append(
                    self.add({"@id": vocab.record(area.id), "@type": "Location", "locn:geographicName": names})
                )
        return unique(found)

    # The service.

    def _service(self, service: m.Service) -> Node:
        iri = self._service_iri(service)
        self.nodes[iri] = {}  # the service comes before the nodes it refers to
        attributes = [a for a in service.attributes.all() if a.taxonomy_term is not None]
        legal = self._legal_resources(service)
        node = {
            "@id": iri,
            "@type": "PublicService",
            "dct:identifier": str(service.id),
            "adms:identifier": [_code(service.iisda_number, IISDA_AGENCY)] if service.iisda_number else [],
            "rdfs:seeAlso": [ref(service.iisda_url)] if service.iisda_number else [],
            "dct:title": texts(service, "name") or [{"@value": service.name, "@language": "bg"}],
            "dct:description": texts(service, "description")
            or texts(service, "easy_read")
            or texts(service, "name")
            or [{"@value": service.name, "@language": "bg"}],
            "dcat:keyword": texts(service, "alternate_name"),
            "dct:language": self._languages(service),
            "cv:hasCompetentAuthority": [ref(self.authority)],
            "dct:spatial": self._coverage(service),
            "dct:isPartOf": [ref(self.dataset)],
            "cv:isClassifiedBy": self._classification(service, attributes),
            "dct:audience": unique(self._term(a.taxonomy_term) for a in attributes if a.link_type == "audience"),
            "cv:processingTime": (
                typed(f"P{service.decision_days}D", "xsd:duration") if service.decision_days is not None else None
            ),
            "cv:hasChannel": self._channels(service),
            "cv:contactPoint": self._contact_points(service),
            "cv:hasCost": self._costs(service),
            "cv:holdsRequirement": self._requirements(service, attributes),
            "cpsv:hasInput": [self._evidence(d) for d in service.required_documents.all() if texts(d, "document")],
            "cv:hasLegalResource": legal,
            "cpsv:follows": self._rules(service, legal),
            "cv:hasParticipation": self._participations(service),
            "dct:modified": typed(service.last_modified.isoformat(), "xsd:dateTime"),
        }
        self.nodes[iri] = clean(node)
        return ref(iri)

    def _service_iri(self, service: m.Service) -> str:
        """The service's public page: what a person reading the IRI wants to see."""
        with translation.override(settings.LANGUAGE_CODE):
            return self.base + reverse("service-detail", args=[service.id])

    def _languages(self, service: m.Service) -> list[Node]:
        iris = (vocab.language(language.code) for language in service.languages.all())
        return unique(self.add({"@id": iri, "@type": "LinguisticSystem"}) for iri in iris if iri)

    def _classification(self, service: m.Service, attributes: list[m.Attribute]) -> list[Node]:
        found = [self._term(a.taxonomy_term) for a in attributes if a.link_type in CLASSIFYING]
        if service.eservice_level in m.EServiceLevel.values:
            level = m.EServiceLevel(service.eservice_level)
            found.append(self._own("eservice-level", level.value, level.label))
        return unique(found)

    # Concepts: the HSDS taxonomy terms (their IRI is their record in the HSDS API), and our own.

    def _term(self, term: m.TaxonomyTerm | None) -> Node | None:
        if term is None:
            return None
        scheme = None
        if taxonomy := term.taxonomy:
            scheme = self.add(
                {
                    "@id": f"{self.base}/api/hsds/taxonomies/{taxonomy.id}",
                    "@type": "skos:ConceptScheme",
                    "skos:prefLabel": texts(taxonomy, "name"),
                    "skos:notation": taxonomy.code,
                }
            )
        return self.add(
            {
                "@id": f"{self.base}/api/hsds/taxonomy_terms/{term.id}",
                "@type": "Concept",
                "skos:prefLabel": texts(term, "name") or [{"@value": term.name, "@language": "bg"}],
                "skos:notation": term.code,
                "skos:inScheme": scheme,
            }
        )

    def _own(self, scheme: str, code: str, label: Any) -> Node:
        self.add(
            {
                "@id": vocab.own_scheme(scheme),
                "@type": "skos:ConceptScheme",
                "skos:prefLabel": sentence(SCHEMES[scheme]),
            }
        )
        return self.add(
            {
                "@id": vocab.own_concept(scheme, code),
                "@type": "Concept",
                "skos:notation": code,
                "skos:prefLabel": sentence(label),
                "skos:inScheme": ref(vocab.own_scheme(scheme)),
            }
        )

    def _channel_type(self, kind: str) -> Node:
        return self._own("channel-type", kind, CHANNEL_TYPES[kind])

    # Channels and contact points.

    def _channels(self, service: m.Service) -> list[Node]:
        kinds = set(service.channels or [])
        found = [self._place_channel(service, link) for link in service.service_at_locations.all()]
        if not found and m.Channel.IN_PERSON in kinds:
            found.append(self._channel(service, m.Channel.IN_PERSON))
        if (numbers := self._phone_numbers(service)) or m.Channel.PHONE in kinds:
            said = {"numbers": ", ".join(numbers)}
            found.append(
                self._channel(service, m.Channel.PHONE, sentence(PHONES, lambda lang: said) if numbers else [])
            )
        if emails := self._emails(service):
            said = {"addresses": ", ".join(emails)}
            found.append(self._channel(service, EMAIL, sentence(EMAILS, lambda lang: said)))
        if service.url or m.Channel.ELECTRONIC in kinds:
            said = {"url": service.url}
            found.append(
                self._channel(
                    service, m.Channel.ELECTRONIC, sentence(WEBSITE, lambda lang: said) if service.url else []
                )
            )
        if m.Channel.POST in kinds:
            found.append(self._channel(service, m.Channel.POST))
        return found

    def _channel(self, service: m.Service, kind: str, description: list[Node] | None = None) -> Node:
        iri = vocab.derived(service.id, "channel", kind)
        return self.add(
            {
                "@id": iri,
                "@type": "Channel",
                "dct:identifier": identifier_of(iri),
                "dct:type": self._channel_type(kind),
                "dct:description": description or [],
                "cv:ownedBy": [self._organization(service.organization) or ref(self.authority)],
            }
        )

    def _place_channel(self, service: m.Service, link: m.ServiceAtLocation) -> Node:
        """Coming in person to a place: its name and address, and its opening hours."""
        location = link.location
        address = _physical_address(location)
        hours = [*link.schedules.all(), *location.schedules.all()]

        def description(lang: str) -> str:
            name = text_in(location, "name", lang) or text_in(location, "name", "bg")
            parts = [name, _address_line(address, lang) if address else "", text_in(link, "description", lang)]
            return "; ".join(part for part in parts if part)

        return self.add(
            {
                "@id": vocab.record(link.id),
                "@type": "Channel",
                "dct:identifier": str(link.id),
                "dct:type": self._channel_type(m.Channel.IN_PERSON),
                "dct:description": per_language(description),
                "cv:openingHours": unique(self._hours(schedule) for schedule in hours),
                "cv:ownedBy": [
                    self._organization(location.organization or service.organization) or ref(self.authority)
                ],
                # Not in CPSV-AP's Channel: where the place is, which an in-person channel cannot do without.
                "locn:address": self._address(address) if address else None,
                "dct:spatial": self._settlement_unit(location.settlement) if location.settlement else None,
            }
        )

    def _address(self, address: m.Address) -> Node:
        return self.add(
            {
                "@id": vocab.record(address.id),
                "@type": "Address",
                "locn:fullAddress": per_language(lambda lang: _address_line(address, lang)),
                "locn:thoroughfare": texts(address, "address_1"),
                "locn:postName": texts(address, "city"),
                "locn:postCode": address.postal_code,
                "locn:adminUnitL2": texts(address, "state_province"),
            }
        )

    def _hours(self, schedule: m.Schedule) -> Node:
        frequency = None
        if schedule.freq:
            frequency = self.add(
                {"@id": vocab.frequency(schedule.freq), "@type": "Concept", "skos:notation": schedule.freq}
            )
        return self.add(
            {
                "@id": vocab.record(schedule.id),
                "@type": "TemporalEntity",
                "dct:description": per_language(lambda lang: _schedule_line(schedule, lang)),
                "cv:frequency": [frequency] if frequency else [],
            }
        )

    def _phone_numbers(self, service: m.Service) -> list[str]:
        phones = [*service.phones.all()]
        for contact in service.contacts.all():
            phones += contact.phones.all()
        for link in service.service_at_locations.all():
            phones += [*link.phones.all(), *link.location.phones.all()]
        return list(dict.fromkeys(_phone(p) for p in phones))

    def _emails(self, service: m.Service) -> list[str]:
        found = [service.email] + [c.email for c in service.contacts.all()]
        return list(dict.fromkeys(email for email in found if email))

    def _contact_points(self, service: m.Service) -> list[Node]:
        found = []
        phones = [_phone(p) for p in service.phones.all()]
        hours = [self._hours(schedule) for schedule in service.schedules.all()]
        if service.email or service.url or phones or hours:
            found.append(
                self.add(
                    {
                        "@id": vocab.derived(service.id, "contact-point"),
                        "@type": "ContactPoint",
                        "cv:email": [service.email] if service.email else [],
                        "cv:telephone": phones,
                        "cv:contactPage": [self._page(service.url)] if service.url else [],
                        "cv:openingHours": hours,
                    }
                )
            )
        for contact in service.contacts.all():
            phones = [_phone(p) for p in contact.phones.all()]
            if contact.email or phones:
                found.append(
                    self.add(
                        {
                            "@id": vocab.record(contact.id),
                            "@type": "ContactPoint",
                            "cv:email": [contact.email] if contact.email else [],
                            "cv:telephone": phones,
                        }
                    )
                )
        for link in service.service_at_locations.all():
            location = link.location
            if phones := list(dict.fromkeys(_phone(p) for p in [*link.phones.all(), *location.phones.all()])):
                hours = [self._hours(x) for x in [*link.schedules.all(), *location.schedules.all()]]
                found.append(
                    self.add(
                        {
                            "@id": vocab.derived(link.id, "contact-point"),
                            "@type": "ContactPoint",
                            "cv:telephone": phones,
                            "cv:openingHours": unique(hours),
                        }
                    )
                )
        return found

    def _page(self, url: str) -> Node:
        return self.add({"@id": url, "@type": "Document"})

    # Costs.

    def _costs(self, service: m.Service) -> list[Node]:
        options = list(service.cost_options.all())
        if options:
            return [self._cost(option) for option in options]
        if fees := texts(service, "fees_description"):
            iri = vocab.derived(service.id, "cost")
            cost = {"@id": iri, "@type": "Cost", "dct:identifier": identifier_of(iri), "dct:description": fees}
            return [self.add({**cost, "cv:isDefinedBy": [ref(self.authority)]})]
        return []

    def _cost(self, option: m.CostOption) -> Node:
        currency = None
        if option.currency:
            code = option.currency.upper()
            currency = self.add({"@id": vocab.currency(code), "@type": "Concept", "skos:notation": code})

        def description(lang: str) -> str:
            parts = [text_in(option, "option", lang), text_in(option, "amount_description", lang)]
            tier = words(m.CostOption.Tier(option.tier).label, lang) if option.tier in m.CostOption.Tier.values else ""
            if tier and (label := words(TIER, lang)):
                parts.append(label % {"tier": tier})
            methods = [words(m.CostOption.Payment(x).label, lang) for x in option.payment_methods or [] if _payment(x)]
            if methods and all(methods) and (label := words(WAYS_TO_PAY, lang)):
                parts.append(label % {"methods": ", ".join(methods)})
            return "; ".join(part for part in parts if part)

        return self.add(
            {
                "@id": vocab.record(option.id),
                "@type": "Cost",
                "dct:identifier": str(option.id),
                "cv:hasValue": typed(repr(float(option.amount)), "xsd:double") if option.amount is not None else None,
                "cv:currency": currency,
                "dct:description": per_language(description),
                # The municipal council sets the fees of municipal services (or applies the state's tariff).
                "cv:isDefinedBy": [ref(self.authority)],
            }
        )

    # Requirements and evidence.

    def _requirements(self, service: m.Service, attributes: list[m.Attribute]) -> list[Node]:
        found = []
        if describe_age_range(service.minimum_age, service.maximum_age):
            found.append(
                self._requirement(
                    vocab.derived(service.id, "requirement", "age"),
                    per_language(lambda lang: describe_age_range(service.minimum_age, service.maximum_age)),
                )
            )
        eligibility = [a for a in attributes if a.link_type == "eligibility"]
        groups = [a.taxonomy_term for a in eligibility if _taxonomy(a) == reference.TARGET_GROUP]
        if groups:
            found.append(
                self._requirement(
                    vocab.derived(service.id, "requirement", "groups"),
                    per_language(
                        lambda lang: (
                            _("to belong to one of these groups: %(groups)s")
                            % {"groups": ", ".join(name_in(term, lang) for term in groups if term)}
                        )
                    ),
                    types=[self._term(term) for term in groups],
                )
            )
        for attribute in eligibility:
            if _taxonomy(attribute) != reference.TARGET_GROUP:
                found.append(self._condition(attribute))
        if who := texts(service, "eligibility_description"):
            found.append(
                self._requirement(
                    vocab.derived(service.id, "requirement", "who"),
                    sentence(WHO_IT_IS_FOR),
                    description=who,
                )
            )
        return [requirement for requirement in found if requirement]

    def _condition(self, attribute: m.Attribute) -> Node | None:
        """An eligibility criterion with its value, in words, or any other eligibility term by its name."""
        term = attribute.taxonomy_term
        assert term is not None
        if _taxonomy(attribute) == reference.ELIGIBILITY_CRITERION:

            def title(lang: str) -> str:
                return describe_criterion(
                    term.code, attribute.value, municipality_name=self._place_name(attribute, lang)
                )

            title_words = per_language(title)
        else:
            title_words = texts(term, "name")
        return self._requirement(vocab.record(attribute.id), title_words, types=[self._term(term)])

    def _place_name(self, attribute: m.Attribute, lang: str) -> str:
        """The municipality a residence criterion names (read in advance, as no query may run here)."""
        term = attribute.taxonomy_term
        if term is None or term.code != RESIDENCE:
            return ""
        municipality = self.found.municipalities.get(attribute.value)
        return name_in(municipality, lang) if municipality else attribute.value

    def _requirement(
        self,
        iri: str,
        title: list[Node],
        *,
        types: Sequence[Node | None] = (),
        description: list[Node] | None = None,
    ) -> Node | None:
        if not title:
            return None
        return self.add(
            {
                "@id": iri,
                "@type": "Requirement",
                "dct:identifier": identifier_of(iri),
                "dct:title": title,
                "dct:description": description or [],
                "dct:type": unique(types),
            }
        )

    def _evidence(self, document: m.RequiredDocument) -> Node:
        return self.add(
            {
                "@id": vocab.record(document.id),
                "@type": "Evidence",
                "dct:identifier": str(document.id),
                "dct:title": texts(document, "document"),
                "dct:type": self._evidence_source(document.register_check),
                "foaf:page": [self._page(document.uri)] if document.uri else [],
            }
        )

    def _evidence_source(self, check: str) -> Node:
        """Where the evidence comes from: a register check (RegiX), so the person need not bring it (the
        once-only principle), or the person, who brings or uploads it."""
        if not check:
            return self._own("evidence-source", UPLOAD, BROUGHT)
        concept = self._own("evidence-source", check, REGISTER_NAMES.get(check, check))
        if operation := OPERATIONS.get(check):
            self.nodes[concept["@id"]]["dct:source"] = f"RegiX {operation.name}"
        return concept

    # Rules and the law.

    def _legal_resources(self, service: m.Service) -> list[Node]:
        """Each provision of the structured legal basis; without one, the free-text legal basis."""
        provisions = list(service.legal_references.all())
        if provisions:
            return [self._provision(provision) for provision in provisions]
        if basis := texts(service, "legal_basis"):
            iri = vocab.derived(service.id, "legal-basis")
            return [
                self.add(
                    {"@id": iri, "@type": "LegalResource", "dct:identifier": identifier_of(iri), "dct:title": basis}
                )
            ]
        return []

    def _provision(self, provision: m.LegalReference) -> Node:
        return self.add(
            {
                "@id": vocab.record(provision.id),
                "@type": "LegalResource",
                "dct:identifier": str(provision.id),
                "dct:title": per_language(lambda lang: _citation(provision, lang)),
                "rdfs:seeAlso": [ref(provision.url)] if provision.url else [],
            }
        )

    def _rules(self, service: m.Service, legal: list[Node]) -> list[Node]:
        found = []
        if legal:
            provisions = list(service.legal_references.all())
            description = texts(service, "legal_basis") or per_language(
                lambda lang: "; ".join(x for p in provisions if (x := _citation(p, lang)))
            )
            found.append(self._rule(service, "legal-basis", LEGAL_BASIS, description, implements=legal))
        if how := per_language(lambda lang: _how_to_apply(service, lang)):
            found.append(self._rule(service, "how-to-apply", HOW_TO_GET_IT, how))
        return found

    def _rule(
        self, service: m.Service, kind: str, title: Any, description: list[Node], *, implements: Sequence[Node] = ()
    ) -> Node:
        iri = vocab.derived(service.id, "rule", kind)
        return self.add(
            {
                "@id": iri,
                "@type": "Rule",
                "dct:identifier": identifier_of(iri),
                "dct:title": sentence(title),
                "dct:description": description,
                "cpsv:implements": list(implements),
            }
        )

    # Who takes part.

    def _organization(self, organization: m.Organization | None) -> Node | None:
        if organization is None:
            return None
        name = texts(organization, "name") or [{"@value": organization.name, "@language": "bg"}]
        return self.add(
            {
                "@id": vocab.record(organization.id),
                "@type": ["Organization", "Agent"],
                "dct:identifier": str(organization.id),
                "dct:title": name,
                "skos:prefLabel": name,
                "foaf:homepage": ref(organization.website) if organization.website else None,
            }
        )

    def _participations(self, service: m.Service) -> list[Node]:
        provider = self._organization(service.organization)
        if provider is None:
            return []
        iri = vocab.derived(service.id, "participation", "provider")
        return [
            self.add(
                {
                    "@id": iri,
                    "@type": "Participation",
                    "dct:identifier": identifier_of(iri),
                    "dct:description": sentence(PROVIDES),
                    "cv:role": [self._own("participation-role", "provider", PROVIDER)],
                    "cv:hasParticipant": provider,
                }
            )
        ]


def _code(notation: str, agency: str) -> Node:
    """An identifier from someone else's code list (adms:Identifier), such as an EKATTE or IISDA code."""
    return {
        "@type": "adms:Identifier",
        "skos:notation": notation,
        "adms:schemaAgency": {"@value": agency, "@language": "en"},
    }


def _taxonomy(attribute: m.Attribute) -> str:
    term = attribute.taxonomy_term
    return term.taxonomy.code or "" if term and term.taxonomy else ""


def _payment(code: str) -> bool:
    return code in m.CostOption.Payment.values


def _phone(phone: m.Phone) -> str:
    return f"{phone.number} ext. {phone.extension}" if phone.extension else phone.number


def _physical_address(location: m.Location) -> m.Address | None:
    addresses = list(location.addresses.all())
    physical = [a for a in addresses if a.address_type == m.Address.AddressType.PHYSICAL]
    return next(iter(physical or addresses), None)


def _address_line(address: m.Address, lang: str) -> str:
    """'бул. „Цар Освободител“ 1, 8800 Сливен'; a column without English takes the Bulgarian."""

    def part(name: str) -> str:
        return text_in(address, name, lang) or text_in(address, name, "bg")

    town = " ".join(x for x in (address.postal_code, part("city")) if x)
    return ", ".join(x for x in (part("address_1"), part("address_2"), town) if x)


def _schedule_line(schedule: m.Schedule, lang: str) -> str:
    """'Mon–Fri 08:30–17:00', then the schedule's own words in that language."""
    parts = [weekdays(schedule.byday) if schedule.byday else ""]
    if schedule.opens_at:
        closes = f"{schedule.closes_at:%H:%M}" if schedule.closes_at else ""
        parts.append(f"{schedule.opens_at:%H:%M}–{closes}")
    parts += [text_in(schedule, "description", lang), text_in(schedule, "notes", lang)]
    return " ".join(part for part in parts if part)


def _citation(provision: m.LegalReference, lang: str) -> str:
    """The provision as lawyers cite it in `lang` (active); empty while the words of a citation are not
    translated to it, rather than 'Art. 15 of the Закон ...' labelled Bulgarian."""
    needed = [CITATION_WORDS[part] for part in ("article", "paragraph", "point") if getattr(provision, part)]
    if needed:
        needed.append(CITATION_WORDS["of"])
    return provision.citation if all(words(label, lang) for label in needed) else ""


def _how_to_apply(service: m.Service, lang: str) -> str:
    """How to apply, then the numbered steps with who, where, what to bring and how long."""
    lines = [text_in(service, "application_process", lang)]
    labels = (
        ("who", _("Who")),
        ("where", _("Where")),
        ("bring", _("What to bring")),
        ("duration", _("How long it takes")),
    )
    for number, step in enumerate(service.access_steps.all(), start=1):
        if title := text_in(step, "title", lang):
            details = [f"{label}: {value}" for name, label in labels if (value := text_in(step, name, lang))]
            lines.append(" ".join([f"{number}. {title}.", *(f"{d}." for d in details)]))
    return "\n".join(line for line in lines if line)
