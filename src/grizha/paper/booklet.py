"""Booklets: every active service of one or more municipalities, optionally narrowed by settlement,
target group and need, each service on pages of its own after a cover and a table of contents."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import Align, XPos
from fpdf.outline import OutlineSection

from grizha.catalog import reference
from grizha.catalog.models import Service, TaxonomyTerm
from grizha.catalog.selectors import service_page
from grizha.paper import qr
from grizha.paper.forms import BookletRequest
from grizha.paper.leaflet import municipality_line, write_service
from grizha.paper.pdf import Document
from grizha.paper.selectors import booklet_service_ids, municipalities
from grizha.territory.models import Settlement

Progress = Callable[[int, int], None]


def describe_filters(request: BookletRequest) -> list[str]:
    """The filters of a booklet in words, for its cover."""
    lines = []
    filters = request.filters
    if filters.settlement:
        settlement = Settlement.objects.filter(ekatte=filters.settlement).first()
        name = settlement.display_name if settlement else filters.settlement
        lines.append(_("Settlement: %(name)s") % {"name": name})
    wording = (
        (filters.target_group, reference.TARGET_GROUP, _("For: %(names)s")),
        (filters.need, reference.NEED, _("Helps with: %(names)s")),
    )
    for codes, taxonomy, label in wording:
        if codes:
            terms = TaxonomyTerm.objects.filter(taxonomy__code=taxonomy, code__in=codes).order_by("position")
            lines.append(label % {"names": ", ".join(t.name for t in terms)})
    return lines


class _Contents:
    """The table of contents: one line (or more) per entry, its page number at the right."""

    def __init__(self, doc: Document, *, grouped: bool) -> None:
        self.doc = doc
        self.grouped = grouped  # entries of level 0 are municipalities, in bold
        self.number_width = doc.get_string_width("0000") + 4

    def entry_height(self, name: str, level: int) -> float:
        doc = self.doc
        bold = self.grouped and level == 0
        return doc.text_height(name, size=doc.scale.body, bold=bold, width=self._width(level)) + 1.5

    def _width(self, level: int) -> float:
        return self.doc.epw - self.number_width - level * 6

    def pages_needed(self, entries: list[tuple[str, int]]) -> int:
        """Pages the contents take, found by laying the entries out as render() will."""
        doc = self.doc
        usable = doc.bottom - doc.t_margin
        pages, y = 1, doc.text_height(_("Contents"), size=doc.scale.h1, bold=True) + 4
        for name, level in entries:
            height = self.entry_height(name, level)
            if y + height > usable:
                pages, y = pages + 1, 0.0
            y += height
        return pages

    def render(self, pdf: FPDF, outline: list[OutlineSection]) -> None:
        doc = self.doc
        doc.heading(_("Contents"), level=1)
        for section in outline:
            level = section.level
            height = self.entry_height(section.name, level)
            doc.keep(height)
            top = doc.get_y()
            link = doc.add_link(page=section.page_number)
            line = doc.use(doc.scale.body, bold=self.grouped and level == 0)
            doc.set_x(doc.l_margin + level * 6)
            doc.multi_cell(
                w=self._width(level), h=line, text=section.name, align=Align.L, link=link, new_x=XPos.LMARGIN
            )
            bottom = doc.get_y()
            doc.set_xy(doc.w - doc.r_margin - self.number_width, bottom - line)
            doc.cell(w=self.number_width, h=line, text=str(section.page_number), align=Align.R, link=link)
            doc.set_xy(doc.l_margin, max(bottom, top + line) + 1.5)


def booklet_pdf(request: BookletRequest, *, progress: Progress | None = None) -> bytes:
    """The booklet in the active language. `progress(done, total)` is told after each service."""
    return booklet_document(request, progress=progress).to_bytes()


def booklet_document(request: BookletRequest, *, progress: Progress | None = None) -> Document:
    language = get_language() or "bg"
    places = municipalities(request.municipality_codes)
    groups = [(m, booklet_service_ids(municipality_code=m.code, filters=request.filters)) for m in places]
    total = sum(len(ids) for _m, ids in groups)
    if progress:
        progress(0, total)
    several = len(places) > 1
    names = ", ".join(m.name for m in places)
    title = _("Social services: %(places)s") % {"places": municipality_line(names) if not several else names}
    doc = Document(title=title, language=language, large=request.large, footer=title)
    doc.set_subject(_("Social services"))

    doc.add_page()
    doc.ln(20)
    doc.heading(_("Social services"), level=1)
    doc.paragraph(municipality_line(names) if not several else names, size=doc.scale.h2, bold=True)
    for line in describe_filters(request):
        doc.paragraph(line)
    doc.paragraph(_("%(count)s services, each on pages of its own.") % {"count": total})
    doc.paragraph(_("Made on %(date)s.") % {"date": date_format(timezone.localdate(), "j F Y")})
    list_url = qr.page_url("service-list", language=language)
    size = doc.scale.qr_mm
    doc.ln(6)
    doc.qr(qr.png(list_url), x=doc.l_margin, y=doc.get_y(), size=size, alt=_("QR code: %(url)s") % {"url": list_url})
    doc.set_y(doc.get_y() + size + 2)
    doc.paragraph(_("The latest information, and every service's page: %(url)s") % {"url": list_url})

    names_by_id = dict(Service.objects.filter(id__in=[i for _m, ids in groups for i in ids]).values_list("id", "name"))
    entries: list[tuple[str, int]] = []
    for municipality, ids in groups:
        if several:
            entries.append((municipality_line(municipality.name), 0))
        entries += [(names_by_id[i], 1 if several else 0) for i in ids]
    contents = _Contents(doc, grouped=several)
    doc.add_page()
    doc.insert_toc_placeholder(contents.render, pages=contents.pages_needed(entries), reset_page_indices=False)

    done, fresh = 0, True  # fresh: on an empty page, where the next part begins
    for municipality, ids in groups:
        if several:
            if not fresh:
                doc.add_page()
            doc.start_section(municipality_line(municipality.name), level=0)
            doc.heading(municipality_line(municipality.name), level=1)
            if not ids:
                doc.paragraph(_("No active service matches these filters."))
            fresh = True
        for service_id in ids:
            page = service_page(service_id)
            if page is not None:
                if not fresh:
                    doc.add_page()
                doc.start_section(page.service.name, level=1 if several else 0)
                write_service(doc, page, language=language)
                fresh = False
            done += 1
            if progress:
                progress(done, total)
    if total == 0:
        doc.paragraph(_("No active service matches these filters."))
    return doc
