"""Certificates of trainings: issued only to someone who attended, once, with a number that anyone can
check on the public site (in Bulgarian and in English), and a PDF with the QR code of that page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from grizha.accounts.testing import staff_member
from grizha.core.models import AuditEvent
from grizha.paper.tests import readers
from grizha.territory.models import Municipality
from grizha.training.certificates import certificate_pdf
from grizha.training.models import Competence, Participant, Training
from grizha.training.services import certificates as services
from grizha.training.services.certificates import certificate_issue
from grizha.training.views.public import CHECKS_PER_HOUR

pytestmark = pytest.mark.django_db

NAME = "Мария Иванова"
TOPIC = "Работа с хора с увреждания"
NUMBER = re.compile(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}")
SCORES = re.compile(r"\b(37|94)\b")  # the participant's scores, as numbers on their own


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def make_training(**fields: Any) -> Training:
    values: dict[str, Any] = {
        "municipality_id": settings.GRIZHA_MUNICIPALITY,
        "title": TOPIC,
        "starts_on": date(2026, 3, 14),
        "ends_on": date(2026, 3, 16),
        "trainer": "Петя Георгиева",
        "hours": Decimal("12.5"),
        "format": Training.Format.BLENDED,
    }
    values.update(fields)
    training = Training.objects.create(**values)
    training.competences.add(Competence.objects.get(code="data-protection"))
    return training


def make_participant(**fields: Any) -> Participant:
    values: dict[str, Any] = {
        "name": NAME,
        "organisation": "Сдружение Подкрепа",
        "email": "maria@example.org",
        "attended": True,
        "score_before": 37,
        "score_after": 94,
    }
    values.update(fields)
    training = values.pop("training", None) or make_training()
    return Participant.objects.create(training=training, **values)


def certified(**fields: Any) -> Participant:
    return certificate_issue(participant=make_participant(**fields), by=staff_member())


def in_language(language: str, message: str) -> str:
    """The message as the page shows it: in the page's language, escaped for HTML."""
    with translation.override(language):
        return escape(gettext(message))


def check_url(participant: Participant, language: str = "bg") -> str:
    with translation.override(language):
        return reverse("training:certificate", args=[participant.certificate])


# --- issuing ----------------------------------------------------------------------------------------


def test_issuing_gives_a_number_of_ten_allowed_characters_and_the_time() -> None:
    participant = certified()
    participant.refresh_from_db()
    assert participant.certificate is not None and NUMBER.fullmatch(participant.certificate)
    assert participant.certified_at is not None


def test_issuing_twice_keeps_the_first_number() -> None:
    first = certified()
    again = certificate_issue(participant=first, by=staff_member())
    assert (again.certificate, again.certified_at) == (first.certificate, first.certified_at)


def test_issuing_is_audited_once() -> None:
    participant = certified()
    certificate_issue(participant=participant, by=staff_member())
    events = AuditEvent.objects.filter(action="grizha.training.certificate_issued", object_id=str(participant.pk))
    assert [event.data["certificate"] for event in events] == [participant.certificate]
    assert events[0].person_id is None


def test_someone_who_did_not_attend_gets_no_certificate() -> None:
    participant = make_participant(attended=False)
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            certificate_issue(participant=participant, by=staff_member())
        assert refused.value.messages == ["A certificate is given only to someone who attended"]
    participant.refresh_from_db()
    assert (participant.certificate, participant.certified_at) == (None, None)
    assert not AuditEvent.objects.filter(action="grizha.training.certificate_issued").exists()


def test_a_number_already_given_is_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    taken = certified().certificate
    draws = iter([taken, "NEWNUMBER2"])
    monkeypatch.setattr(services, "certificate_code", lambda: next(draws))
    assert certified(name="Иван Петров").certificate == "NEWNUMBER2"


# --- the PDF ----------------------------------------------------------------------------------------


def test_the_certificate_names_the_person_the_training_its_hours_and_number() -> None:
    participant = certified()
    text = readers.text(certificate_pdf(participant, language="bg"))
    assert NAME in text
    assert TOPIC in text
    assert "14.03.2026–16.03.2026" in text
    assert "12,5" in text
    assert "Петя Георгиева" in text
    assert "Защита на личните данни и поверителност" in text
    assert participant.certificate is not None and participant.certificate in text


def test_the_certificate_does_not_print_the_scores() -> None:
    text = readers.text(certificate_pdf(certified(), language="bg"))
    assert SCORES.search(text) is None


