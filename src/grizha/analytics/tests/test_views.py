from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, office_of, staff_member
from grizha.analytics.services.refresh import demand_refresh
from grizha.analytics.tests.conftest import BIKOVO, at, consultations, signals
from grizha.territory.models import Office

pytestmark = pytest.mark.django_db

YEAR_2026 = {"start": "2026-01", "end": "2026-12"}


def analyst(client: Client, role: str = Role.ANALYST, office: Office | None = None) -> Client:
    return log_in(client, staff_member(role, office))


def test_an_analyst_sees_the_needs_of_the_municipality_in_tables_and_charts(client: Client) -> None:
    signals(12, when=at(2026, 3))
    consultations(6, when=at(2026, 4))
    demand_refresh()
    response = analyst(client).get(reverse("staff-analytics"), YEAR_2026)
    assert response.status_code == 200
    page = response.content.decode()
    assert "18" in page  # requests in the period
    assert page.count("<svg") >= 4
    assert 'role="img"' in page


def test_every_chart_is_well_formed_and_names_its_title(client: Client) -> None:
    signals(7, when=at(2026, 3))
    demand_refresh()
    page = analyst(client).get(reverse("staff-analytics"), YEAR_2026).content.decode()
    start = 0
    while (start := page.find("<svg", start)) != -1:
        end = page.index("</svg>", start) + len("</svg>")
        svg = ET.fromstring(page[start:end])  # noqa: S314 (our own output, not outside input)
        labelled = svg.get("aria-labelledby", "").split()
        assert labelled and all(f'id="{name}"' in page[start:end] for name in labelled)
        start = end


def test_a_small_group_is_not_shown(client: Client) -> None:
    signals(3, when=at(2026, 3), needs=["crisis-protection"])
    signals(9, when=at(2026, 3), needs=["meals"])
    demand_refresh()
    client = analyst(client)
    url = reverse("staff-analytics-download", args=["needs", "needs", "csv"])
    rows = list(csv.reader(io.StringIO(client.get(url, YEAR_2026).content.decode("utf-8-sig"))))
    by_need = {row[0]: row for row in rows[1:]}
    assert "9" in by_need["Храна"] or "9" in by_need.get("Meals", [])
    crisis = next(row for name, row in by_need.items() if "криз" in name.lower() or "crisis" in name.lower())
    assert "3" not in crisis[1:] and "по-малко от 5" in crisis


def test_the_excel_download_is_a_workbook(client: Client) -> None:
    signals(6, when=at(2026, 3))
    demand_refresh()
    url = reverse("staff-analytics-download", args=["needs", "over-time", "xlsx"])
    response = analyst(client).get(url, YEAR_2026)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_an_unknown_table_is_not_found(client: Client) -> None:
    url = reverse("staff-analytics-download", args=["needs", "people", "csv"])
    assert analyst(client).get(url).status_code == 404


def test_a_front_office_specialist_may_not_see_the_figures(client: Client) -> None:
    assert analyst(client, Role.FRONT_OFFICE).get(reverse("staff-analytics")).status_code == 403


def test_a_wrong_month_is_said_beside_its_field_and_the_page_still_shows_figures(client: Client) -> None:
    response = analyst(client).get(reverse("staff-analytics"), {"start": "March"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith("<!DOCTYPE") or "<html" in page
    assert "2026-01" in page and 'aria-invalid="true"' in page


def test_a_last_month_before_the_first_is_refused(client: Client) -> None:
    response = analyst(client).get(reverse("staff-analytics"), {"start": "2026-05", "end": "2026-02"})
    assert 'id="id_end-error"' in response.content.decode() or 'aria-invalid="true"' in response.content.decode()


def test_a_mayoralty_manager_sees_only_the_mayoralty(client: Client) -> None:
    office = office_of(Office.Kind.MAYORALTY, BIKOVO)
    client = analyst(client, Role.OFFICE_MANAGER, office)
    response = client.get(reverse("staff-analytics"), {"area": "SLV20"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="SLV20"' not in page and f'value="{BIKOVO}"' in page


def test_the_effectiveness_page_shows_referrals_and_applications(client: Client) -> None:
    response = analyst(client).get(reverse("staff-analytics-effectiveness"), YEAR_2026)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="table-referral-outcomes"' in page and 'id="table-application-decisions"' in page


def test_the_annual_report_page_offers_both_documents_for_the_year_chosen(client: Client) -> None:
    response = analyst(client).get(
        reverse("staff-analytics-report"), {"area": "SLV20", "year": "2025", "language": "bg"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "/staff/analytics/report/2025.pdf?area=SLV20&amp;language=bg" in page
    assert "/staff/analytics/report/2025.odt?area=SLV20&amp;language=bg" in page


def test_the_annual_report_is_a_pdf_with_the_year_s_figures(client: Client) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    signals(9, when=at(2025, 6), needs=["meals"])
    demand_refresh()
    url = reverse("staff-analytics-report-download", args=[2025, "pdf"])
    response = analyst(client).get(url, {"area": "SLV20", "language": "bg"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Анализ на потребностите от социални услуги" in text
    assert "Храна" in text and "За попълване" in text


def test_the_annual_report_of_an_area_the_member_may_not_see_is_not_found(client: Client) -> None:
    url = reverse("staff-analytics-report-download", args=[2025, "odt"])
    assert analyst(client).get(url, {"area": "SOF46", "language": "bg"}).status_code == 404


def test_the_needs_page_asks_the_same_number_of_queries_whatever_the_data(client: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = analyst(client)
    signals(5, when=at(2026, 3))
    demand_refresh()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("staff-analytics"), YEAR_2026)
    signals(40, when=at(2026, 5), needs=["meals", "care-at-home"], target_groups=["elderly", "homeless"])
    consultations(20, when=at(2026, 6))
    demand_refresh()
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("staff-analytics"), YEAR_2026)
    assert len(many) == len(few)


def test_a_service_type_narrows_the_services_that_meet_each_need(client: Client) -> None:
    signals(6, when=at(2026, 3), needs=["meals"])
    demand_refresh()
    client = analyst(client)
    url = reverse("staff-analytics-download", args=["needs", "unmet-needs", "csv"])
    every = list(csv.reader(io.StringIO(client.get(url, YEAR_2026).content.decode("utf-8-sig"))))
    shelters = list(
        csv.reader(io.StringIO(client.get(url, YEAR_2026 | {"service_type": "shelter"}).content.decode("utf-8-sig")))
    )
    meals_every, meals_shelters = every[1], shelters[1]
    assert meals_every[1] == meals_shelters[1] == "6"  # the demand is the same
    assert int(meals_every[2]) > int(meals_shelters[2])  # fewer services of one type meet it
