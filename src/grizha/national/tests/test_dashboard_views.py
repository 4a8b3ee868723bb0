"""The staff pages: the national dashboard (who sees which municipalities, sorting, downloads, a query count
that does not grow with the country) and a catalog editor's list of services to verify."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, staff_member
from grizha.catalog.models import Service
from grizha.national.models import EditorReminder
from grizha.national.services import hsds_checks_refresh
from grizha.national.tests.test_freshness import KOTEL, a_service, small_catalogue
from grizha.territory.models import Municipality, Office, Settlement

pytestmark = pytest.mark.django_db

DASHBOARD = "/staff/national/"
LIST = "/staff/national/freshness/"


def office_in(code: str) -> Office:
    """The central office of a municipality the demo has no office in."""
    settlement = Settlement.objects.filter(municipality_id=code).order_by("-population", "ekatte").first()
    assert settlement is not None
    return Office.objects.create(
        municipality_id=code, kind=Office.Kind.CENTRAL, name=f"Община {code}", settlement=settlement, address="пл. 1"
    )


def member(client: Client, role: str, office: Office | None = None, **fields: Any) -> User:
    user = staff_member(role, office, **fields)
    log_in(client, user)
    return user


def rows_of(client: Client, query: str = "") -> list[list[str]]:
    """The dashboard's CSV, as the rows under the header."""
    response = client.get(reverse("national:dashboard-download", args=["csv"]) + query)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]


# --- who sees what -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.NATIONAL_EDITOR, Role.NATIONAL_ANALYST])
def test_national_staff_see_every_municipality_with_services(client: Client, role: str) -> None:
    small_catalogue()
    member(client, role)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    codes = [row.code for row in response.context["rows"]]
    assert {KOTEL, "SLV20"} <= set(codes)
    assert codes == sorted(codes, key=lambda code: Municipality.objects.get(code=code).name_bg)
    page = response.content.decode()
    assert "Котел" in page and "Сливен" in page
    assert response.context["total"].services == Service.objects.filter(status="active").count()


def test_a_municipal_editor_sees_only_their_municipality_and_is_linked_to_their_list(client: Client) -> None:
    small_catalogue()
    member(client, Role.CATALOG_EDITOR)  # in Sliven's central office
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert [row.code for row in response.context["rows"]] == ["SLV20"]
    page = response.content.decode()
    assert "Котел" not in page
    assert f'<a href="{LIST}">Сливен</a>' in page
    assert [row[1] for row in rows_of(client)] == ["SLV20", ""]


def test_the_rows_of_national_staff_link_only_to_their_own_municipality(client: Client) -> None:
    small_catalogue()
    member(client, Role.NATIONAL_EDITOR)
    page = client.get(DASHBOARD).content.decode()
    assert f'<a href="{LIST}">Сливен</a>' in page
    assert ">Котел</a>" not in page


@pytest.mark.parametrize("role", [Role.FRONT_OFFICE, Role.ANALYST, Role.CASE_WORKER])
def test_other_staff_are_refused(client: Client, role: str) -> None:
    member(client, role)
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(reverse("national:dashboard-download", args=["csv"])).status_code == 403
    assert client.get(LIST).status_code == 403


def test_the_list_is_for_catalog_editors_only(client: Client) -> None:
    member(client, Role.NATIONAL_ANALYST)
    assert client.get(DASHBOARD).status_code == 200
    assert client.get(LIST).status_code == 403


def test_someone_not_logged_in_is_sent_to_log_in(client: Client) -> None:
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "/staff/login" in response["Location"]


# --- the table ---------------------------------------------------------------------------------------------


def test_the_download_has_each_figure_and_the_totals(client: Client) -> None:
    small_catalogue()
    hsds_checks_refresh(municipality=KOTEL)
    member(client, Role.NATIONAL_ANALYST)
    rows = rows_of(client)
    kotel = next(row for row in rows if row[1] == KOTEL)
    assert kotel == ["Котел", KOTEL, "8", "2", "25.0", "1", "2", "1", "1"]
    total = rows[-1]
    assert total[1] == "" and int(total[2]) == Service.objects.filter(status="active").count()


