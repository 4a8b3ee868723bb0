"""The public pages of casework: the request for a home visit or a call back (form, check your answers,
reference), the accessibility feedback form, and what keeps robots out of both."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from grizha.casework.models import AccessibilityFeedback, CallbackRequest
from grizha.casework.tests.factories import BIKOVO, feedback_answers, visit_answers
from grizha.casework.views.public import requests as views
from grizha.catalog.models import Service
from grizha.core.forms import TOO_FAST, started_token
from grizha.core.ratelimit import BUSY

pytestmark = pytest.mark.django_db

FORM = {"bg": "/visit-or-call/", "en": "/en/visit-or-call/"}
CHECK = {"bg": "/visit-or-call/check/", "en": "/en/visit-or-call/check/"}
SENT = {"bg": "/visit-or-call/sent/", "en": "/en/visit-or-call/sent/"}
FEEDBACK = {"bg": "/accessibility/feedback/", "en": "/en/accessibility/feedback/"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def in_language(lang: str, message: str) -> str:
    """The message as the page shows it: in the page's language, escaped for HTML."""
    with translation.override(lang):
        return escape(gettext(message))


def send(client: Client, lang: str = "en", **changes: Any) -> Any:
    """Fill in the form and send it from "check your answers"; the response to the send."""
    response = client.post(FORM[lang], visit_answers(**changes))
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == CHECK[lang]
    return client.post(CHECK[lang])


# --- the form ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_the_form_asks_with_labels_hints_and_autocomplete(client: Client, lang: str) -> None:
    page = client.get(FORM[lang]).content.decode()
    assert f'<form method="post" action="{FORM[lang]}" novalidate>' in page
    assert 'id="id_name" name="name" type="text" value="" autocomplete="name"' in page
    assert 'type="tel" value="" autocomplete="tel"' in page
    assert 'type="email" value="" autocomplete="email"' in page
    assert 'id="id_phone-hint"' in page
    assert in_language(lang, "What would you like?") in page
    assert '<option value="04039">' in page
    assert page.count("<h1") == 1


def test_the_robot_trap_is_hidden_from_people_and_out_of_the_tab_order(client: Client) -> None:
    page = client.get(FORM["en"]).content.decode()
    assert '<div class="form-trap" hidden>' in page
    assert 'name="website" value="" autocomplete="off" tabindex="-1"' in page
    assert 'name="started" value="' in page


MESSAGES = [
    ({"kind": ""}, "id_kind_0", "Select whether you would like a home visit or a phone call"),
    ({"kind": "helicopter"}, "id_kind_0", "Select whether you would like a home visit or a phone call"),
    ({"about": " "}, "id_about", "Tell us what you would like to talk about"),
    ({"about": "x" * 1001}, "id_about", "What you would like to talk about must be 1000 characters or fewer"),
    ({"settlement": ""}, "id_settlement", "Select the town or village where you live"),
    ({"settlement": "68134"}, "id_settlement", "Select the town or village where you live"),
    ({"best_time": ""}, "id_best_time_0", "Select the best time to call or visit you"),
    ({"visit_needs": ["a-helicopter"]}, "id_visit_needs_0", "Select only the options on the list"),
    ({"name": ""}, "id_name", "Enter your name"),
    ({"name": "x" * 201}, "id_name", "Your name must be 200 characters or fewer"),
    ({"phone": "12345"}, "id_phone", "Enter a Bulgarian phone number, like 0881 234 567 or +359 44 611 100"),
    ({"email": "person@"}, "id_email", "Enter an e-mail address in the right format, like name@example.com"),
    (
        {"phone": "", "email": ""},
        "id_phone",
        "Enter a phone number or an e-mail address, so that we can contact you",
    ),
    (
        {"kind": "call_back", "phone": "", "email": "person@example.org"},
        "id_phone",
        "Enter your phone number, so that we can call you back",
    ),
    ({"consent": None}, "id_consent", "Select the box to agree that we may use your details for this request"),
]


