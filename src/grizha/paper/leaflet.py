"""A service on paper: the same facts as its public page, read by the same selector
(catalog.selectors.service_page), so a leaflet and the page never disagree."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from grizha.catalog.selectors import ServicePage, service_page
from grizha.core.templatetags.grizha import weekdays
from grizha.paper import qr
from grizha.paper.pdf import PT, Document
from grizha.registers.labels import register_name


def municipality_line(name: str) -> str:
    return _("Municipality of %(name)s") % {"name": name}


def document_line(document: str, register_check: str) -> str:
    """A document to bring, and, when a register's answer stands for it, that the person need not."""
    if not register_check:
        return document
    text = _("Not needed if you agree that we ask the register: %(register)s")
    return f"{document} — {text % {'register': register_name(register_check)}}"


def schedule_line(schedule: object) -> str:
    s = schedule
    parts = []
    if getattr(s, "byday", ""):
        parts.append(weekdays(s.byday))  # type: ignore[attr-defined]
    if getattr(s, "opens_at", None):
        closes = s.closes_at.strftime("%H:%M") if s.closes_at else ""  # type: ignore[attr-defined]
        parts.append(f"{s.opens_at.strftime('%H:%M')}–{closes}")  # type: ignore[attr-defined]
    for extra in ("description", "notes"):
        if value := getattr(s, extra, ""):
            parts.append(value)
    return " ".join(parts)


def _title_block(doc: Document, page: ServicePage, *, url: str, qr_png: bytes) -> None:
    """Name and kind of service on the left, the QR code and where it leads on the right."""
    service = page.service
    scale = doc.scale
    size = scale.qr_mm
    gap = 6.0
    top = doc.get_y()
    doc.qr(qr_png, x=doc.w - doc.r_margin - size, y=top, size=size, alt=_("QR code: %(url)s") % {"url": url})
    caption_top = top + size + 1
    doc.set_xy(doc.w - doc.r_margin - size, caption_top)
    doc.multi_cell(
        w=size,
        h=doc.use(scale.small) * 0.95,
        text=_("Scan with a phone to open this page."),
        align="C",
        new_x="LEFT",
        new_y="NEXT",
    )
    qr_bottom = doc.get_y()
    doc.set_xy(doc.l_margin, top)
    width = doc.epw - size - gap
    kinds = [a.taxonomy_term.name for a in page.attributes.get("service_type", []) if a.taxonomy_term]
    if not kinds:
        kinds = [a.taxonomy_term.name for a in page.attributes.get("activity_kind", []) if a.taxonomy_term]
    line = doc.use(scale.small)
    doc.multi_cell(w=width, h=line, text=" · ".join([municipality_line(service.municipality.name), *kinds]), align="L")
    doc.set_x(doc.l_margin)
    doc.ln(1)
    doc.multi_cell(w=width, h=doc.use(scale.h1, bold=True), text=service.name, align="L", new_x="LMARGIN")
    if service.alternate_name:
        doc.multi_cell(w=width, h=doc.use(scale.body), text=service.alternate_name, align="L", new_x="LMARGIN")
    if service.status != service.Status.ACTIVE:
        doc.multi_cell(w=width, h=doc.use(scale.body, bold=True), text=service.get_status_display(), new_x="LMARGIN")
    doc.set_y(max(doc.get_y(), qr_bottom) + 2)
    if service.alert:
        doc.paragraph(service.alert, bold=True)


def write_national_facts(doc: Document, page: ServicePage) -> None:
    """What the state's registers say of the service: its IISDA number, the provisions it rests on, and the
    places the National Map of Social Services funds; each line only when known."""
    service = page.service
    if service.iisda_number:
        doc.label_value(
            _("IISDA number"),
            _("%(number)s (%(url)s)") % {"number": service.iisda_number, "url": service.iisda_url},
        )
    if page.legal_references:
        doc.label_value(_("Legal basis, provision by provision"), "; ".join(r.citation for r in page.legal_references))
    capacity = getattr(service, "capacity", None)
    if capacity is not None and capacity.funded_places is not None:
        funded = str(capacity.funded_places)
        if capacity.funding_decision:
            funded = _("%(places)s (%(decision)s)") % {"places": funded, "decision": capacity.funding_decision}
        doc.label_value(_("Places funded by the state"), funded)