def test_the_excel_download_opens(client: Client) -> None:
    small_catalogue()
    member(client, Role.NATIONAL_ANALYST)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("national:dashboard-download", args=["xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Municipality", "EKATTE code", "Active services"]
    assert any(row[1] == KOTEL and row[2] == 8 for row in values[1:])


def test_an_unknown_download_format_is_not_found(client: Client) -> None:
    member(client, Role.NATIONAL_ANALYST)
    assert client.get(reverse("national:dashboard-download", args=["pdf"])).status_code == 404


@pytest.mark.parametrize("sort", ["services", "stale", "stale_share", "missing_translations", "missing_iisda"])
def test_the_table_sorts_by_a_column_largest_first(client: Client, sort: str) -> None:
    small_catalogue()
    small_catalogue("JAM26")
    a_service("Още една", municipality="JAM26", assured_date=None)
    member(client, Role.NATIONAL_ANALYST)
    response = client.get(DASHBOARD, {"sort": sort})
    rows = response.context["rows"]
    values = [getattr(row, sort) for row in rows]
    assert values == sorted(values, reverse=True)
    assert 'aria-sort="descending"' in response.content.decode()
    assert [row[1] for row in rows_of(client, f"?sort={sort}")][:-1] == [row.code for row in rows]


def test_an_unknown_sort_is_said_and_the_table_is_sorted_by_name(client: Client) -> None:
    small_catalogue()
    member(client, Role.NATIONAL_ANALYST)
    client.cookies["django_language"] = "en"
    response = client.get(DASHBOARD, {"sort": "<script>"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a column to sort by" in page and "<script>" not in page
    assert response.context["sort"] == "name"


def test_the_dashboards_queries_do_not_grow_with_the_number_of_municipalities(
    client: Client, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    member(client, Role.NATIONAL_EDITOR)
    client.get(DASHBOARD)  # the first visit records the editor's language

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DASHBOARD).status_code == 200
        return len(captured)

    few = queries()
    for code in Municipality.objects.exclude(code="SLV20").order_by("code").values_list("code", flat=True)[:30]:
        small_catalogue(code)
    hsds_checks_refresh()
    assert queries() == few
    with django_assert_max_num_queries(10):
        client.get(DASHBOARD)


# --- a catalog editor's list -------------------------------------------------------------------------------


def test_an_editor_sees_their_services_with_problems_and_a_way_to_edit_each(client: Client) -> None:
    services = small_catalogue()
    member(client, Role.CATALOG_EDITOR, office_in(KOTEL))
    client.cookies["django_language"] = "en"
    response = client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert services["stale"].name_en in page and services["fine"].name_en not in page
    assert reverse("admin:catalog_service_change", args=[services["stale"].id]) in page
    assert "Missing in English: name, description, easy-read summary" in page
    assert "No easy-read text in any language" in page
    assert "but it has no IISDA number" in page
    assert "$.organization: &#x27;description&#x27; is a required property" in page
    assert (
        page.index(services["never"].name_en)
        < page.index(services["stale"].name_en)
        < page.index(services["invalid"].name_en)
    )


def test_an_editor_cannot_open_another_municipalitys_list(client: Client) -> None:
    small_catalogue()
    member(client, Role.CATALOG_EDITOR)  # Sliven
    assert client.get(LIST, {"municipality": KOTEL}).status_code == 404
    assert client.get(LIST, {"municipality": "nonsense"}).status_code == 404


def test_an_editor_of_two_municipalities_chooses_which(client: Client) -> None:
    small_catalogue()
    editor = member(client, Role.CATALOG_EDITOR)  # Sliven
    editor.memberships.create(office=office_in(KOTEL), role=Role.CATALOG_EDITOR)
    page = client.get(LIST, {"municipality": KOTEL}).content.decode()
    assert "Котел" in page and '?municipality=SLV20"' in page


def test_marking_a_service_as_verified_returns_to_the_list_with_a_confirmation(client: Client) -> None:
    services = small_catalogue()
    editor = member(client, Role.CATALOG_EDITOR, office_in(KOTEL), email="kotel@example.bg")
    client.cookies["django_language"] = "en"
    response = client.post(reverse("national:verify", args=[services["stale"].id]), follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    assert f"You marked “{services['stale'].name_en}” as verified today." in response.content.decode()
    stale = Service.objects.get(id=services["stale"].id)
    assert (stale.assured_date, stale.assurer_email) == (timezone.localdate(), editor.email)
    assert services["stale"].name_en not in response.content.decode().split("<h2", 1)[-1]


def test_marking_as_verified_needs_a_post_with_the_csrf_token(client: Client) -> None:
    services = small_catalogue()
    user = staff_member(Role.CATALOG_EDITOR, office_in(KOTEL))
    url = reverse("national:verify", args=[services["stale"].id])
    assert log_in(Client(), user).get(url).status_code == 405
    assert log_in(Client(enforce_csrf_checks=True), user).post(url).status_code == 403
    assert Service.objects.get(id=services["stale"].id).assured_date == services["stale"].assured_date


def test_a_service_of_another_municipality_cannot_be_marked_as_verified(client: Client) -> None:
    services = small_catalogue()
    member(client, Role.CATALOG_EDITOR)  # Sliven
    assert client.post(reverse("national:verify", args=[services["stale"].id])).status_code == 404
    assert Service.objects.get(id=services["stale"].id).assured_date == services["stale"].assured_date


def test_the_list_records_the_language_the_editor_reads_it_in(client: Client) -> None:
    editor = member(client, Role.CATALOG_EDITOR, office_in(KOTEL))
    a_service("Наред")
    client.cookies["django_language"] = "en"
    client.get(LIST)
    assert EditorReminder.objects.get(user=editor).language == "en"
    client.cookies["django_language"] = "bg"
    client.get(LIST)
    assert EditorReminder.objects.get(user=editor).language == "bg"


def test_the_staff_home_links_editors_and_national_staff_to_these_pages(client: Client) -> None:
    member(client, Role.CATALOG_EDITOR)
    assert f'href="{LIST}"' in client.get(reverse("staff-home")).content.decode()
    member(client, Role.NATIONAL_ANALYST)
    assert f'href="{DASHBOARD}"' in client.get(reverse("staff-home")).content.decode()
