"""A training's certificate: the A4
page to print, with a QR code of the page that shows it is genuine. Scores are not printed: they are an
assessment for the trainers, not an achievement."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from fpdf.enums import Align, XPos, YPos

from grizha.paper import qr
from grizha.paper.leaflet import municipality_line
from grizha.paper.pdf import Document
from grizha.training.models import Participant, Training


def day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def dates_text(training: Training) -> str:
    if training.ends_on == training.starts_on:
        return day(training.starts_on)
    return f"{day(training.starts_on)}–{day(training.ends_on)}"


def hours_text(hours: Decimal) -> str:
    """16 rather than 16.0; 12,5 in Bulgarian, 12.5 in English."""
    whole = hours == hours.to_integral_value()
    return number_format(hours, decimal_pos=0 if whole else 1)


class _Page(Document):
    def footer(self) -> None:
        """A certificate is one page: no page numbers."""


def _centred(doc: Document, text: str, *, size: float, bold: bool = False, after: float = 0.0) -> None:
    doc.set_x(doc.l_margin)
    doc.multi_cell(w=doc.epw, h=doc.use(size, bold=bold), text=text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.ln(after)


def _check_block(doc: Document, participant: Participant, url: str) -> None:
    """At the foot of the page: the QR code of the check page with its address under it, and beside it
    the number and the day of issue."""
    scale = doc.scale
    size = scale.qr_mm
    url_line = doc.use(scale.small)
    height = size + 1 + url_line
    top = max(doc.get_y() + 6, doc.bottom - height)
    if top + height > doc.bottom:
        doc.add_page()
        top = doc.get_y()
    alt = _("QR code: check this certificate at %(url)s") % {"url": url}
    doc.qr(qr.png(url), x=doc.l_margin, y=top, size=size, alt=alt)
    doc.set_xy(doc.l_margin, top + size + 1)
    doc.use(scale.small)
    doc.cell(w=doc.epw, h=url_line, text=url, align=Align.L)

    gap = 6.0
    left = doc.l_margin + size + gap
    width = doc.epw - size - gap
    issued = timezone.localtime(participant.certified_at).date() if participant.certified_at else None
    doc.set_xy(left, top + 2)
    number = _("Certificate number: %(number)s") % {"number": participant.certificate}
    doc.multi_cell(w=width, h=doc.use(scale.h3, bold=True), text=number, align=Align.L, new_x=XPos.LEFT)
    if issued:
        doc.multi_cell(
            w=width,
            h=doc.use(scale.body),
            text=_("Issued on %(date)s") % {"date": day(issued)},
            align=Align.L,
            new_x=XPos.LEFT,
        )
    doc.set_xy(left, doc.get_y() + 2)
    doc.multi_cell(
        w=width,
        h=doc.use(scale.small),
        text=_("To check that this certificate is genuine, scan the code or open the address under it."),
        align=Align.L,
        new_x=XPos.LEFT,
    )


def certificate_pdf(participant: Participant, *, language: str) -> bytes:
    """The certificate on one A4 page in `language`."""
    if not participant.certificate:
        raise ValueError("the participant has no certificate number yet")
    training = participant.training
    with translation.override(language):
        url = qr.page_url("training:certificate", participant.certificate, language=language)
        title = _("Certificate %(number)s: %(name)s") % {"number": participant.certificate, "name": participant.name}
        doc = _Page(title=title, language=language)
        doc.set_subject(_("Certificate of a training"))
        doc.add_page()
        scale = doc.scale

        _centred(doc, municipality_line(training.municipality.name), size=scale.h3, bold=True, after=16)
        _centred(doc, _("Certificate"), size=scale.h1 * 1.4, bold=True, after=10)
        _centred(doc, _("This certifies that"), size=scale.body, after=3)
        _centred(doc, participant.name, size=scale.h1, bold=True, after=1)
        if participant.organisation:
            _centred(doc, participant.organisation, size=scale.body)
        doc.ln(6)
        _centred(doc, _("took part in the training"), size=scale.body, after=3)
        _centred(doc, training.title, size=scale.h2, bold=True, after=12)

        doc.label_value(_("Dates"), dates_text(training))
        doc.label_value(_("Hours"), hours_text(training.hours))
        doc.label_value(_("Trainer"), training.trainer)
        doc.label_value(_("Format"), str(training.get_format_display()))
        competences = [competence.name for competence in training.competences.all()]
        if competences:
            doc.ln(3)
            doc.paragraph(_("Competences it built:"), bold=True, after=0.5)
            doc.bullets(competences)

        _check_block(doc, participant, url)
        return doc.to_bytes()