def write_service(doc: Document, page: ServicePage, *, language: str) -> None:
    """Everything about one service from the current position on; new pages as needed."""
    service = page.service
    a = page.attributes
    url = qr.service_url(service.id, language)
    _title_block(doc, page, url=url, qr_png=qr.png(url))

    if service.easy_read:
        doc.heading(_("In short"))
        doc.paragraph(service.easy_read)

    doc.heading(_("What it offers"))
    doc.paragraph(service.description)
    needs = [x.taxonomy_term.name for x in a.get("need", []) if x.taxonomy_term]
    if needs:
        doc.paragraph(_("It helps with:"), bold=True, after=0.5)
        doc.bullets(needs)

    audience = [x.taxonomy_term.name for x in a.get("audience", []) if x.taxonomy_term]
    conditions = page.conditions
    if audience or conditions or service.eligibility_description:
        doc.heading(_("Who it is for"))
        if audience:
            doc.paragraph(_("It is meant for:"), bold=True, after=0.5)
            doc.bullets(audience)
        if conditions:
            doc.paragraph(_("To use it you need:"), bold=True, after=0.5)
            doc.bullets(conditions)
        doc.paragraph(service.eligibility_description)

    doc.heading(_("How to get it"))
    for x in a.get("access_route", []):
        if x.taxonomy_term:
            doc.paragraph(x.taxonomy_term.name, bold=True)
    for number, step in enumerate(page.steps, start=1):
        doc.keep(3 * doc.scale.body * PT * doc.scale.leading)
        doc.paragraph(f"{number}. {step.title}", size=doc.scale.h3, bold=True, after=0.5)
        with doc.indented(6):
            doc.label_value(_("Who"), step.who)
            doc.label_value(_("Where"), step.where)
            doc.label_value(_("What to bring"), step.bring)
            doc.label_value(_("How long it takes"), step.duration)
        doc.ln(1.5)
    doc.paragraph(service.application_process)
    doc.label_value(_("Waiting time:"), service.wait_time)

    if page.documents:
        doc.heading(_("Documents you need"))
        doc.bullets(document_line(d.document, d.register_check) for d in page.documents)

    doc.heading(_("Fees"))
    doc.paragraph(service.fees_description)
    for cost in page.costs:
        amount = f"{cost.amount} {cost.currency}" if cost.amount is not None else ""
        doc.label_value(cost.option or "—", " ".join(p for p in (amount, cost.amount_description) if p))
    if not service.fees_description and not page.costs:
        doc.paragraph(_("Ask the provider about fees."))

    doc.heading(_("Where and when"))
    for place in page.places:
        name = place.location.name or place.address
        doc.keep(4 * doc.scale.body * PT * doc.scale.leading)
        doc.paragraph(name, size=doc.scale.h3, bold=True, after=0.5)
        with doc.indented(6):
            doc.label_value(_("Address"), place.address)
            doc.label_value(_("Opening hours"), "; ".join(schedule_line(s) for s in place.schedules))
            doc.label_value(_("Phone"), ", ".join(p.number for p in place.phones))
            access = [x.taxonomy_term.name for x in place.accessibility if x.taxonomy_term]
            if access or place.accessibility_details:
                doc.label_value(_("Accessibility"), "; ".join(access))
                doc.paragraph(place.accessibility_details)
            else:
                doc.label_value(_("Accessibility"), _("No information on accessibility yet."))
        doc.ln(1.5)
    if not page.places:
        doc.paragraph(_("This service has no fixed place. Contact the provider."))
    if page.schedules:
        doc.label_value(_("When:"), "; ".join(schedule_line(s) for s in page.schedules))

    doc.heading(_("Contact"))
    if service.organization:
        doc.paragraph(service.organization.name, bold=True, after=0.5)
    doc.label_value(_("Phone:"), ", ".join(p.number for p in page.phones))
    doc.label_value(_("E-mail:"), service.email)
    doc.label_value(_("Website"), service.url)
    for contact in page.contacts:
        phones = ", ".join(p.number for p in getattr(contact, "listed_phones", []))
        who = ", ".join(p for p in (contact.name, contact.title) if p)
        doc.paragraph(" · ".join(p for p in (who, contact.email, phones) if p), after=0.5)
    doc.label_value(_("On the internet"), url)
    write_national_facts(doc, page)
    if service.legal_basis:
        doc.label_value(_("Legal basis:"), service.legal_basis)
    if service.assured_date:
        doc.ln(1)
        doc.paragraph(
            _("Information last checked on %(date)s.") % {"date": date_format(service.assured_date, "j F Y")},
            size=doc.scale.small,
        )


def leaflet_pdf(service_id: UUID, *, large: bool = False) -> bytes | None:
    """The A4 leaflet of one service in the active language, or None when there is no such service."""
    page = service_page(service_id)
    if page is None:
        return None
    language = get_language() or "bg"
    footer = municipality_line(page.service.municipality.name)
    doc = Document(title=page.service.name, language=language, large=large, footer=footer)
    doc.set_subject(_("Social services"))
    doc.add_page()
    write_service(doc, page, language=language)
    return doc.to_bytes()


def leaflets_document(service_ids: Iterable[UUID], *, title: str, large: bool = False) -> Document:
    """The leaflets of several services in one document, each on pages of its own (a campaign's download)."""
    language = get_language() or "bg"
    doc = Document(title=title, language=language, large=large, footer=title)
    doc.set_subject(_("Social services"))
    for service_id in service_ids:
        page = service_page(service_id)
        if page is None:
            continue
        doc.add_page()
        doc.start_section(page.service.name)
        write_service(doc, page, language=language)
    return doc
