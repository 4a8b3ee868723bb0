"""The annual report written out as PDF and as ODT, read back the way a reader or a word processor would."""

from __future__ import annotations

import io
import logging
import re
import zipfile
from typing import Any

import pytest
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext, gettext_lazy, override
from odf.opendocument import load
from pypdf import PdfReader

from grizha.analytics import charts
from grizha.analytics.report import Figure, Heading, Paragraph, Report, ToWrite
from grizha.analytics.report_odt import report_odt
from grizha.analytics.report_pdf import report_pdf
from grizha.analytics.tables import SUPPRESSED, SUPPRESSED_TEXT, Column, Table
from grizha.paper.tests import readers

PARAGRAPH = "Анализ на потребностите"
PROMPT = "Опишете какво се промени през годината."
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xlink": "http://www.w3.org/1999/xlink",
}


def q(name: str) -> str:
    """'text:h' as ElementTree spells it."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def suppressed() -> str:
    with override("bg"):
        return str(SUPPRESSED_TEXT)


def to_be_written() -> str:
    with override("bg"):
        return gettext("To be written:")


def needs_table(rows: int = 3) -> Table:
    return Table(
        slug="needs",
        title="Потребности",
        columns=[Column("need", "Потребност", kind="text"), Column("count", "Брой"), Column("rate", "На 1000", "rate")],
        rows=[["Храна", 12, 3.5], ["Жилище", SUPPRESSED, None], ["Грижа у дома", 30, 7.5]][:rows]
        + [[f"Ред {i}", i, None] for i in range(rows - 3)],
        note="Групи под 5 души не се показват.",
    )


def make_report(*, rows: int = 3) -> Report:
    table = needs_table(rows)
    services = Table(slug="services", title="Услуги", columns=[Column("service", "Услуга", kind="text")])
    with override("bg"):
        chart = charts.bar_chart(table, value="count")
    return Report(
        title="Годишен доклад",
        subtitle="Община Сливен, 2025",
        language="bg",
        blocks=[
            Heading("Годишен доклад", level=1),
            Heading("Потребности на хората"),
            Paragraph(PARAGRAPH),
            ToWrite(PROMPT),
            Figure(table, chart),
            Heading("Услуги в общината"),
            Figure(services),
        ],
    )


def lazy_report() -> Report:
    table = Table(slug="lazy", title=gettext_lazy("Social services"), columns=[Column("name", gettext_lazy("Name"))])
    return Report(
        title=gettext_lazy("Social services"),  # type: ignore[arg-type]
        subtitle=gettext_lazy("Social services"),  # type: ignore[arg-type]
        language="en",
        blocks=[Heading(gettext_lazy("Social services"), 1), Figure(table)],  # type: ignore[arg-type]
    )


# --- PDF -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf() -> PdfReader:
    return PdfReader(io.BytesIO(report_pdf(make_report())))


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_has_the_paragraph_in_cyrillic(pdf: PdfReader) -> None:
    assert PARAGRAPH in pdf_text(pdf)


def test_pdf_table_writes_cells_as_the_figure_filter_does(pdf: PdfReader) -> None:
    lines = pdf_text(pdf).splitlines()
    assert "Храна 12 3,5" in lines
    assert f"Жилище {suppressed()} —" in lines


def test_pdf_shows_the_table_note(pdf: PdfReader) -> None:
    assert "Групи под 5 души не се показват." in pdf_text(pdf)


def test_pdf_shows_the_prompt_of_a_section_to_write(pdf: PdfReader) -> None:
    text = pdf_text(pdf)
    assert to_be_written() in text
    assert PROMPT in text


def test_pdf_outline_lists_the_parts(pdf: PdfReader) -> None:
    assert [item.title for item in pdf.outline] == ["Потребности на хората", "Услуги в общината"]  # type: ignore[union-attr]


def test_pdf_part_after_the_first_starts_a_new_page(pdf: PdfReader) -> None:
    assert pdf.pages[1].extract_text().startswith("Услуги в общината")


def test_pdf_metadata_has_the_title_and_language(pdf: PdfReader) -> None:
    assert pdf.metadata is not None and pdf.metadata.title == "Годишен доклад"
    assert pdf.trailer["/Root"]["/Lang"] == "bg"


def test_pdf_draws_the_chart_with_its_words(pdf: PdfReader) -> None:
    # Once in the chart, once in the table.
    assert pdf.pages[0].extract_text().count("Грижа у дома") == 2


def test_pdf_draws_a_chart_without_fpdf2_warnings(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        report_pdf(make_report())
    assert caplog.records == []


def test_pdf_chart_is_a_figure_with_its_description_as_alternative_text(pdf: PdfReader) -> None:
    [alt] = readers.figure_alternatives(pdf)
    assert "Потребности" in alt


def test_pdf_repeats_the_column_labels_on_every_page_of_a_long_table() -> None:
    reader = PdfReader(io.BytesIO(report_pdf(make_report(rows=80))))
    texts = [page.extract_text().splitlines() for page in reader.pages]
    pages = [lines for lines in texts if any(re.fullmatch(r"Ред \d+ \d+ —", line) for line in lines)]
    assert len(pages) > 1
    assert all("Потребност Брой На 1000" in lines for lines in pages)


def test_pdf_wide_table_wraps_between_words_not_inside_them() -> None:
    columns = [Column("name", "Name of the row", kind="text")]
    columns += [Column(f"c{i}", f"Column label number {i}") for i in range(9)]
    wide = Table(slug="wide", title="Wide", columns=columns, rows=[["Row", *range(12345, 12354)]])
    report = Report(title="Wide", subtitle="", language="en", blocks=[Figure(wide)])
    text = pdf_text(PdfReader(io.BytesIO(report_pdf(report))))
    assert text.split().count("number") == 9
    assert "12,353" in text.split()


def test_pdf_is_written_in_the_report_language_whatever_the_active_one() -> None:
    with override("en"):
        text = pdf_text(PdfReader(io.BytesIO(report_pdf(make_report()))))
    assert "Храна 12 3,5" in text.splitlines()


def test_pdf_takes_lazy_translations() -> None:
    reader = PdfReader(io.BytesIO(report_pdf(lazy_report())))
    assert reader.metadata is not None and reader.metadata.title == "Social services"


# --- ODT -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def odt() -> bytes:
    return report_odt(make_report())


def part(odt: bytes, name: str) -> Any:
    with zipfile.ZipFile(io.BytesIO(odt)) as archive:
        return fromstring(archive.read(name))


def test_odt_mimetype_is_the_first_entry_and_says_text(odt: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(odt)) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert archive.read(first) == b"application/vnd.oasis.opendocument.text"


def test_odt_headings_have_their_outline_levels(odt: bytes) -> None:
    headings = [
        (h.get(q("text:outline-level")), "".join(h.itertext())) for h in part(odt, "content.xml").iter(q("text:h"))
    ]
    assert headings == [
        ("1", "Годишен доклад"),
        ("2", "Потребности на хората"),
        ("3", "Потребности"),
        ("2", "Услуги в общината"),
        ("3", "Услуги"),
    ]


def test_odt_heading_styles_are_the_outline_ones(odt: bytes) -> None:
    styles = {s.get(q("style:name")): s for s in part(odt, "styles.xml").iter(q("style:style"))}
    levels = [styles[f"Heading_20_{n}"].get(q("style:default-outline-level")) for n in (1, 2, 3)]
    assert levels == ["1", "2", "3"]


def test_odt_has_the_paragraph_in_cyrillic(odt: bytes) -> None:
    paragraphs = ["".join(p.itertext()) for p in part(odt, "content.xml").iter(q("text:p"))]
    assert PARAGRAPH in paragraphs


def test_odt_table_has_one_header_row_then_a_row_per_table_row(odt: bytes) -> None:
    table = part(odt, "content.xml").find(f".//{q('table:table')}")
    [header] = table.findall(f"{q('table:table-header-rows')}/{q('table:table-row')}")
    rows = [["".join(cell.itertext()) for cell in row] for row in table.findall(q("table:table-row"))]
    assert ["".join(cell.itertext()) for cell in header] == ["Потребност", "Брой", "На 1000"]
    assert rows == [["Храна", "12", "3,5"], ["Жилище", suppressed(), "—"], ["Грижа у дома", "30", "7,5"]]


def test_odt_to_write_is_a_framed_paragraph_with_its_prompt(odt: bytes) -> None:
    [box] = [p for p in part(odt, "content.xml").iter(q("text:p")) if p.get(q("text:style-name")) == "To_20_write"]
    assert "".join(box.itertext()) == to_be_written() + PROMPT
    [framed] = [s for s in part(odt, "styles.xml").iter(q("style:style")) if s.get(q("style:name")) == "To_20_write"]
    assert framed.find(q("style:paragraph-properties")).get(q("fo:border")).endswith("solid #000000")


def test_odt_chart_is_an_svg_picture_drawn_16_cm_wide(odt: bytes) -> None:
    [frame] = part(odt, "content.xml").iter(q("draw:frame"))
    href = frame.find(q("draw:image")).get(q("xlink:href"))
    assert href.startswith("Pictures/") and href.endswith(".svg")
    picture = part(odt, href)
    assert picture.tag == "{http://www.w3.org/2000/svg}svg"
    _x, _y, width, height = (float(n) for n in picture.get("viewBox").split())
    assert frame.get(q("svg:width")) == "16.00cm"
    assert frame.get(q("svg:height")) == f"{16 * height / width:.2f}cm"


def test_odt_language_is_in_the_meta_and_the_default_style(odt: bytes) -> None:
    assert part(odt, "meta.xml").find(f".//{q('dc:language')}").text == "bg-BG"
    default = part(odt, "styles.xml").find(f".//{q('style:default-style')}/{q('style:text-properties')}")
    assert (default.get(q("fo:language")), default.get(q("fo:country"))) == ("bg", "BG")


def test_odt_title_is_in_the_meta(odt: bytes) -> None:
    assert part(odt, "meta.xml").find(f".//{q('dc:title')}").text == "Годишен доклад"


def test_odt_opens_with_odfpy(odt: bytes) -> None:
    document = load(io.BytesIO(odt))
    assert document.mimetype == "application/vnd.oasis.opendocument.text"


def test_odt_takes_lazy_translations() -> None:
    assert part(report_odt(lazy_report()), "meta.xml").find(f".//{q('dc:title')}").text == "Social services"
