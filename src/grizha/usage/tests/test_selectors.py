from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from grizha.accounts.roles import Role
from grizha.accounts.selectors import staff_scope
from grizha.accounts.testing import staff_member
from grizha.usage.models import MissedSearch, PageView
from grizha.usage.selectors import area_services, latest_comments, missed_searches, services_usage, usage_areas
from grizha.usage.services import feedback_record
from grizha.usage.tests.conftest import another_municipalitys_office, two_services

pytestmark = pytest.mark.django_db

MAY, JUNE, JULY = date(2020, 5, 1), date(2020, 6, 1), date(2020, 7, 1)


def test_a_catalog_editor_sees_their_municipality_and_a_national_editor_every_one() -> None:
    assert [a.code for a in usage_areas(staff_scope(staff_member(Role.CATALOG_EDITOR)))] == ["SLV20"]
    burgas = staff_member(Role.CATALOG_EDITOR, another_municipalitys_office())
    assert [a.code for a in usage_areas(staff_scope(burgas))] == ["BGS01"]
    national = [a.code for a in usage_areas(staff_scope(staff_member(Role.NATIONAL_EDITOR)))]
    assert national[0] == "" and {"SLV20", "BGS01"} <= set(national) and len(national) > 200
    assert usage_areas(staff_scope(staff_member(Role.ANALYST))) == []


def test_each_service_has_its_views_and_answers_of_the_period() -> None:
    first, second = two_services()
    PageView.objects.create(service=first, day=MAY, count=4)
    PageView.objects.create(service=first, day=date(2020, 5, 31), count=6)
    PageView.objects.create(service=first, day=JUNE, count=100)  # after the period
    feedback_record(service=second, useful=True)
    feedback_record(service=second, useful=False)
    rows = services_usage(services=area_services("SLV20"), start=MAY, end=JUNE)
    # Only the service read in May: the answers were given now, outside the period.
    assert [(r.service_id, r.views, r.useful, r.not_useful) for r in rows] == [(first.id, 10, 0, 0)]
    now = timezone.localdate().replace(day=1)
    every = services_usage(services=area_services("SLV20"), start=now, end=date(now.year + 1, 1, 1), every=True)
    assert len(every) == area_services("SLV20").count()
    assert next(r for r in every if r.service_id == second.id).answers == 2


def test_the_latest_comments_come_newest_first_with_their_service() -> None:
    first, second = two_services()
    feedback_record(service=first, useful=True, comment="Първи")
    feedback_record(service=second, useful=False, comment="Втори")
    feedback_record(service=second, useful=False)
    today = timezone.localdate()
    comments = latest_comments(services=area_services("SLV20"), start=today, end=date(today.year + 1, 1, 1))
    assert [(c.comment, c.service.name) for c in comments] == [("Втори", second.name), ("Първи", first.name)]


def test_searches_that_found_nothing_are_added_up_over_the_period_most_frequent_first() -> None:
    for day, query, n in [(MAY, "жирафи", 2), (date(2020, 5, 20), "жирафи", 4), (MAY, "круиз", 5), (JULY, "круиз", 50)]:
        MissedSearch.objects.create(query=query, municipality="SLV20", day=day, count=n)
    MissedSearch.objects.create(query="круиз", municipality="BGS01", day=MAY, count=3)
    assert missed_searches(municipality="SLV20", start=MAY, end=JUNE) == [("жирафи", 6), ("круиз", 5)]
    assert missed_searches(municipality=None, start=MAY, end=JUNE) == [("круиз", 8), ("жирафи", 6)]
    assert missed_searches(municipality="SLV20", start=MAY, end=JUNE, least=6) == [("жирафи", 6)]
    assert missed_searches(municipality="SLV20", start=MAY, end=JUNE, limit=1) == [("жирафи", 6)]
