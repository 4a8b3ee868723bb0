"""The annual report as an A4 PDF on the project's Document: each part on a new page and in the bookmarks,
each figure as its chart (drawn as vectors, its words searchable) followed by its table."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import override
from fpdf.enums import Align, TableHeadingsDisplay, XPos, YPos

from grizha.analytics.report import Figure, Heading, Paragraph, Report, ToWrite
from grizha.analytics.tables import Table
from grizha.analytics.templatetags.analytics import figure as cell_text
from grizha.paper.pdf import FONTS, Document

SVG = "{http://www.w3.org/2000/svg}"
TO_WRITE_HEIGHT = 40.0  # mm: room enough to see that something belongs there
PROMPT_GREY = 0x59  # #595959 on white: 7:1, since DejaVu has no italic to set the prompt apart
PADDING = 4.0
CELL_PADDING = 1.5  # mm on either side of a cell's text


@dataclass(frozen=True)
class ChartView:
    """What a renderer needs to know of a chart besides drawing it: its size and its description."""

    width: float
    height: float
    description: str

    def fit(self, width: float, height: float) -> tuple[float, float]:
        """The chart's size as wide as `width`, or smaller when it would be taller than `height`."""
        scale = min(width / self.width, height / self.height)
        return self.width * scale, self.height * scale


def chart_view(chart: str) -> ChartView:
    """The size of a chart from its viewBox, and its <desc> (the words a screen reader says for it)."""
    root = ET.fromstring(str(chart))  # noqa: S314 (our own chart, everything in it escaped when drawn)
    _x, _y, width, height = (float(n) for n in root.attrib["viewBox"].split())
    desc = root.find(f"{SVG}desc")
    return ChartView(width, height, "".join(desc.itertext()) if desc is not None else "")


def report_pdf(report: Report) -> bytes:
    """The report in its own language, whatever the language of the request that asks for it."""
    with override(report.language):
        doc = Document(title=str(report.title), language=report.language, footer=str(report.subtitle))
        # The charts ask for "system-ui, sans-serif": fpdf2 takes a font registered under one of those names
        # before its Helvetica, which has no Cyrillic.
        for style, font in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
            doc.add_font("sans-serif", style, str(FONTS / font))
        doc.add_page()
        parts = 0
        for block in report.blocks:
            match block:
                case Heading(text=text, level=1):
                    doc.heading(str(text), level=1)
                    doc.paragraph(str(report.subtitle), size=doc.scale.h3)
                case Heading(text=text, level=2):
                    if parts:
                        doc.add_page()
                    parts += 1
                    doc.start_section(str(text), level=0)
                    doc.heading(str(text), level=2)
                case Heading(text=text, level=level):
                    doc.heading(str(text), level=level)
                case Paragraph(text=text):
                    doc.paragraph(str(text))
                case ToWrite(prompt=prompt):
                    _to_write(doc, str(prompt))
                case Figure():
                    _figure(doc, block)
        return doc.to_bytes()


def _to_write(doc: Document, prompt: str) -> None:
    """A bordered empty box with its label and prompt at the top, left for people to write in."""
    width = doc.epw - 2 * PADDING
    label, size = _("To be written:"), doc.scale.small
    text_height = doc.text_height(label, size=size, bold=True, width=width)
    text_height += doc.text_height(prompt, size=size, width=width)
    height = max(TO_WRITE_HEIGHT, text_height + 2 * PADDING)
    doc.keep(height + 2)
    top = doc.get_y()
    doc.rect(doc.l_margin, top, doc.epw, height)
    doc.set_y(top + PADDING)
    for text, bold, grey in ((label, True, 0), (prompt, False, PROMPT_GREY)):
        line = doc.use(size, bold=bold)
        doc.set_text_color(grey)
        doc.set_x(doc.l_margin + PADDING)
        doc.multi_cell(w=width, h=line, text=text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_text_color(0)
    doc.set_y(top + height + 4)


def _figure(doc: Document, figure: Figure) -> None:
    table = figure.table
    if figure.chart:
        view = chart_view(figure.chart)
        title_height = doc.text_height(str(table.title), size=doc.scale.h3, bold=True) + 5
        width, height = view.fit(doc.epw, doc.bottom - doc.t_margin - title_height)
        doc.keep(title_height + height)  # the table's title stays on the page of its chart
        doc.heading(str(table.title), level=3)
        # The description becomes the picture's alternative text, in the PDF's structure tree.
        doc.image(io.BytesIO(_drawing(figure.chart)), w=width, h=height, alt_text=view.description)
        doc.ln(3)
    else:
        doc.heading(str(table.title), level=3)
    _table(doc, table)
    if table.note:
        doc.paragraph(str(table.note), size=doc.scale.small)


def _drawing(chart: str) -> bytes:
    """The chart for fpdf2, which draws its shapes and its <text> but not its <title> and <desc> (tooltips
    and the words for screen readers): without them, rather than a logged warning for each."""
    root = ET.fromstring(str(chart))  # noqa: S314 (our own chart, everything in it escaped when drawn)
    for parent in list(root.iter()):
        for child in [child for child in parent if child.tag in {f"{SVG}title", f"{SVG}desc"}]:
            parent.remove(child)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _table(doc: Document, table: Table) -> None:
    """The table across the page, its labels in bold on top of every page, numbers to the right."""
    widths = _widths(doc, table)
    line = doc.use(doc.scale.small)
    with doc.table(
        width=doc.epw,
        col_widths=widths,
        text_align=tuple("LEFT" if column.kind == "text" else "RIGHT" for column in table.columns),
        line_height=line,
        padding=(1, CELL_PADDING),
        repeat_headings=TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE,
        v_align="TOP",
    ) as rows:
        header = rows.row()
        for column in table.columns:
            header.cell(str(column.label))
        for cells in table.rows:
            row = rows.row()
            for cell in cells:
                row.cell(cell_text(cell))
    doc.ln(2)


def _widths(doc: Document, table: Table) -> tuple[float, ...]:
    """Column widths such that as many columns as can keep their text on one line do, the others wrap
    between words (a word is broken only when the page is too narrow for the table), and the room left
    over goes to the columns, twice as much to the first."""
    least, most = [], []
    for index, column in enumerate(table.columns):
        texts = [(str(column.label), True), *((cell_text(row[index]), False) for row in table.rows)]
        least.append(max(_width(doc, word, bold) for text, bold in texts for word in text.split() or [""]))
        most.append(max(_width(doc, text, bold) for text, bold in texts))
    if sum(least) >= doc.epw:
        return tuple(width * doc.epw / sum(least) for width in least)
    low, high = 0.0, max(most)  # the widest a column may be, found by halving
    for _step in range(30):
        cap = (low + high) / 2
        fits = sum(max(short, min(long, cap)) for short, long in zip(least, most, strict=True)) <= doc.epw
        low, high = (cap, high) if fits else (low, cap)
    widths = [max(short, min(long, low)) for short, long in zip(least, most, strict=True)]
    spare, shares = doc.epw - sum(widths), len(widths) + 1
    return tuple(width + spare * (2 if i == 0 else 1) / shares for i, width in enumerate(widths))


def _width(doc: Document, text: str, bold: bool) -> float:
    doc.use(doc.scale.small, bold=bold)
    return doc.get_string_width(text) + 2 * CELL_PADDING + 0.5  # a little over, against rounding
