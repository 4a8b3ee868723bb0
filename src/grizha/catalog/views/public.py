"""The citizens' pages: find a service by need or group, read everything about it, find an office."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language

from grizha.catalog import reference, selectors
from grizha.catalog.caching import cached_public_page, cached_public_page_varying
from grizha.catalog.forms import parse_service_filters
from grizha.catalog.models import Attribute, Location, Organization, Service
from grizha.territory.selectors import municipality_offices
from grizha.territory.sites import current_municipality, home_municipality


def _term_counts(link_types: tuple[str, ...], taxonomy: str) -> list[dict[str, Any]]:
    """The terms of one vocabulary used by listed services, with how many services each has, named in
    the page's language."""
    # modeltranslation does not translate a field read across a relation by values(): name the column.
    name = f"taxonomy_term__name_{get_language() or settings.LANGUAGE_CODE}"
    attributes = Attribute.objects.filter(
        link_type__in=link_types,
        taxonomy_term__taxonomy__code=taxonomy,
        service__status__in=selectors.LISTED_STATUSES,
    )
    if (municipality := current_municipality()) is not None:  # None: the national site, every municipality
        attributes = attributes.filter(service__municipality_id=municipality)
    counts: Any = (
        attributes.values("taxonomy_term__code", "taxonomy_term__name_bg", name, "taxonomy_term__position")
        .annotate(services=Count("service", distinct=True))
        .order_by("taxonomy_term__position")
    )
    return [{**row, "taxonomy_term__name": row[name] or row["taxonomy_term__name_bg"]} for row in counts]


def _campaigns_stamp() -> str:
    from grizha.paper.selectors import campaigns_stamp

    return campaigns_stamp()


@cached_public_page_varying(_campaigns_stamp)
def home(request: HttpRequest) -> HttpResponse:
    # Views are the top layer: the catalog's models know nothing of campaigns, its home page shows them.
    from grizha.paper.selectors import HOME_CAMPAIGNS, current_campaigns

    return render(
        request,
        "catalog/home.html",
        {
            "campaigns": current_campaigns(limit=HOME_CAMPAIGNS),
            "needs": _term_counts(("need",), reference.NEED),
            "groups": _term_counts(("audience", "eligibility"), reference.TARGET_GROUP),
        },
    )


def _list_url(params: list[tuple[str, str]]) -> str:
    return reverse("service-list") + (f"?{urlencode(params)}" if params else "")


@cached_public_page
def service_list(request: HttpRequest) -> HttpResponse:
    municipality = current_municipality()
    parsed = parse_service_filters(request.GET, municipality_code=municipality)
    query, order = request.GET.get("q", "").strip(), parsed.order
    # Views are the top layer: catalog's selectors know nothing of search, they take its answer.
    from grizha.search import presentation
    from grizha.search.selectors import SearchAnswer, search
    from grizha.usage.searches import search_answered

    answer = SearchAnswer([], None)
    if query:
        lang = get_language() or "bg"
        answer = search(query, lang=lang, municipality=municipality, limit=None, statuses=selectors.LISTED_STATUSES)
        search_answered(request, query, found=bool(answer.results))
    services = selectors.service_list(
        municipality_code=municipality,
        filters=parsed.filters,
        ranked_ids=[service_id for service_id, _ in answer.results] if query else None,
        by_name=order.sort == order.NAME,
    )
    suggestion = presentation.did_you_mean(answer.plan, municipality=municipality)
    kept = [("q", query)] if query else []
    return render(
        request,
        "catalog/service_list.html",
        {
            "services": selectors.in_order(services, order),
            "query": query,
            "parsed": parsed,
            "filters": parsed.filters,
            "order": order,
            "sort": order.in_effect(searching=bool(query)),
            "ignored": parsed.ignored,
            "choices": selectors.list_choices(municipality),
            "marks": presentation.marks(answer.plan),
            "suggestion": suggestion,
            "suggestion_url": _list_url([("q", suggestion or ""), *parsed.filters.as_params(), *order.as_params()]),
            "has_filters": bool(parsed.filters.as_params()),
            "clear_filters_url": _list_url(kept + order.as_params()),
            "kept_with_filters": kept + order.as_params(),
            "kept_with_order": kept + parsed.filters.as_params(),
        },
    )


@cached_public_page
def service_detail(request: HttpRequest, service_id: UUID) -> HttpResponse:
    page = selectors.service_page(service_id)
    if page is None:
        raise Http404("service")
    # ?view=easy shows the easy-read text in place of the full one; the page cache keys on the query.
    easy = request.GET.get("view") == "easy"
    return render(request, "catalog/service_detail.html", {"page": page, "service": page.service, "easy": easy})


@cached_public_page
def organization_detail(request: HttpRequest, organization_id: UUID) -> HttpResponse:
    organization = get_object_or_404(Organization, id=organization_id)
    services = organization.services.filter(status__in=selectors.LISTED_STATUSES).order_by("name")
    return render(
        request,
        "catalog/organization_detail.html",
        {
            "organization": organization,
            "services": services,
            "phones": organization.phones.all(),
        },
    )


@cached_public_page
def location_detail(request: HttpRequest, location_id: UUID) -> HttpResponse:
    location: Location = get_object_or_404(
        Location.objects.select_related("settlement", "organization"), id=location_id
    )
    return render(
        request,
        "catalog/location_detail.html",
        {
            "location": location,
            "addresses": location.addresses.all(),
            "schedules": location.schedules.all(),
            "phones": location.phones.all(),
            "accessibility": location.attributes.filter(link_type="accessibility").select_related("taxonomy_term"),
            "accessibility_notes": location.accessibility.all(),
            "services": Service.objects.filter(
                service_at_locations__location=location, status__in=selectors.LISTED_STATUSES
            )
            .distinct()
            .order_by("name"),
        },
    )


@cached_public_page
def office_list(request: HttpRequest) -> HttpResponse:
    offices = municipality_offices(home_municipality())
    return render(request, "catalog/office_list.html", {"central": offices.central, "mayoralties": offices.mayoralties})


@cached_public_page
def static_page(request: HttpRequest, template: str) -> HttpResponse:
    return render(request, f"catalog/{template}.html")
