"""The public sitemap, in both languages: the list of pages the accessibility suite visits."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from grizha.catalog.models import Location, Organization, Service
from grizha.catalog.selectors import LISTED_STATUSES
from grizha.territory.sites import current_base_url, current_municipality


def _of_site(rows: Any, lookup: str) -> Any:
    """The rows of the site's municipality; all of them on the national site."""
    municipality = current_municipality()
    return rows if municipality is None else rows.filter(**{lookup: municipality})


class _Base(Sitemap):
    i18n = True
    alternates = True

    def get_domain(self, site: Any = None) -> str:
        return current_base_url().split("://", 1)[-1]

    def get_protocol(self, protocol: str | None = None) -> str:
        return current_base_url().split("://", 1)[0]


class StaticSitemap(_Base):
    def items(self) -> list[str]:
        return ["home", "service-list", "office-list", "accessibility", "privacy"]

    def location(self, item: str) -> str:
        return reverse(item)


class ServiceSitemap(_Base):
    def items(self) -> Any:
        return _of_site(Service.objects.filter(status__in=LISTED_STATUSES), "municipality_id").order_by("id")

    def location(self, item: Service) -> str:
        return reverse("service-detail", args=[item.id])


class OrganizationSitemap(_Base):
    def items(self) -> Any:
        return (
            _of_site(Organization.objects.filter(services__isnull=False), "services__municipality_id")
            .distinct()
            .order_by("id")
        )

    def location(self, item: Organization) -> str:
        return reverse("organization-detail", args=[item.id])


class LocationSitemap(_Base):
    def items(self) -> Any:
        return (
            _of_site(
                Location.objects.filter(service_at_locations__isnull=False),
                "service_at_locations__service__municipality_id",
            )
            .distinct()
            .order_by("id")
        )

    def location(self, item: Location) -> str:
        return reverse("location-detail", args=[item.id])


SITEMAPS = {
    "pages": StaticSitemap,
    "services": ServiceSitemap,
    "organizations": OrganizationSitemap,
    "places": LocationSitemap,
}