@pytest.mark.parametrize("lang", ["bg", "en"])
@pytest.mark.parametrize(("changes", "anchor", "message"), MESSAGES)
def test_each_mistake_is_named_in_the_summary_and_beside_the_field(
    client: Client, lang: str, changes: dict[str, Any], anchor: str, message: str
) -> None:
    response = client.post(FORM[lang], visit_answers(**changes))
    page = response.content.decode()
    said = in_language(lang, message)
    assert response.status_code == 200
    assert f'<a href="#{anchor}">{said}</a>' in page
    assert f"</span> {said}</p>" in page  # beside the field
    assert f"<title>{in_language(lang, 'Error:')} " in page
    assert "Help at home for my mother" in page or "about" in changes  # answers kept
    assert views.DRAFT not in client.session
    assert not CallbackRequest.objects.exists()


def test_messages_are_in_bulgarian_on_the_bulgarian_page(client: Client) -> None:
    page = client.post(FORM["bg"], visit_answers(phone="12345", name="", email="person@")).content.decode()
    assert "Въведете български телефонен номер, например 0881 234 567 или +359 44 611 100" in page
    assert "Въведете името си" in page
    assert "Въведете имейл адрес в правилен формат, например name@example.com" in page


def test_the_summary_lists_mistakes_in_the_order_of_the_page(client: Client) -> None:
    page = client.post(FORM["en"], visit_answers(kind="", phone="", email="", consent=None)).content.decode()
    summary = page[page.index("error-summary__list") : page.index("</ul>", page.index("error-summary__list"))]
    assert summary.index("#id_kind_0") < summary.index("#id_phone") < summary.index("#id_consent")


def test_bad_input_of_every_kind_does_not_crash(client: Client) -> None:
    for data in ({}, {"visit_needs": "x"}, {"settlement": "<script>"}, {"started": "nonsense", "service": "../../"}):
        assert client.post(FORM["en"], data).status_code == 200
    assert client.get(FORM["en"] + "?service=not-a-uuid").status_code == 200
    assert client.get(CHECK["en"]).status_code == 302
    assert client.post(CHECK["en"]).status_code == 302
    assert client.get(SENT["en"]).status_code == 302


# --- robots ---------------------------------------------------------------------------------------------


def test_a_filled_trap_is_refused_and_nothing_is_kept(client: Client) -> None:
    response = client.post(FORM["en"], visit_answers(website="http://spam.example"))
    assert response.status_code == 400
    assert "We could not take this form" in response.content.decode()
    assert views.DRAFT not in client.session
    assert not CallbackRequest.objects.exists()


@pytest.mark.parametrize("started", ["just now", "", "forged-token", "tampered"])
def test_a_form_sent_too_fast_or_without_a_genuine_start_is_asked_again(client: Client, started: str) -> None:
    if started in ("just now", "tampered"):
        started = started_token() if started == "just now" else started_token(0)[:-2] + "xx"
    response = client.post(FORM["en"], visit_answers(started=started))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="#id_kind_0">{TOO_FAST}</a>' in page
    assert 'value="Ivanka Petrova"' in page
    assert views.DRAFT not in client.session


def test_a_person_sent_back_for_being_fast_can_send_again_without_starting_over(client: Client, settings: Any) -> None:
    settings.GRIZHA_FORM_MIN_SECONDS = 60
    token = started_token()
    page = client.post(FORM["en"], visit_answers(started=token)).content.decode()
    # The start time it was first shown with goes with the form again, so waiting is enough.
    assert f'name="started" value="{token}"' in page
    settings.GRIZHA_FORM_MIN_SECONDS = 0
    assert client.post(FORM["en"], visit_answers(started=token)).status_code == 302


def test_the_minimum_time_is_a_setting(client: Client, settings: Any) -> None:
    settings.GRIZHA_FORM_MIN_SECONDS = 0
    assert client.post(FORM["en"], visit_answers(started=started_token())).status_code == 302


def test_one_connection_may_send_only_a_few_requests_an_hour(client: Client) -> None:
    for _ in range(views.REQUESTS_PER_HOUR):
        assert send(client).status_code == 302
    client.post(FORM["en"], visit_answers())
    response = client.post(CHECK["en"])
    assert response.status_code == 429
    assert f'<a href="#send">{BUSY}</a>' in response.content.decode()
    assert views.DRAFT in client.session  # the answers are kept for later
    assert CallbackRequest.objects.count() == views.REQUESTS_PER_HOUR
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert send(other).status_code == 302


