"""The A4 page every printed document builds on: the bundled DejaVu Sans (Cyrillic, no system font), a
type scale for normal and large print, title and language in the PDF, and a few blocks (headings that
keep with what follows, paragraphs, lists, label and value, the QR code).

fpdf2 tags what it can: the document carries /Lang, /Title (shown as the window title), /MarkInfo and a
structure tree in which each QR code is a Figure with its alternative text; the outline (bookmarks)
follows the headings of services. fpdf2 2.8 does not tag paragraphs and headings (/P, /H1), so the PDF
is not PDF/UA: the web page is the accessible version, and every PDF links to it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF, ViewerPreferences
from fpdf.enums import Align, XPos, YPos

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVuSans"
PT = 25.4 / 72  # millimetres in a point


@dataclass(frozen=True)
class TypeScale:
    """Sizes in points; `small` is the smallest text on the page."""

    body: float
    small: float
    h1: float
    h2: float
    h3: float
    qr_mm: float
    leading: float = 1.4


NORMAL = TypeScale(body=11, small=9, h1=20, h2=14, h3=12, qr_mm=34)
# Large print: nothing under 16 pt, as the guidance for clear print asks.
LARGE = TypeScale(body=17, small=16, h1=28, h2=22, h3=19, qr_mm=44)


class Document(FPDF):
    """An A4 portrait document in one language, with page numbers in the footer."""

    def __init__(self, *, title: str, language: str, large: bool = False, footer: str = "") -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.scale = LARGE if large else NORMAL
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_title(title)
        self.set_lang(language)
        self.set_creator("grizha")
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)
        self.footer_text = footer
        self.c_margin = 0
        self.set_margins(left=18, top=15, right=18)
        self.set_auto_page_break(True, margin=12 + 2.5 * self.scale.small * PT)
        self.alias_nb_pages()
        self.set_text_color(0)
        self.set_draw_color(0)

    # Fonts and measures -------------------------------------------------------------------------

    def use(self, size: float, *, bold: bool = False) -> float:
        """Set the font; return the height of one line of it in millimetres."""
        self.set_font(FAMILY, "B" if bold else "", size)
        return size * PT * self.scale.leading

    @property
    def bottom(self) -> float:
        return float(self.page_break_trigger)

    def room(self) -> float:
        return self.bottom - self.get_y()

    def keep(self, height: float) -> None:
        """Start a new page unless `height` millimetres fit on this one."""
        if height > self.room():
            self.add_page()

    def text_height(self, text: str, *, size: float, bold: bool = False, width: float | None = None) -> float:
        line = self.use(size, bold=bold)
        lines = self.multi_cell(
            w=width or self.epw, h=line, text=text, dry_run=True, output="LINES", align=Align.L, new_x=XPos.LMARGIN
        )
        return line * len(lines)  # type: ignore[arg-type]

    def missing_glyphs(self) -> list[str]:
        return sorted({chr(code) for font in self.fonts.values() for code in getattr(font, "missing_glyphs", [])})

    @contextmanager
    def indented(self, by: float) -> Iterator[None]:
        before = self.l_margin
        self.set_left_margin(before + by)
        self.set_x(self.l_margin)
        try:
            yield
        finally:
            self.set_left_margin(before)
            self.set_x(before)

    # Blocks -------------------------------------------------------------------------------------

    def heading(self, text: str, level: int = 2, *, width: float | None = None) -> None:
        size = {1: self.scale.h1, 2: self.scale.h2}.get(level, self.scale.h3)
        space_before = {1: 0.0, 2: 5.0}.get(level, 3.0)
        # A heading never ends a page: keep it with two lines of what follows.
        needed = space_before + self.text_height(text, size=size, bold=True, width=width)
        self.keep(needed + 2 * self.scale.body * PT * self.scale.leading)
        if self.get_y() > self.t_margin + 1:
            self.ln(space_before)
        line = self.use(size, bold=True)
        self.set_x(self.l_margin)
        self.multi_cell(w=width or self.epw, h=line, text=text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def paragraph(self, text: str, *, size: float | None = None, bold: bool = False, after: float = 2.0) -> None:
        # Spaces and line ends of stored text as the web page shows them: runs of spaces as one.
        text = "\n".join(" ".join(line.split()) for line in text.strip().splitlines())
        if not text:
            return
        line = self.use(size or self.scale.body, bold=bold)
        self.set_x(self.l_margin)
        self.multi_cell(w=0, h=line, text=text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(after)

    def bullets(self, items: Iterable[str], *, marker: str = "•") -> None:
        line = self.use(self.scale.body)
        hang = self.get_string_width("• ") + 1
        for item in items:
            if not item:
                continue
            self.keep(line)
            self.set_x(self.l_margin)
            self.cell(w=hang, h=line, text=marker)
            self.multi_cell(w=self.epw - hang, h=line, text=" ".join(item.split()), align=Align.L, new_x=XPos.LMARGIN)
        self.ln(2)

    def label_value(self, label: str, value: str) -> None:
        """'Label: value' on one flowing line, the label in bold."""
        if not value:
            return
        line = self.use(self.scale.body, bold=True)
        self.keep(line)
        self.set_x(self.l_margin)
        self.write(line, label.rstrip(":") + ": ")
        self.use(self.scale.body)
        self.write(line, " ".join(value.split()))
        self.ln(line)

    def qr(self, png: bytes, *, x: float, y: float, size: float, alt: str) -> None:
        # An image with alternative text becomes a Figure in the PDF's structure tree.
        self.image(io.BytesIO(png), x=x, y=y, w=size, h=size, alt_text=alt)

    def footer(self) -> None:
        line = self.use(self.scale.small)
        self.set_y(-(8 + line))
        width = self.epw
        page = _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": self.str_alias_nb_pages}
        page_width = self.get_string_width(page) + 2
        if self.footer_text:
            self.cell(w=width - page_width, h=line, text=self.footer_text[:90], align=Align.L)
        else:
            self.set_x(self.l_margin + width - page_width)
        self.cell(w=page_width, h=line, text=page, align=Align.R)

    def to_bytes(self) -> bytes:
        return bytes(self.output())
