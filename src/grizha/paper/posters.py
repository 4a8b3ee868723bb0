"""Posters to hang in an office: its address and hours, then a card per service with the QR code of
the service's page (selectors.office_services says which services)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from uuid import UUID

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from fpdf.enums import Align

from grizha.paper import qr
from grizha.paper.leaflet import leaflets_document, municipality_line
from grizha.paper.pdf import Document
from grizha.paper.selectors import PosterService, office_services
from grizha.territory.models import Office

Progress = Callable[[int, int], None]
GAP = 6.0
QR_MM = 26.0


def _card_height(doc: Document, entry: PosterService, width: float) -> float:
    text_width = width - QR_MM - 3
    height = doc.text_height(entry.name, size=doc.scale.body, bold=True, width=text_width)
    if entry.phone:
        height += doc.text_height(entry.phone, size=doc.scale.body, width=text_width)
    return max(QR_MM, height) + 4


def _card(doc: Document, entry: PosterService, *, x: float, y: float, width: float, language: str) -> None:
    url = qr.service_url(entry.id, language)
    doc.qr(qr.png(url, scale=6), x=x, y=y, size=QR_MM, alt=_("QR code: %(url)s") % {"url": url})
    text_x = x + QR_MM + 3
    doc.set_xy(text_x, y + 2)
    doc.multi_cell(w=width - QR_MM - 3, h=doc.use(doc.scale.body, bold=True), text=entry.name, align=Align.L)
    if entry.phone:
        doc.set_x(text_x)
        doc.multi_cell(w=width - QR_MM - 3, h=doc.use(doc.scale.body), text=entry.phone, align=Align.L)


def _cards(doc: Document, office: Office, entries: list[PosterService], *, language: str) -> None:
    width = (doc.epw - GAP) / 2
    for start in range(0, len(entries), 2):
        row = entries[start : start + 2]
        height = max(_card_height(doc, e, width) for e in row)
        if height > doc.room():
            doc.add_page()
            doc.paragraph(_("%(office)s (continued)") % {"office": office.name}, size=doc.scale.small)
        top = doc.get_y()
        for column, entry in enumerate(row):
            _card(doc, entry, x=doc.l_margin + column * (width + GAP), y=top, width=width, language=language)
        doc.set_xy(doc.l_margin, top + height)


def _poster(doc: Document, office: Office, *, language: str) -> None:
    found = office_services(office)
    doc.add_page()
    doc.start_section(office.name)
    doc.paragraph(municipality_line(office.municipality.name), size=doc.scale.small)
    doc.heading(_("Social services"), level=1)
    doc.paragraph(office.name, size=doc.scale.h2, bold=True)
    town = f"{office.postal_code} {office.settlement.display_name}".strip()
    address = ", ".join(p for p in (office.address, town) if p)
    doc.label_value(_("Address"), address)
    doc.label_value(_("Opening hours"), office.opening_hours)
    doc.label_value(_("Phone"), office.phone)
    doc.label_value(_("E-mail"), office.email)
    doc.ln(2)
    doc.paragraph(_("Point your phone's camera at a code to read about a service: who it is for and how to get it."))
    doc.paragraph(_("Ask us at this office if you have no phone: we will print the leaflet for you."))
    if found.nearby:
        area = ", ".join(s.display_name for s in found.area)
        doc.heading(_("Services in %(area)s") % {"area": area})
        _cards(doc, office, found.nearby, language=language)
    if found.at_home:
        doc.heading(_("Services that come to your home"))
        _cards(doc, office, found.at_home, language=language)
    if not found.nearby and not found.at_home:
        doc.paragraph(_("Ask at this office which services you can use."))


def posters_pdf(offices: list[Office], *, municipality_name: str, progress: Progress | None = None) -> bytes:
    """One poster per office (as many pages as its services take), in the active language."""
    language = get_language() or "bg"
    title = offices[0].name if len(offices) == 1 else _("Posters of the offices")
    doc = Document(title=title, language=language, footer=municipality_line(municipality_name))
    doc.set_subject(_("Social services"))
    if progress:
        progress(0, len(offices))
    for done, office in enumerate(offices, start=1):
        _poster(doc, office, language=language)
        if progress:
            progress(done, len(offices))
    if not offices:
        doc.add_page()
        doc.paragraph(_("There are no offices yet."))
    return doc.to_bytes()


def campaign_pdf(service_ids: Iterable[UUID], offices: list[Office], *, title: str) -> bytes:
    """A campaign in one download: the leaflets of its services, then the posters of its offices."""
    doc = leaflets_document(service_ids, title=title)
    language = get_language() or "bg"
    for office in offices:
        _poster(doc, office, language=language)
    if doc.page == 0:
        doc.add_page()
        doc.heading(title, level=1)
        doc.paragraph(_("This campaign has no leaflets."))
    return doc.to_bytes()