# --- check your answers, send, reference ----------------------------------------------------------------


def test_check_your_answers_shows_every_answer_with_a_way_to_change_it(client: Client) -> None:
    client.post(FORM["en"], visit_answers(settlement=BIKOVO, visit_needs=["sign_language", "same_gender"]))
    page = client.get(CHECK["en"]).content.decode()
    assert "<h1>Check your answers before sending your request</h1>" in page
    for answer in (
        "A social worker visits me at home",
        "Help at home for my mother",
        "Bikovo",
        "In the morning (9:00 to 12:00)",
        "A Bulgarian sign language interpreter",
        "A social worker of the same gender as me",
        "Ivanka Petrova",
        "0881 234 567",
        "Not given",
    ):
        assert answer in page
    assert '<a href="/en/visit-or-call/#id_phone">Change<span class="visually-hidden"> phone number</span></a>' in page
    assert not CallbackRequest.objects.exists()


def test_an_answer_changed_from_the_check_page_keeps_the_others(client: Client) -> None:
    client.post(FORM["en"], visit_answers())
    page = client.get(FORM["en"]).content.decode()
    assert 'value="Ivanka Petrova"' in page
    assert 'value="sign_language" checked' in page
    # Coming back to change an answer is not a robot's hurry: no new waiting.
    changed = visit_answers(name="Ivanka Georgieva", started=started_token())
    assert client.post(FORM["en"], changed).status_code == 302
    assert "Ivanka Georgieva" in client.get(CHECK["en"]).content.decode()


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_sending_keeps_one_request_and_shows_its_reference(client: Client, lang: str) -> None:
    response = send(client, lang)
    assert response["Location"] == SENT[lang]
    request = CallbackRequest.objects.get()
    page = client.get(SENT[lang]).content.decode()
    assert f'<strong class="reference">{request.reference}</strong>' in page
    assert 'role="status"' in page
    no_sms = "We do not send text messages (SMS). Please write down your reference number, or print this page."
    assert in_language(lang, no_sms) in page
    assert request.kind == CallbackRequest.Kind.HOME_VISIT
    assert request.phone == "+359881234567"
    assert request.note == "Help at home for my mother"
    assert request.visit_needs == ["sign_language"]
    assert request.language == lang
    assert request.consent_given_at is not None
    assert request.office is not None and request.office.kind == "central"
    assert views.DRAFT not in client.session


def test_a_request_from_a_village_goes_to_its_mayoralty(client: Client) -> None:
    send(client, settlement=BIKOVO)
    request = CallbackRequest.objects.select_related("office").get()
    assert request.office is not None and request.office.mayoralty_id == "SLV20-01"
    assert "Your request is with Bikovo Mayoralty." in client.get(SENT["en"]).content.decode()


def test_sending_twice_keeps_one_request(client: Client) -> None:
    send(client)
    assert client.post(CHECK["en"])["Location"] == FORM["en"]
    assert CallbackRequest.objects.count() == 1


def test_a_confirmation_is_e_mailed_when_an_address_is_given(client: Client, mailoutbox: list[Any]) -> None:
    send(client, email="person@example.org")
    request = CallbackRequest.objects.get()
    (message,) = mailoutbox
    assert message.to == ["person@example.org"]
    assert request.reference in message.subject and request.reference in message.body
    page = client.get(SENT["en"]).content.decode()
    assert "We have sent a confirmation with this reference to person@example.org." in page


