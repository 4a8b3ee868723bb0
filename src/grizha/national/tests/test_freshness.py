"""Freshness and completeness: each figure on a small catalogue of Kotel, the list of one municipality's
services with their problems, HSDS validity and its stored checks, verifying a service, the setting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F
from django.test import override_settings
from django.utils import timezone, translation

from grizha.accounts.roles import Role
from grizha.accounts.testing import staff_member
from grizha.catalog.models import Attribute, CatalogVersion, Organization, Service, TaxonomyTerm
from grizha.catalog.services import service_verify
from grizha.config import env
from grizha.core.models import AuditEvent
from grizha.hsds.serialize import Serializer
from grizha.national import tasks
from grizha.national.freshness import (
    Figures,
    figures_total,
    hsds_errors,
    municipality_figures,
    service_problems,
    validation_errors,
)
from grizha.national.models import HsdsCheck
from grizha.national.services import hsds_checks_refresh
from grizha.territory.models import Municipality

pytestmark = pytest.mark.django_db

KOTEL = "SLV11"  # a municipality of the demo's province, without services of its own in the demo


def a_service(name: str, *, municipality: str = KOTEL, **fields: object) -> Service:
    """An active service, verified today, with every text in both languages, unless `fields` say otherwise."""
    values: dict[str, object] = {
        "name": name,
        "name_bg": name,
        "name_en": f"{name} in English",
        "description_bg": "Описание на услугата.",
        "description_en": "What the service is.",
        "easy_read_bg": "Помагаме ви у дома.",
        "easy_read_en": "We help you at home.",
        "assured_date": timezone.localdate(),
        "status": Service.Status.ACTIVE,
    }
    return Service.objects.create(municipality_id=municipality, **{**values, **fields})


def applied_for_at_the_municipality(service: Service) -> Service:
    """Tag the service as an administrative service people apply for to the municipality."""
    term = TaxonomyTerm.objects.get(taxonomy__code="bg-access-route", code="application-to-municipality")
    Attribute.objects.create(service=service, link_entity="service", link_type="access_route", taxonomy_term=term)
    return service


def small_catalogue(municipality: str = KOTEL) -> dict[str, Service]:
    """One service with each problem, one with none, one for an administrative service that is complete, and
    an inactive one with every problem (never counted)."""
    today = timezone.localdate()
    # The model lets an organization go without a description; HSDS 3.0 requires one.
    undescribed = Organization.objects.create(name="Сдружение", name_bg="Сдружение", description="")
    return {
        "fine": a_service("Наред", municipality=municipality),
        "stale": a_service("Остаряла", municipality=municipality, assured_date=today - timedelta(days=181)),
        "never": a_service("Непроверявана", municipality=municipality, assured_date=None),
        "invalid": a_service("Невалидна", municipality=municipality, organization=undescribed),
        "no_english": a_service(
            "Без превод", municipality=municipality, name_en="", description_en=None, easy_read_en=""
        ),
        "no_easy_read": a_service("Без лесен текст", municipality=municipality, easy_read_bg="", easy_read_en=""),
        "no_iisda": applied_for_at_the_municipality(a_service("Без номер", municipality=municipality)),
        "with_iisda": applied_for_at_the_municipality(
            a_service("С номер", municipality=municipality, iisda_number="2004")
        ),
        "inactive": a_service(
            "Закрита", municipality=municipality, status=Service.Status.INACTIVE, assured_date=None, easy_read_bg=""
        ),
    }


def figures_of(code: str) -> Figures:
    (figures,) = municipality_figures([code])
    return figures


# --- the figures ---------------------------------------------------------------------------------------


def test_each_figure_counts_the_active_services_with_that_problem() -> None:
    small_catalogue()
    hsds_checks_refresh(municipality=KOTEL)
    figures = figures_of(KOTEL)
    assert figures == Figures(
        code=KOTEL,
        name="Котел",
        services=8,
        stale=2,
        invalid_hsds=1,
        missing_translations=2,
        missing_easy_read=1,
        missing_iisda=1,
    )
    assert figures.stale_share == 25.0


def test_names_come_in_the_active_language() -> None:
    small_catalogue()
    with translation.override("en"):
        assert figures_of(KOTEL).name == "Kotel"


def test_a_service_verified_exactly_the_set_age_ago_is_not_stale_yet() -> None:
    today = timezone.localdate()
    a_service("На ръба", assured_date=today - timedelta(days=180))
    assert figures_of(KOTEL).stale == 0
    a_service("Отвъд ръба", assured_date=today - timedelta(days=181))
    assert figures_of(KOTEL).stale == 1


@override_settings(GRIZHA_VERIFY_EVERY_DAYS=30)
def test_the_setting_sets_the_age_of_a_stale_service() -> None:
    a_service("Преди месец и малко", assured_date=timezone.localdate() - timedelta(days=31))
    assert figures_of(KOTEL).stale == 1


def test_a_municipality_without_active_services_has_no_row() -> None:
    a_service("Закрита", status=Service.Status.DEFUNCT, assured_date=None)
    assert municipality_figures([KOTEL]) == []


def test_the_totals_add_up_the_rows() -> None:
    small_catalogue()
    rows = municipality_figures(["SLV20", KOTEL])
    total = figures_total(rows)
    assert total.services == sum(row.services for row in rows) == 8 + figures_of("SLV20").services
    assert total.stale == sum(row.stale for row in rows)
    assert total.code == ""


# --- HSDS validity ---------------------------------------------------------------------------------------


def test_the_validator_names_what_is_wrong_with_a_record() -> None:
    record = Serializer("bg").services([small_catalogue()["fine"].id])[0]
    assert validation_errors(record) == []
    record["status"] = "open"
    record["email"] = "nobody"
    del record["name"]
    errors = validation_errors(record)
    assert any(e.startswith("$.status: 'open' is not one of") for e in errors), errors
    assert any(e.startswith("$.email: 'nobody' is not a 'email'") for e in errors), errors
    assert "$: 'name' is a required property" in errors


def test_an_organization_without_a_description_makes_its_services_invalid() -> None:
    invalid = small_catalogue()["invalid"]
    assert hsds_errors([invalid.id]) == {invalid.id: (1, ["$.organization: 'description' is a required property"])}


def test_invalid_hsds_is_counted_once_the_check_has_run() -> None:
    small_catalogue()
    assert (figures_of(KOTEL).invalid_hsds, figures_of(KOTEL).hsds_unchecked) == (0, 8)
    refresh = hsds_checks_refresh(municipality=KOTEL)
    assert (refresh.checked, refresh.validated, refresh.invalid) == (8, 8, 1)
    assert (figures_of(KOTEL).invalid_hsds, figures_of(KOTEL).hsds_unchecked) == (1, 0)


def test_a_record_that_has_not_changed_is_not_validated_again() -> None:
    invalid = small_catalogue()["invalid"]
    hsds_checks_refresh(municipality=KOTEL)
    first = HsdsCheck.objects.get(service=invalid).checked_at
    assert hsds_checks_refresh(municipality=KOTEL).validated == 0
    assert HsdsCheck.objects.get(service=invalid).checked_at > first  # looked at, found unchanged
    Organization.objects.filter(id=invalid.organization_id).update(description="Помага.", description_bg="Помага.")
    again = hsds_checks_refresh(municipality=KOTEL)
    assert (again.validated, again.invalid) == (1, 0)
    assert HsdsCheck.objects.get(service=invalid).errors == []
    assert figures_of(KOTEL).invalid_hsds == 0


def test_the_periodic_check_skips_a_catalog_that_has_not_changed() -> None:
    cache.clear()
    small_catalogue()
    checked = tasks.check_hsds.call()
    assert checked == Service.objects.filter(status="active").count()
    assert tasks.check_hsds.call() == 0
    a_service("Нова")
    # The test's transaction never commits: move the version as the commit would.
    CatalogVersion.objects.filter(pk=1).update(version=F("version") + 1)
    assert tasks.check_hsds.call() == checked + 1
    assert figures_of(KOTEL).hsds_unchecked == 0


# --- the list of one municipality -------------------------------------------------------------------------


def test_the_list_names_each_services_problems() -> None:
    services = small_catalogue()
    listed = {s.id: s for s in service_problems(Municipality.objects.get(code=KOTEL)).services}
    assert set(listed) == {services[k].id for k in services} - {
        services["fine"].id,
        services["with_iisda"].id,
        services["inactive"].id,
    }
    assert listed[services["stale"].id].stale and not listed[services["stale"].id].missing_translations
    assert listed[services["never"].id].stale and listed[services["never"].id].assured_date is None
    assert listed[services["invalid"].id].hsds_errors == ("$.organization: 'description' is a required property",)
    assert listed[services["no_english"].id].missing_texts == (("en", ("name", "description", "easy_read")),)
    assert not listed[services["no_english"].id].missing_easy_read
    no_easy_read = listed[services["no_easy_read"].id]
    assert no_easy_read.missing_easy_read
    assert no_easy_read.missing_texts == (("bg", ("easy_read",)), ("en", ("easy_read",)))
    assert listed[services["no_iisda"].id].missing_iisda
    assert not any(s.missing_iisda for s in listed.values() if s.id != services["no_iisda"].id)


def test_the_list_puts_stale_services_first_never_verified_then_the_oldest() -> None:
    services = small_catalogue()
    older = a_service("Още по-стара", assured_date=timezone.localdate() - timedelta(days=400))
    order = [s.id for s in service_problems(Municipality.objects.get(code=KOTEL)).services]
    assert order[:3] == [services["never"].id, older.id, services["stale"].id]


def test_the_list_adds_up_to_the_same_figures_as_the_dashboard() -> None:
    small_catalogue()
    hsds_checks_refresh(municipality=KOTEL)
    assert service_problems(Municipality.objects.get(code=KOTEL)).figures == figures_of(KOTEL)


def test_the_list_checks_hsds_now() -> None:
    services = small_catalogue()
    hsds_checks_refresh(municipality=KOTEL)
    Service.objects.filter(id=services["fine"].id).update(email="nobody")
    listed = {s.id: s for s in service_problems(Municipality.objects.get(code=KOTEL)).services}
    assert listed[services["fine"].id].hsds_errors == ("$.email: 'nobody' is not a 'email'",)
    assert figures_of(KOTEL).invalid_hsds == 1  # the national figures wait for the periodic check


# --- verifying a service ----------------------------------------------------------------------------------


def test_verifying_a_service_records_today_and_who_and_is_audited() -> None:
    service = a_service("Проверена", assured_date=None)
    editor = staff_member(Role.CATALOG_EDITOR, email="editor@example.bg")
    service_verify(service=service, user=editor)
    service.refresh_from_db()
    assert (service.assured_date, service.assurer_email) == (timezone.localdate(), "editor@example.bg")
    event = AuditEvent.objects.get(action="grizha.catalog.service.verified", object_id=str(service.id))
    assert event.actor == editor
    assert figures_of(KOTEL).stale == 0


def test_an_editor_without_an_e_mail_address_is_recorded_by_username() -> None:
    service = a_service("Проверена", assured_date=None)
    editor = staff_member(Role.CATALOG_EDITOR, username="ivanova")
    assert service_verify(service=service, user=editor).assurer_email == "ivanova"


# --- the setting ------------------------------------------------------------------------------------------


def test_the_age_of_a_stale_service_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRIZHA_VERIFY_EVERY_DAYS", raising=False)
    assert env.verify_every_days() == 180
    monkeypatch.setenv("GRIZHA_VERIFY_EVERY_DAYS", "90")
    assert env.verify_every_days() == 90


@pytest.mark.parametrize("value", ["0", "-5", "half a year", "1.5"])
def test_a_bad_age_is_refused_by_name(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("GRIZHA_VERIFY_EVERY_DAYS", value)
    with pytest.raises(ImproperlyConfigured, match="GRIZHA_VERIFY_EVERY_DAYS"):
        env.verify_every_days()
