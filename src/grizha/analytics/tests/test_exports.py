"""Downloads of an analytics table: CSV and XLSX read back the way a spreadsheet or a script would."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils.translation import gettext_lazy, override
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from grizha.analytics.exports import (
    FORMATS,
    download_response,
    sheet_name,
    table_csv,
    table_xlsx,
)
from grizha.analytics.tables import SUPPRESSED, SUPPRESSED_TEXT, Cell, Column, Table

FORMULA = '=HYPERLINK("https://example.com","click")'


def make_table(rows: list[list[Cell]] | None = None, *, title: str = "Referrals by service", note: str = "") -> Table:
    return Table(
        slug="referrals",
        title=title,
        columns=[
            Column("service", "Service", kind="text"),
            Column("count", "Referrals"),
            Column("rate", "Per 1,000", kind="rate"),
        ],
        rows=rows if rows is not None else [["Home care", 12, 3.5], ["Day centre", SUPPRESSED, None]],
        note=note,
    )


def read_csv(table: Table) -> list[list[str]]:
    data = table_csv(table)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))


def read_sheet(table: Table) -> Worksheet:
    return load_workbook(io.BytesIO(table_xlsx(table))).active


# --- CSV -------------------------------------------------------------------------------------------


def test_csv_starts_with_a_utf8_bom() -> None:
    assert table_csv(make_table()).startswith("\ufeff".encode())


def test_csv_lines_end_with_crlf() -> None:
    assert table_csv(make_table()).split(b"\n")[0].endswith(b"\r")


def test_csv_first_line_is_the_column_labels() -> None:
    assert read_csv(make_table())[0] == ["Service", "Referrals", "Per 1,000"]


def test_csv_writes_lazy_labels_as_text_in_the_active_language() -> None:
    table = make_table([])
    table.columns = [Column("service", gettext_lazy("Service"), kind="text")]
    with override("en"):
        assert read_csv(table)[0] == ["Service"]


def test_csv_writes_a_row_with_float_dot() -> None:
    assert read_csv(make_table())[1] == ["Home care", "12", "3.5"]


def test_csv_writes_suppressed_as_its_text_and_none_as_empty() -> None:
    assert read_csv(make_table())[2] == ["Day centre", str(SUPPRESSED_TEXT), ""]


def test_csv_keeps_negative_numbers_as_numbers() -> None:
    assert read_csv(make_table([["Change", -3, -0.5]]))[1] == ["Change", "-3", "-0.5"]


def test_csv_defuses_text_that_looks_like_a_formula() -> None:
    assert read_csv(make_table([[FORMULA, 5, None]]))[1][0] == "'" + FORMULA


@pytest.mark.parametrize("start", ["+", "-", "@", "\t", "\r"])
def test_csv_defuses_every_formula_start(start: str) -> None:
    assert read_csv(make_table([[start + "1", 5, None]]))[1][0] == "'" + start + "1"


def test_csv_leaves_out_the_note() -> None:
    assert read_csv(make_table(note="Counts under 5 are hidden.")) == read_csv(make_table())


# --- XLSX ------------------------------------------------------------------------------------------


def test_xlsx_sheet_is_named_after_the_title() -> None:
    assert read_sheet(make_table()).title == "Referrals by service"


def test_xlsx_sheet_name_drops_forbidden_characters() -> None:
    assert sheet_name("Q1/Q2 [2024]: who*? a\\b") == "Q1Q2 2024 who ab"


def test_xlsx_sheet_name_is_at_most_31_characters() -> None:
    assert read_sheet(make_table(title="A" * 40)).title == "A" * 31


def test_xlsx_sheet_name_never_starts_or_ends_with_an_apostrophe() -> None:
    assert sheet_name("'Quoted' " + "x" * 40 + "'") == "Quoted' " + "x" * 23


def test_xlsx_sheet_name_falls_back_when_nothing_is_left() -> None:
    assert sheet_name("[]:*?/") == "Table"


def test_xlsx_writes_lazy_title_and_labels_as_text() -> None:
    table = make_table([])
    table.title = gettext_lazy("Service")
    table.columns = [Column("service", gettext_lazy("Service"), kind="text")]
    with override("en"):
        sheet = read_sheet(table)
    assert (sheet.title, sheet["A1"].value) == ("Service", "Service")


def test_xlsx_title_is_in_the_workbook_properties() -> None:
    workbook = load_workbook(io.BytesIO(table_xlsx(make_table())))
    assert workbook.properties.title == "Referrals by service"


def test_xlsx_header_row_is_bold() -> None:
    sheet = read_sheet(make_table())
    assert [cell.value for cell in sheet[1]] == ["Service", "Referrals", "Per 1,000"]
    assert all(cell.font.bold for cell in sheet[1])


def test_xlsx_freezes_the_header_row() -> None:
    assert read_sheet(make_table()).freeze_panes == "A2"


def test_xlsx_stores_numbers_as_numbers() -> None:
    sheet = read_sheet(make_table([["Change", -3, 3.5]]))
    assert sheet["B2"].value == -3
    assert isinstance(sheet["B2"].value, int)
    assert isinstance(sheet["C2"].value, float)


def test_xlsx_writes_suppressed_as_its_text() -> None:
    assert read_sheet(make_table())["B3"].value == str(SUPPRESSED_TEXT)


def test_xlsx_stores_formula_like_text_as_defused_text() -> None:
    cell = read_sheet(make_table([[FORMULA, 5, None]]))["A2"]
    assert cell.data_type == "s"
    assert cell.value == "'" + FORMULA


def test_xlsx_column_widths_fit_the_content() -> None:
    sheet = read_sheet(make_table([["A rather long service name", 5, None]]))
    assert sheet.column_dimensions["A"].width >= len("A rather long service name")


def test_xlsx_puts_the_note_two_rows_under_the_table_in_italics() -> None:
    sheet = read_sheet(make_table(note="Counts under 5 are hidden."))
    note = sheet.cell(row=5, column=1)
    assert note.value == "Counts under 5 are hidden."
    assert note.font.italic
    assert sheet.cell(row=4, column=1).value is None


def test_xlsx_without_a_note_ends_with_the_table() -> None:
    assert read_sheet(make_table()).max_row == 3


# --- response --------------------------------------------------------------------------------------


def test_formats_are_csv_and_xlsx() -> None:
    assert FORMATS == ("csv", "xlsx")


def test_csv_response_headers() -> None:
    response = download_response(make_table(), fmt="csv", filename_stem="Referrals 2024")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="referrals-2024.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == table_csv(make_table())


def test_xlsx_response_headers() -> None:
    response = download_response(make_table(), fmt="xlsx", filename_stem="referrals")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="referrals.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_response_file_name_falls_back_when_the_stem_has_no_ascii() -> None:
    response = download_response(make_table(), fmt="csv", filename_stem="Насочвания")
    assert response["Content-Disposition"] == 'attachment; filename="table.csv"'


def test_unknown_format_raises() -> None:
    with pytest.raises(ValueError, match="pdf"):
        download_response(make_table(), fmt="pdf", filename_stem="referrals")