def test_a_mail_server_that_refuses_does_not_lose_the_request(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError

    monkeypatch.setattr("grizha.core.mail.send_mail", refuse)
    send(client, email="person@example.org")
    assert CallbackRequest.objects.count() == 1
    assert "We could not send the confirmation e-mail just now" in client.get(SENT["en"]).content.decode()


def test_a_request_from_a_service_page_names_the_service(client: Client) -> None:
    service = Service.objects.filter(municipality_id="SLV20", status="active").first()
    assert service is not None
    page = client.get(f"{FORM['en']}?service={service.id}").content.decode()
    assert f"You are asking about the service: {service.name_en}." in page
    assert f'name="service" value="{service.id}"' in page
    send(client, service=str(service.id))
    assert CallbackRequest.objects.get().service == service


def test_an_unknown_service_is_dropped_not_an_error(client: Client) -> None:
    send(client, service="00000000-0000-0000-0000-000000000000")
    assert CallbackRequest.objects.get().service is None


# --- links to the form ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/en/", "/en/offices/", "/en/accessibility/"])
def test_the_form_is_linked_from_the_home_offices_and_statement_pages(client: Client, path: str) -> None:
    assert 'href="/en/visit-or-call/"' in client.get(path).content.decode()


# --- accessibility statement and feedback -------------------------------------------------------------


def test_the_statement_has_the_sections_the_model_statement_asks_for(client: Client) -> None:
    page = client.get("/en/accessibility/").content.decode()
    for heading in (
        "Compliance status",
        "Content that is not accessible",
        "Feedback and contact information",
        "Enforcement procedure",
    ):
        assert f">{heading}</h2>" in page
    assert "partially compliant" in page
    assert "PDF/UA" in page
    assert "This statement was prepared on" in page
    assert 'href="/en/accessibility/feedback/"' in page


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_feedback_is_kept_and_confirmed(client: Client, lang: str) -> None:
    response = client.post(FEEDBACK[lang], feedback_answers(contact="0881 234 567"))
    assert response["Location"] == FEEDBACK[lang] + "sent/"
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.page_url == "/offices/"
    assert feedback.contact == "+359881234567"
    assert feedback.language == lang
    page = client.get(response["Location"]).content.decode()
    assert in_language(lang, "Thank you for telling us") in page


FEEDBACK_MESSAGES = [
    ({"problem": ""}, "id_problem", "Tell us what the problem was"),
    ({"problem": "x" * 2001}, "id_problem", "The problem must be described in 2000 characters or fewer"),
    ({"page_url": "x" * 501}, "id_page_url", "The address of the page must be 500 characters or fewer"),
    (
        {"contact": "call me maybe"},
        "id_contact",
        "Enter an e-mail address like name@example.com or a phone number like 0881 234 567",
    ),
    (
        {"contact": "person@"},
        "id_contact",
        "Enter an e-mail address like name@example.com or a phone number like 0881 234 567",
    ),
    # Its English words, which in_language translates (str() alone would take the language active on import).
    ({"started": ""}, "id_problem", translation.override("en")(str)(TOO_FAST)),
]


@pytest.mark.parametrize("lang", ["bg", "en"])
@pytest.mark.parametrize(("changes", "anchor", "message"), FEEDBACK_MESSAGES)
def test_each_feedback_mistake_is_named(
    client: Client, lang: str, changes: dict[str, Any], anchor: str, message: str
) -> None:
    page = client.post(FEEDBACK[lang], feedback_answers(**changes)).content.decode()
    assert f'<a href="#{anchor}">{in_language(lang, message)}</a>' in page
    assert not AccessibilityFeedback.objects.exists()


def test_feedback_with_a_filled_trap_is_refused(client: Client) -> None:
    assert client.post(FEEDBACK["en"], feedback_answers(website="x")).status_code == 400
    assert not AccessibilityFeedback.objects.exists()


def test_feedback_is_rate_limited_and_keeps_what_was_written(client: Client) -> None:
    for _ in range(views.FEEDBACK_PER_HOUR):
        assert client.post(FEEDBACK["en"], feedback_answers()).status_code == 302
    response = client.post(FEEDBACK["en"], feedback_answers(problem="One more problem"))
    assert response.status_code == 429
    assert "One more problem" in response.content.decode()
    assert AccessibilityFeedback.objects.count() == views.FEEDBACK_PER_HOUR


def test_the_page_the_person_came_from_is_filled_in(client: Client) -> None:
    page = client.get(FEEDBACK["en"], HTTP_REFERER="http://testserver/en/offices/").content.decode()
    assert 'value="http://testserver/en/offices/"' in page
    elsewhere = client.get(FEEDBACK["en"], HTTP_REFERER="https://elsewhere.example/").content.decode()
    assert "elsewhere.example" not in elsewhere