def test_the_english_certificate_is_in_english() -> None:
    participant = certified()
    text = readers.text(certificate_pdf(participant, language="en"))
    municipality = Municipality.objects.get(code=settings.GRIZHA_MUNICIPALITY)
    assert "Certificate" in text
    assert f"Municipality of {municipality.name_en}" in text
    assert "Personal data protection and confidentiality" in text
    assert "12.5" in text
    assert NAME in text, "the name is printed as it is written"


@pytest.mark.parametrize(("language", "prefix"), [("bg", ""), ("en", "/en")])
def test_the_qr_code_opens_the_check_page_in_the_chosen_language(language: str, prefix: str) -> None:
    participant = certified()
    data = certificate_pdf(participant, language=language)
    url = f"{settings.GRIZHA_BASE_URL}{prefix}/certificates/{participant.certificate}/"
    assert readers.pdf_qr_codes(data) == [url]
    assert url in readers.text(data).replace(" ", ""), "the address is also printed for those who cannot scan"


def test_the_qr_code_has_alternative_text_naming_the_address() -> None:
    participant = certified()
    document = readers.pdf(certificate_pdf(participant, language="en"))
    url = f"{settings.GRIZHA_BASE_URL}/en/certificates/{participant.certificate}/"
    assert readers.figure_alternatives(document) == [f"QR code: check this certificate at {url}"]


def test_the_certificate_is_one_page_in_its_language() -> None:
    document = readers.pdf(certificate_pdf(certified(), language="en"))
    assert len(document.pages) == 1
    assert document.trailer["/Root"]["/Lang"] == "en"


def test_there_is_no_pdf_before_the_certificate_is_issued() -> None:
    with pytest.raises(ValueError, match="no certificate number"):
        certificate_pdf(make_participant(), language="bg")


# --- the public check -------------------------------------------------------------------------------


def test_the_check_page_says_the_certificate_is_genuine(client: Client) -> None:
    participant = certified()
    response = client.get(check_url(participant))
    html = response.content.decode()
    assert response.status_code == 200
    assert in_language("bg", "This certificate is genuine") in html
    assert NAME in html
    assert TOPIC in html
    assert "14.03.2026–16.03.2026" in html
    assert participant.certificate is not None and participant.certificate in html


def test_the_check_page_is_in_english_under_en(client: Client) -> None:
    participant = certified()
    response = client.get(f"/en/certificates/{participant.certificate}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert "This certificate is genuine" in html
    assert "12.5" in html


def test_the_check_page_shows_no_e_mail_and_no_scores(client: Client) -> None:
    html = client.get(check_url(certified())).content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert "maria@example.org" not in main
    assert SCORES.search(main) is None


def test_a_number_typed_in_small_letters_with_a_dash_is_found(client: Client) -> None:
    participant = certified()
    code = participant.certificate or ""
    typed = f"{code[:5].lower()}-{code[5:].lower()}"
    response = client.get(f"/certificates/{typed}/")
    assert response.status_code == 200
    assert NAME in response.content.decode()


def test_an_unknown_number_gets_a_page_saying_so_with_the_number_escaped(client: Client) -> None:
    response = client.get("/certificates/" + quote("<b>x</b>") + "/")
    html = response.content.decode()
    assert response.status_code == 404
    assert in_language("bg", "No certificate has this number") in html
    assert escape("<b>x</b>") in html
    assert "<b>x</b>" not in html


def test_checking_too_often_is_refused_for_a_while(client: Client) -> None:
    url = check_url(certified())
    for _attempt in range(CHECKS_PER_HOUR):
        assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 429
    assert in_language("bg", "Try again later") in response.content.decode()


def test_the_check_page_links_to_the_pdf(client: Client) -> None:
    participant = certified()
    html = client.get(check_url(participant, "en")).content.decode()
    assert f'href="/en/certificates/{participant.certificate}/certificate.pdf"' in html


def test_the_pdf_opens_in_the_browser_under_the_certificates_number(client: Client) -> None:
    participant = certified()
    response = client.get(f"/certificates/{participant.certificate}/certificate.pdf")
    assert readers.is_pdf(response)
    assert response["Content-Disposition"] == f'inline; filename="certificate-{participant.certificate}.pdf"'


def test_the_pdf_downloaded_from_the_english_page_is_in_english(client: Client) -> None:
    participant = certified()
    data = readers.body(client.get(f"/en/certificates/{participant.certificate}/certificate.pdf"))
    assert readers.pdf_qr_codes(data) == [f"{settings.GRIZHA_BASE_URL}/en/certificates/{participant.certificate}/"]
