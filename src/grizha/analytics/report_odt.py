"""The annual report as an OpenDocument Text file for people to finish in a word processor: headings the
navigator lists, framed sections to write, each figure as its chart (SVG) and its table as text."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import override
from odf import dc, draw, style, svg, table, text
from odf.element import Element
from odf.opendocument import OpenDocumentText

from grizha.analytics.report import Figure, Heading, Paragraph, Report, ToWrite
from grizha.analytics.report_pdf import chart_view
from grizha.analytics.tables import Table
from grizha.analytics.templatetags.analytics import figure as cell_text

LOCALES = {"bg": ("bg", "BG"), "en": ("en", "GB")}
CHART_WIDTH_CM, CHART_HEIGHT_CM = 16.0, 22.0  # within the 17 by 25.7 cm of text on an A4 page
HEADING_SIZES = {1: "20pt", 2: "14pt", 3: "12pt"}  # as in paper/pdf.py's NORMAL type scale
TEXT_PROPERTIES = {"fontsize", "fontweight", "color"}  # the rest of a named style's are its paragraph's


class _Styles:
    """The document's named styles (shown in the word processor's list) and the few automatic ones."""

    def __init__(self, doc: OpenDocumentText, lang: str, country: str) -> None:
        defaults = style.DefaultStyle(family="paragraph")
        defaults.addElement(style.TextProperties(language=lang, country=country, fontsize="11pt"))
        defaults.addElement(style.ParagraphProperties(marginbottom="0.2cm", lineheight="140%"))
        doc.styles.addElement(defaults)
        self.body = self._named(doc, "Text_20_body", "Text body")
        self.subtitle = self._named(doc, "Subtitle", "Subtitle", fontsize="14pt")
        self.headings = {
            level: self._named(
                doc, f"Heading_20_{level}", f"Heading {level}", level=level, fontsize=size, fontweight="bold"
            )
            for level, size in HEADING_SIZES.items()
        }
        self.note = self._named(doc, "Table_20_note", "Table note", fontsize="9pt")
        self.cell = self._named(doc, "Table_20_Contents", "Table Contents", marginbottom="0cm")
        self.number = self._named(doc, "Table_20_number", "Table number", marginbottom="0cm", textalign="end")
        self.header = self._named(doc, "Table_20_Heading", "Table Heading", marginbottom="0cm", fontweight="bold")
        self.number_header = style.Style(name="Number_20_heading", family="paragraph", parentstylename=self.header)
        self.number_header.addElement(style.ParagraphProperties(textalign="end"))
        self.to_write = self._named(
            doc,
            "To_20_write",
            "To write",
            fontsize="9pt",
            color="#595959",
            border="0.5pt solid #000000",
            padding="0.3cm",
            paddingbottom="3cm",  # the box is about 4 cm high: room to see something belongs there
        )
        self.bold = style.Style(name="Strong", family="text")
        self.bold.addElement(style.TextProperties(fontweight="bold", color="#000000"))
        doc.automaticstyles.addElement(self.bold)
        # A part after the first starts on a new page, as in the PDF.
        self.part = style.Style(name="Part", family="paragraph", parentstylename=self.headings[2])
        self.part.addElement(style.ParagraphProperties(breakbefore="page"))
        self.chart = style.Style(name="Chart", family="graphic")
        self.chart.addElement(style.GraphicProperties(anchortype="as-char", wrap="none"))
        self.table = style.Style(name="Figures", family="table")
        self.table.addElement(style.TableProperties(width="17cm", align="margins"))
        self.cell_frame = style.Style(name="Cell", family="table-cell")
        self.cell_frame.addElement(style.TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
        self.columns = []
        for name, relative in (("Names", "2*"), ("Figures", "1*")):
            column = style.Style(name=f"{name}_20_column", family="table-column")
            column.addElement(style.TableColumnProperties(relcolumnwidth=relative))
            self.columns.append(column)
        for automatic in (self.part, self.number_header, self.chart, self.table, self.cell_frame, *self.columns):
            doc.automaticstyles.addElement(automatic)

    @staticmethod
    def _named(doc: OpenDocumentText, name: str, display: str, *, level: int = 0, **properties: str) -> Element:
        paragraph = {key: properties.pop(key) for key in list(properties) if key not in TEXT_PROPERTIES}
        outline = {"defaultoutlinelevel": str(level)} if level else {}
        named = style.Style(name=name, displayname=display, family="paragraph", **outline)
        if paragraph:
            named.addElement(style.ParagraphProperties(**paragraph))
        if properties:
            named.addElement(style.TextProperties(**properties))
        doc.styles.addElement(named)
        return named


def report_odt(report: Report) -> bytes:
    """The report in its own language, whatever the language of the request that asks for it."""
    with override(report.language):
        doc = OpenDocumentText()
        lang, country = LOCALES.get(report.language, (report.language, ""))
        styles = _Styles(doc, lang, country)
        _page(doc, styles, str(report.subtitle))
        doc.meta.addElement(dc.Title(text=str(report.title)))
        doc.meta.addElement(dc.Language(text=f"{lang}-{country}" if country else lang))
        parts = 0
        for number, block in enumerate(report.blocks):
            match block:
                case Heading(text=heading, level=level):
                    if level == 2:
                        parts += 1
                    level_style = styles.part if level == 2 and parts > 1 else styles.headings[min(level, 3)]
                    doc.text.addElement(text.H(outlinelevel=min(level, 3), stylename=level_style, text=str(heading)))
                    if level == 1:
                        doc.text.addElement(text.P(stylename=styles.subtitle, text=str(report.subtitle)))
                case Paragraph(text=paragraph):
                    doc.text.addElement(text.P(stylename=styles.body, text=str(paragraph)))
                case ToWrite(prompt=prompt):
                    box = text.P(stylename=styles.to_write)
                    box.addElement(text.Span(stylename=styles.bold, text=_("To be written:")))
                    box.addElement(text.LineBreak())
                    box.addText(str(prompt))
                    doc.text.addElement(box)
                case Figure():
                    _figure(doc, styles, block, number=number)
        out = io.BytesIO()
        doc.write(out)
        return out.getvalue()


def _page(doc: OpenDocumentText, styles: _Styles, footer: str) -> None:
    """A4 whatever the word processor's own default, with the subtitle in the footer as in the PDF."""
    layout = style.PageLayout(name="A4")
    layout.addElement(
        style.PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm", printorientation="portrait", margin="2cm")
    )
    doc.automaticstyles.addElement(layout)
    page = style.MasterPage(name="Standard", pagelayoutname=layout)
    bottom = style.Footer()
    bottom.addElement(text.P(stylename=styles.note, text=footer))
    page.addElement(bottom)
    doc.masterstyles.addElement(page)


