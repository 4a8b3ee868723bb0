"""Downloads of an analytics `Table`: CSV for any tool and XLSX for Excel, both safe to open in a
spreadsheet (text that looks like a formula is never run), with hidden small groups written as on the page."""

from __future__ import annotations

import csv
import io
import re

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from grizha.analytics.tables import SUPPRESSED_TEXT, Cell, Suppressed, Table

FORMATS = ("csv", "xlsx")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# A spreadsheet runs text starting with one of these as a formula (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses these in a sheet name, and names longer than 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31
COLUMN_WIDTH_MAX = 60


def _text(value: object) -> str:
    """Text as a spreadsheet will show it, never as a formula: a leading apostrophe makes it plain text."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _value(cell: Cell) -> str | int | float | None:
    """Numbers stay numbers (so they can be summed); everything else, lazy strings too, becomes safe text."""
    if isinstance(cell, Suppressed):
        return _text(SUPPRESSED_TEXT)
    if cell is None or isinstance(cell, int | float):
        return cell
    return _text(cell)


def _header(table: Table) -> list[str]:
    return [_text(column.label) for column in table.columns]


def table_csv(table: Table) -> bytes:
    """A plain grid, UTF-8 with a BOM because Excel on Windows reads Cyrillic wrongly without one. The note
    is left out so that the file stays a clean grid for other tools."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header(table))
    writer.writerows([_value(cell) for cell in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def sheet_name(title: object) -> str:
    """The title as Excel accepts a sheet name: no forbidden characters, at most 31 long, never empty."""
    # Excel also refuses a name that starts or ends with an apostrophe.
    name = SHEET_NAME_FORBIDDEN.sub("", str(title)).strip(" '")[:SHEET_NAME_MAX].strip(" '")
    return name or "Table"


def table_xlsx(table: Table) -> bytes:
    """One sheet with a bold, frozen header row and the note in italics two rows under the table."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name(table.title)
    workbook.properties.title = str(table.title)
    sheet.append(_header(table))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_value(cell) for cell in row])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.iter_cols(), start=1):
        width = max((len(str(cell.value)) for cell in column if cell.value is not None), default=0)
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, COLUMN_WIDTH_MAX)
    if table.note:
        note = sheet.cell(row=len(table.rows) + 3, column=1, value=_text(table.note))
        note.font = Font(italic=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download_response(table: Table, *, fmt: str, filename_stem: str) -> HttpResponse:
    """The table as a file to save, under an ASCII name (a Cyrillic stem slugifies to nothing: "table")."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown download format {fmt!r}; expected one of {FORMATS}.")
    content = table_csv(table) if fmt == "csv" else table_xlsx(table)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    filename = f"{slugify(filename_stem) or 'table'}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
