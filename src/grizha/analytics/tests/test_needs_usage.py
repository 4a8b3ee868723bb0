"""The needs page beside what the public site learns: the searches that found nothing and the service pages
people did not find useful ("What people look for and do not find"), and the places the state funds
(the National Map of Social Services) beside places, occupied places and waiting lists."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, staff_member
from grizha.analytics.services.refresh import demand_refresh
from grizha.analytics.tests.conftest import at, signals
from grizha.catalog import reference
from grizha.catalog.models import Attribute, Capacity, Service
from grizha.usage.models import MissedSearch, PageView
from grizha.usage.services import feedback_record

pytestmark = pytest.mark.django_db

THIS_YEAR = {"start": f"{timezone.localdate():%Y}-01", "end": f"{timezone.localdate():%Y}-12"}


def analyst(client: Client) -> Client:
    return log_in(client, staff_member(Role.ANALYST))


def rows_of(client: Client, slug: str) -> list[list[str]]:
    url = reverse("staff-analytics-download", args=["needs", slug, "csv"])
    return list(csv.reader(io.StringIO(client.get(url, THIS_YEAR).content.decode("utf-8-sig"))))


def _usage() -> Service:
    today = timezone.localdate()
    MissedSearch.objects.create(query="жирафи луната", municipality="SLV20", day=today, count=7)
    MissedSearch.objects.create(query="рядко търсене", municipality="SLV20", day=today, count=2)
    MissedSearch.objects.create(query="морски круиз", municipality="BGS01", day=today, count=30)
    service = Service.objects.filter(municipality_id="SLV20", status=Service.Status.ACTIVE).order_by("name").first()
    assert service is not None
    PageView.objects.create(service=service, day=today, count=80)
    for useful in [True] * 5 + [False] * 6:
        feedback_record(service=service, useful=useful)
    return service


def test_the_needs_page_shows_what_people_look_for_and_do_not_find(client: Client) -> None:
    service = _usage()
    client = analyst(client)
    page = client.get(reverse("staff-analytics"), THIS_YEAR).content.decode()
    assert 'id="looked-for"' in page and '<h3 id="table-missed-searches">' in page
    assert "жирафи луната" in page
    assert "рядко търсене" not in page  # made fewer than 5 times
    assert "морски круиз" not in page  # another municipality's
    assert '<h3 id="table-not-useful">' in page and service.name in page
    not_useful = rows_of(client, "not-useful")
    assert not_useful[1] == [service.name, "5", "6", "45.5", "80"]
    assert rows_of(client, "missed-searches")[1:] == [["жирафи луната", "7"]]


def test_the_capacity_table_shows_the_places_the_state_funds(client: Client) -> None:
    Capacity.objects.update(funded_places=None)
    kinds = Attribute.objects.filter(
        link_type="service_type",
        taxonomy_term__taxonomy__code=reference.SERVICE_TYPE,
        service__municipality_id="SLV20",
        service__status=Service.Status.ACTIVE,
        service__capacity__isnull=False,
    ).select_related("taxonomy_term", "service")
    by_service: dict[object, list[Attribute]] = {}
    for kind in kinds:
        by_service.setdefault(kind.service_id, []).append(kind)
    funded = next((found[0] for found in by_service.values() if len(found) == 1), None)
    assert funded is not None, "no active service of the demo has one type and a capacity"
    Capacity.objects.filter(service=funded.service).update(funded_places=30, funding_decision="РМС № 1000/2024")
    expected = 30
    client = analyst(client)
    rows = rows_of(client, "capacity")
    header = rows[0]
    with translation.override("bg"):  # staff pages are in Bulgarian
        column = header.index(translation.gettext("Funded by the state"))
        assert header[column - 1] == translation.gettext("Places")
    by_type = {row[0]: row for row in rows[1:]}
    assert by_type[funded.taxonomy_term.name][column] == str(expected)
    others = [row[column] for name, row in by_type.items() if name != funded.taxonomy_term.name]
    assert others and all(value == "" for value in others)  # no state-funded service of those types
    page = client.get(reverse("staff-analytics"), THIS_YEAR).content.decode()
    with translation.override("bg"):
        assert translation.gettext("Funded by the state") in page


def test_the_needs_page_asks_as_many_queries_with_the_public_sites_figures_as_without(client: Client) -> None:
    client = analyst(client)
    signals(6, when=at(timezone.localdate().year, 1))
    demand_refresh()
    with CaptureQueriesContext(connection) as without:
        client.get(reverse("staff-analytics"), THIS_YEAR)
    _usage()
    Capacity.objects.update(funded_places=10)
    with CaptureQueriesContext(connection) as with_figures:
        client.get(reverse("staff-analytics"), THIS_YEAR)
    assert len(with_figures) == len(without)