def _figure(doc: OpenDocumentText, styles: _Styles, figure: Figure, *, number: int) -> None:
    data = figure.table
    doc.text.addElement(text.H(outlinelevel=3, stylename=styles.headings[3], text=str(data.title)))
    if figure.chart:
        view = chart_view(figure.chart)
        href = doc.addPicture(f"Pictures/{number}-{data.slug}.svg", "image/svg+xml", str(figure.chart).encode())
        width, height = view.fit(CHART_WIDTH_CM, CHART_HEIGHT_CM)
        frame = draw.Frame(
            stylename=styles.chart,
            name=f"chart-{number}-{data.slug}",
            anchortype="as-char",
            width=f"{width:.2f}cm",
            height=f"{height:.2f}cm",
        )
        frame.addElement(draw.Image(href=href, type="simple", show="embed", actuate="onLoad"))
        frame.addElement(svg.Title(text=str(data.title)))
        frame.addElement(svg.Desc(text=view.description))
        holder = text.P(stylename=styles.body)
        holder.addElement(frame)
        doc.text.addElement(holder)
    doc.text.addElement(_table(styles, data, number=number))
    if data.note:
        doc.text.addElement(text.P(stylename=styles.note, text=str(data.note)))


def _table(styles: _Styles, data: Table, *, number: int) -> Element:
    """The figures as text, the name column twice as wide, the label row repeated on every page."""
    grid = table.Table(name=f"{data.slug}-{number}", stylename=styles.table)
    for i in range(len(data.columns)):
        grid.addElement(table.TableColumn(stylename=styles.columns[0 if i == 0 else 1]))
    header_rows, labels = table.TableHeaderRows(), table.TableRow()
    for column in data.columns:
        labels.addElement(
            _cell(styles, str(column.label), styles.header if column.kind == "text" else styles.number_header)
        )
    header_rows.addElement(labels)
    grid.addElement(header_rows)
    for cells in data.rows:
        row = table.TableRow()
        for column, cell in zip(data.columns, cells, strict=True):
            row.addElement(_cell(styles, cell_text(cell), styles.cell if column.kind == "text" else styles.number))
        grid.addElement(row)
    return grid


def _cell(styles: _Styles, content: str, paragraph_style: Element) -> Element:
    cell = table.TableCell(stylename=styles.cell_frame, valuetype="string")
    cell.addElement(text.P(stylename=paragraph_style, text=content))
    return cell
