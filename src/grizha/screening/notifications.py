"""E-mail of a screening's results to the person who asked, as a plain-text list with the services'
addresses. The address is used to send and is not kept."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from grizha.core.mail import mail_send
from grizha.screening.results import ResultPage
from grizha.screening.selectors import screening_catalog
from grizha.territory.sites import home_municipality


def results_email_send(*, address: str, page: ResultPage, lang: str) -> bool:
    """Send the list; False when the mail server would not take it (the person is told, nothing kept)."""
    municipality_name = screening_catalog().municipality(home_municipality(), lang)
    body = render_to_string("screening/email.txt", {"page": page, "municipality_name": municipality_name})
    subject = _("Services that may help you – Municipality of %(name)s") % {"name": municipality_name}
    return mail_send(subject=subject, body=body, to=address)
