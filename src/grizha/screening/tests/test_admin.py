"""A catalog editor reads each service's conditions in words on its admin page and tries a sample
person against it; need signals are shown in the admin but never added, changed or deleted."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from grizha.accounts.testing import log_in_as
from grizha.catalog.models import Service
from grizha.demo.accounts import ensure_demo_accounts
from grizha.demo.loader import demo_id
from grizha.screening import editor
from grizha.screening.admin import ScreeningServiceAdmin
from grizha.screening.models import NeedSignal
from grizha.screening.selectors import screening_catalog

pytestmark = pytest.mark.django_db

PERSONAL_ASSISTANCE = demo_id("service", "lichna-pomosht")
TRANSPORT = demo_id("service", "specializiran-transport")
ADULT_REHABILITATION = demo_id("service", "csri-pylnoletni")  # aged 18 or over
INFORMATION = demo_id("service", "informirane-konsultirane")  # no conditions
INACTIVE = demo_id("service", "patronazhna-grizha")


@pytest.fixture
def superuser(client: Client, settings: Any) -> Client:
    client.cookies["django_language"] = "en"
    get_user_model().objects.create_superuser("root", "root@example.org", "a-long-test-password")
    log_in_as(client, "root")
    return client


def page(client: Client, url: str, params: dict[str, Any] | None = None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200, response.status_code
    return " ".join(response.content.decode().split())


def change_page(client: Client, service_id: Any) -> str:
    return page(client, f"/admin/catalog/service/{service_id}/change/")


def trial(client: Client, service_id: Any, **params: Any) -> str:
    return page(client, f"/admin/catalog/service/{service_id}/try/", {"municipality": "SLV20", **params})


# --- the panel on the change page -------------------------------------------------------------


def test_the_service_admin_is_the_catalogs_with_screening_added() -> None:
    assert type(admin.site._registry[Service]) is ScreeningServiceAdmin


def test_change_page_says_the_conditions_in_words(superuser: Client) -> None:
    body = change_page(superuser, PERSONAL_ASSISTANCE)
    assert "Conditions in words" in body
    assert "Groups (any one suffices):" in body
    assert "Adults with disabilities" in body and "Children with disabilities" in body
    assert "an assessed need for the assistance of another person" in body
    assert "Residence:" in body
    assert "a permanent or current address in the municipality of Sliven" in body
    assert f"/admin/catalog/service/{PERSONAL_ASSISTANCE}/try/" in body
    assert "never offers it" not in body


def test_change_page_says_a_criterion_with_its_value(superuser: Client) -> None:
    assert "a degree of disability of at least 71%" in change_page(superuser, TRANSPORT)


def test_change_page_says_the_age_range(superuser: Client) -> None:
    assert "aged 18 or over" in change_page(superuser, ADULT_REHABILITATION)


def test_change_page_says_when_there_are_no_conditions(superuser: Client) -> None:
    assert "No conditions" in change_page(superuser, INFORMATION)


def test_change_page_says_an_inactive_service_is_never_offered(superuser: Client) -> None:
    assert "screening never offers it" in change_page(superuser, INACTIVE)


def test_change_page_warns_of_a_value_screening_cannot_read(superuser: Client) -> None:
    criterion = Service.objects.get(id=TRANSPORT).attributes.get(taxonomy_term__code="min-disability-percent")
    criterion.value = "seventy"
    criterion.save()
    assert "is not a number" in change_page(superuser, TRANSPORT)


def test_add_page_still_opens(superuser: Client) -> None:
    body = page(superuser, "/admin/catalog/service/add/")
    assert "Conditions in words" not in body


# --- trying a sample person -------------------------------------------------------------------


def test_try_page_opens_with_the_services_municipality(superuser: Client) -> None:
    body = page(superuser, f"/admin/catalog/service/{PERSONAL_ASSISTANCE}/try/")
    assert 'name="municipality"' in body and 'value="SLV20"' in body
    assert 'name="group_adults-with-disabilities"' in body
    assert 'id="screening-trial"' not in body


def test_a_person_who_meets_every_condition_is_offered_as_eligible(superuser: Client) -> None:
    body = trial(
        superuser,
        PERSONAL_ASSISTANCE,
        needs="personal-assistance",
        needs_assistance_of_another="true",
        **{"group_adults-with-disabilities": "true"},
    )
    assert 'data-answer="eligible"' in body and "Offered as eligible" in body
    assert "It meets your need: Personal or social assistant" in body


def test_unanswered_conditions_make_a_maybe_that_names_them(superuser: Client) -> None:
    body = trial(superuser, PERSONAL_ASSISTANCE, needs="personal-assistance")
    assert 'data-answer="maybe"' in body and "Offered as maybe" in body
    assert "whether you belong to one of these groups:" in body
    assert "whether you have an assessed need for the assistance of another person" in body


def test_age_outside_the_range_is_named(superuser: Client) -> None:
    body = trial(superuser, ADULT_REHABILITATION, age="17", needs="rehabilitation-therapy")
    assert 'data-answer="ruled-out"' in body and "Not offered: ruled out" in body
    assert "Ruled out: the person is 17; the service is for people aged 18 or over." in body


def test_a_fact_that_fails_a_criterion_is_named(superuser: Client) -> None:
    body = trial(superuser, TRANSPORT, needs="mobility-transport", disability_percent="50")
    assert (
        "Ruled out: the person&#x27;s degree of disability is 50%; "
        "the service asks for a degree of disability of at least 71%." in body
    )


def test_no_assistance_of_another_is_named(superuser: Client) -> None:
    body = trial(superuser, PERSONAL_ASSISTANCE, needs="care-at-home", needs_assistance_of_another="false")
    assert "Ruled out: the person has no assessed need for the assistance of another" in body


def test_every_group_stated_no_is_named(superuser: Client) -> None:
    body = trial(
        superuser,
        PERSONAL_ASSISTANCE,
        needs="care-at-home",
        **{"group_adults-with-disabilities": "false", "group_children-with-disabilities": "false"},
    )
    assert "Ruled out: the person belongs to none of the groups the service is only for" in body


def test_residence_elsewhere_is_named(superuser: Client) -> None:
    body = trial(superuser, PERSONAL_ASSISTANCE, needs="care-at-home", municipality="sof46")
    assert "Ruled out: the person lives in the municipality of" in body
    assert "the service asks for a permanent or current address in the municipality of Sliven" in body


def test_every_condition_that_rules_out_is_named(superuser: Client) -> None:
    body = trial(superuser, TRANSPORT, needs="mobility-transport", disability_percent="10", municipality="SOF46")
    assert body.count("Ruled out:") == 2


def test_a_need_the_service_does_not_meet_is_not_a_candidate(superuser: Client) -> None:
    body = trial(superuser, PERSONAL_ASSISTANCE, needs="meals", needs_assistance_of_another="true")
    assert 'data-answer="not-candidate"' in body
    assert "Not a candidate: the service meets none of the stated needs (it meets: Care at home, Personal" in body


def test_no_need_and_no_group_is_not_a_candidate(superuser: Client) -> None:
    body = trial(superuser, PERSONAL_ASSISTANCE, age="40")
    assert "Not a candidate: no need was stated" in body


def test_a_group_stated_yes_without_needs_makes_a_candidate(superuser: Client) -> None:
    body = trial(
        superuser, PERSONAL_ASSISTANCE, needs_assistance_of_another="true", **{"group_adults-with-disabilities": "true"}
    )
    assert "Offered as eligible" in body


def test_an_inactive_service_shows_what_screening_would_answer(superuser: Client) -> None:
    body = trial(superuser, INACTIVE, needs="care-at-home")
    assert "screening never offers it" in body
    assert "Offered as eligible" in body


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"age": "-5"}, "Ensure this value is greater than or equal to 0."),
        ({"age": "old"}, "Enter a whole number."),
        ({"disability_percent": "lots"}, "Enter a number."),
        ({"monthly_income_per_member": "-1"}, "Ensure this value is greater than or equal to 0."),
        ({"municipality": "XYZ99"}, "No municipality has the EKATTE code XYZ99."),
        ({"needs": "flying"}, "Select a valid choice."),
    ],
)
def test_bad_answers_show_the_forms_errors(superuser: Client, params: dict[str, str], message: str) -> None:
    body = trial(superuser, PERSONAL_ASSISTANCE, **params)
    assert "Please correct the error below." in body
    assert message in body
    assert "<title>Error:" in body
    assert 'id="screening-trial"' not in body


def test_trying_records_no_need_signal(superuser: Client) -> None:
    before = NeedSignal.objects.count()
    trial(superuser, PERSONAL_ASSISTANCE, needs="care-at-home")
    assert NeedSignal.objects.count() == before


def test_a_catalog_editor_can_try_a_person(client: Client) -> None:
    client.cookies["django_language"] = "en"
    ensure_demo_accounts()
    log_in_as(client, "editor")
    assert "Offered as maybe" in trial(client, TRANSPORT, needs="mobility-transport")


def test_the_bulgarian_admin_says_the_conditions_in_bulgarian(superuser: Client) -> None:
    superuser.cookies["django_language"] = "bg"
    body = change_page(superuser, PERSONAL_ASSISTANCE)
    assert "постоянен или настоящ адрес в община Сливен" in body
    assert "Пълнолетни лица с увреждания" in body
    assert "Храна" in trial(superuser, PERSONAL_ASSISTANCE, needs="care-at-home")


def test_an_unknown_service_has_no_try_page(superuser: Client) -> None:
    response = superuser.get(f"/admin/catalog/service/{demo_id('service', 'no-such-service')}/try/")
    assert response.status_code == 404


def test_the_try_page_needs_a_staff_login(client: Client) -> None:
    response = client.get(f"/admin/catalog/service/{PERSONAL_ASSISTANCE}/try/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_editor_sees_the_rules_screening_compiles_also_once_a_service_is_inactive() -> None:
    compiled = {rules.id: rules for rules in screening_catalog().book.services}
    Service.objects.filter(id__in=compiled).update(status=Service.Status.INACTIVE)
    for service_id, rules in compiled.items():
        assert editor.service_rules(service_id) == rules, service_id


# --- need signals -----------------------------------------------------------------------------


def _signal(**kwargs: Any) -> NeedSignal:
    fields = {"channel": "api", "municipality_id": "SLV20", "age_band": "65-79", "needs": ["meals"], **kwargs}
    return NeedSignal.objects.create(**fields)


def test_need_signals_are_listed_with_needs_in_words(superuser: Client) -> None:
    _signal(eligible_count=3, maybe_count=1)
    body = page(superuser, "/admin/screening/needsignal/")
    assert "Meals and food" in body and "65-79" in body and "Sliven" in body
    assert "/admin/screening/needsignal/add/" not in body


def test_need_signals_filter_by_channel_and_municipality(superuser: Client) -> None:
    _signal(channel="staff", age_band="80+")
    _signal(channel="api", age_band="0-6", municipality_id="SOF46")
    body = page(
        superuser, "/admin/screening/needsignal/", {"channel__exact": "staff", "municipality__code__exact": "SLV20"}
    )
    assert "80+" in body and "0-6" not in body


def test_need_signal_list_queries_do_not_grow_with_rows(superuser: Client) -> None:
    _signal()
    with CaptureQueriesContext(connection) as one:
        page(superuser, "/admin/screening/needsignal/")
    for _ in range(5):
        _signal(municipality_id="SOF46")
    with CaptureQueriesContext(connection) as six:
        page(superuser, "/admin/screening/needsignal/")
    assert len(six) == len(one)


def test_need_signals_cannot_be_added_changed_or_deleted(superuser: Client) -> None:
    signal = _signal()
    assert superuser.get("/admin/screening/needsignal/add/").status_code == 403
    assert superuser.get(f"/admin/screening/needsignal/{signal.pk}/delete/").status_code == 403
    view = superuser.get(f"/admin/screening/needsignal/{signal.pk}/change/")
    assert view.status_code == 200
    assert 'name="_save"' not in view.content.decode()
    response = superuser.post(f"/admin/screening/needsignal/{signal.pk}/change/", {"channel": "staff"})
    assert response.status_code == 403
    signal.refresh_from_db()
    assert signal.channel == "api"
    changelist = superuser.post(
        "/admin/screening/needsignal/", {"action": "delete_selected", "_selected_action": [str(signal.pk)]}
    )
    assert changelist.status_code in (200, 302, 403)
    assert NeedSignal.objects.filter(pk=signal.pk).exists()
