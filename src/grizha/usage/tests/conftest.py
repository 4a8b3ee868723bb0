"""Makers for the usage tests: a browser's request headers, a service of the demo municipality, an editor of
another municipality; and counts and caches emptied before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache

from grizha.catalog.models import Service
from grizha.territory.models import Office, Settlement
from grizha.usage import counting

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"}
GOOGLEBOT = {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"}
OTHER_MUNICIPALITY = "BGS01"
NOWHERE = "жирафи на луната"  # a search no service of the demo answers


@pytest.fixture(autouse=True)
def _nothing_counted_yet() -> Iterator[None]:
    cache.clear()
    counting.VIEWS.clear()
    counting.SEARCHES.clear()
    yield
    counting.VIEWS.clear()
    counting.SEARCHES.clear()


def a_service(**filters: object) -> Service:
    service = Service.objects.filter(
        municipality_id=settings.GRIZHA_MUNICIPALITY, status=Service.Status.ACTIVE, **filters
    ).first()
    assert service is not None, "the demo municipality has no active service"
    return service


def two_services() -> tuple[Service, Service]:
    first, second = Service.objects.filter(
        municipality_id=settings.GRIZHA_MUNICIPALITY, status=Service.Status.ACTIVE
    ).order_by("name")[:2]
    return first, second


def another_municipalitys_office() -> Office:
    settlement = Settlement.objects.filter(municipality_id=OTHER_MUNICIPALITY).first()
    assert settlement is not None, f"no settlement in {OTHER_MUNICIPALITY}"
    return Office.objects.create(
        municipality_id=OTHER_MUNICIPALITY,
        kind=Office.Kind.CENTRAL,
        name="Burgas central office",
        settlement=settlement,
        address="1 Aleksandrovska St",
    )
