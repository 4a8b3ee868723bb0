"""The public sitemap, in both languages: the list of pages the accessibility suite visits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from grizha.catalog.models import Location, Organization, Service
from grizha.catalog.selectors import LISTED_STATUSES


class _Base(Sitemap):
    i18n = True
    alternates = True

    def get_domain(self, site: Any = None) -> str:
        return settings.GRIZHA_BASE_URL.split("://", 1)[-1]

    def get_protocol(self, protocol: str | None = None) -> str:
        return settings.GRIZHA_BASE_URL.split("://", 1)[0]


class StaticSitemap(_Base):
    def items(self) -> list[str]:
        return ["home", "service-list", "office-list", "accessibility", "privacy"]

    def location(self, item: str) -> str:
        return reverse(item)


class ServiceSitemap(_Base):
    def items(self) -> Any:
        return Service.objects.filter(
            municipality_id=settings.GRIZHA_MUNICIPALITY, status__in=LISTED_STATUSES
        ).order_by("id")

    def location(self, item: Service) -> str:
        return reverse("service-detail", args=[item.id])


class OrganizationSitemap(_Base):
    def items(self) -> Any:
        return (
            Organization.objects.filter(services__municipality_id=settings.GRIZHA_MUNICIPALITY)
            .distinct()
            .order_by("id")
        )

    def location(self, item: Organization) -> str:
        return reverse("organization-detail", args=[item.id])


class LocationSitemap(_Base):
    def items(self) -> Any:
        return (
            Location.objects.filter(service_at_locations__service__municipality_id=settings.GRIZHA_MUNICIPALITY)
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
