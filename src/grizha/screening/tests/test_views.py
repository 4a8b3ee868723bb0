"""The citizen questionnaire and the staff one-page screening, on the demo catalog (Sliven, SLV20)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, staff_member
from grizha.casework.models import CallbackRequest
from grizha.catalog import reference
from grizha.catalog.selectors import terms
from grizha.demo.loader import demo_id
from grizha.screening.models import NeedSignal

pytestmark = pytest.mark.django_db

SLIVEN = "67338"  # the town of Sliven, in the demo municipality SLV20
BASE = "/en/screening/"


UNKNOWN_FACTS = {
    "disability": {"disability_percent_unknown": "on"},
    "assistance": {"needs_assistance_of_another": "unknown"},
    "income": {"monthly_income_per_member_unknown": "on"},
}


def sid(key: str) -> str:
    return str(demo_id("service", key))


def url(step: str) -> str:
    return f"{BASE}{step}/"


def groups(**stated: str) -> dict[str, str]:
    """Every target group answered "I do not know", except those stated."""
    answers = {f"group_{t.code}": "unknown" for t in terms(reference.TARGET_GROUP)}
    answers.update({f"group_{code.replace('_', '-')}": value for code, value in stated.items()})
    return answers


def post(client: Client, step: str, data: dict[str, Any], query: str = "") -> Any:
    return client.post(url(step) + query, data)


def answer_up_to_needs(client: Client, needs: list[str], age: str = "78", **stated: str) -> Any:
    """Answer who, age, settlement, situation and needs; the answer to the needs page."""
    assert post(client, "who", {"who": "me"})["Location"] == url("age")
    assert post(client, "age", {"age": age})["Location"] == url("settlement")
    assert post(client, "settlement", {"settlement": SLIVEN})["Location"] == url("situation")
    assert post(client, "situation", groups(**stated))["Location"] == url("needs")
    return post(client, "needs", {"needs": needs} if needs else {"not_sure": "on"})


def step_of(location: str) -> str:
    return location.removeprefix(BASE).split("/")[0]


def complete(client: Client, needs: list[str], facts: dict[str, dict[str, str]] | None = None, **stated: str) -> Any:
    """The whole questionnaire. facts answers the fact pages; when given, exactly those must be asked,
    in that order; otherwise every fact asked is answered "I do not know"."""
    response = answer_up_to_needs(client, needs, **stated)
    asked = []
    while response["Location"] != url("check"):
        step = step_of(response["Location"])
        asked.append(step)
        response = post(client, step, (facts or UNKNOWN_FACTS)[step])
    if facts is not None:
        assert asked == list(facts)
    return client.post(url("check"))


def test_the_start_page_links_to_the_first_question(client: Client) -> None:
    response = client.get(BASE)
    assert response.status_code == 200
    assert f'href="{url("who")}"' in response.content.decode()


def test_the_home_page_links_to_the_questionnaire(client: Client) -> None:
    assert 'href="/en/screening/"' in client.get("/en/").content.decode()
    assert 'href="/screening/"' in client.get("/").content.decode()


def test_the_whole_journey_ends_on_the_results(client: Client) -> None:
    response = complete(
        client,
        ["meals", "care-at-home"],
        facts={
            "assistance": {"needs_assistance_of_another": "no"},
            "income": {"monthly_income_per_member": "310"},
        },
        elderly="yes",
        people_living_alone="yes",
    )
    assert response["Location"] == url("results")
    page = client.get(url("results")).content.decode()
    assert "<h1>Services that may help</h1>" in page
    assert f'href="/en/services/{sid("patronazh")}/"' in page
    assert "It fits because:" in page
    assert "To be checked:" in page
    assert "How to apply: Apply to the municipality" in page
    # The steps of the service's access, in the result itself.
    assert "Administrative Service Centre" in page
    # "No" to the help of another person rules personal assistance out.
    assert sid("lichna-pomosht") not in page
    # Eligible first: patronage (eligible) is listed before the canteen (low income to be checked).
    assert page.index(sid("patronazh")) < page.index(sid("trapezaria"))
    assert page.index("Services you are likely to be able to get") < page.index("Services that may fit")


def test_a_service_meeting_several_needs_is_listed_once_under_the_first(client: Client) -> None:
    complete(
        client,
        ["meals", "care-at-home"],
        facts={"assistance": {"needs_assistance_of_another": "no"}, "income": {"monthly_income_per_member": "310"}},
        elderly="yes",
    )
    page = client.get(url("results")).content.decode()
    assert page.count(f'href="/en/services/{sid("patronazh")}/"') == 1
    # Needs are taken in the order of the vocabulary: care at home comes before meals.
    assert "It also helps with: Meals and food" in page
    assert "For: Care at home" in page


def test_the_situation_page_offers_older_people_for_the_age_given_for_the_person_to_confirm(client: Client) -> None:
    post(client, "who", {"who": "me"})
    post(client, "age", {"age": "70"})
    post(client, "settlement", {"settlement": SLIVEN})
    page = client.get(url("situation")).content.decode()
    assert re.search(r'id="id_group_elderly_0"[^>]*checked', page)
    assert "We chose “Yes” because of the age you gave" in page
    assert re.search(r'id="id_group_homeless_2"[^>]*checked', page)  # the rest: "I do not know"


def test_no_group_is_offered_to_a_younger_person(client: Client) -> None:
    post(client, "who", {"who": "me"})
    post(client, "age", {"age": "40"})
    post(client, "settlement", {"settlement": SLIVEN})
    page = client.get(url("situation")).content.decode()
    assert not re.search(r'id="id_group_elderly_0"[^>]*checked', page)
    assert "because of the age you gave" not in page


def test_no_fact_is_asked_when_no_candidate_depends_on_one(client: Client) -> None:
    response = answer_up_to_needs(client, ["information-advice"])
    assert response["Location"] == url("check")


def test_the_degree_of_disability_is_asked_when_a_candidate_depends_on_it(client: Client) -> None:
    response = answer_up_to_needs(client, ["mobility-transport"], age="40")
    assert response["Location"] == url("disability")
    response = post(client, "disability", {"disability_percent": "80"})
    assert response["Location"] == url("check")


def test_a_fact_is_not_asked_when_its_only_service_is_already_ruled_out(client: Client) -> None:
    # The canteen is the only meals service with an income limit; it is for people on low income only.
    assert answer_up_to_needs(client, ["meals"], low_income="unknown")["Location"] == url("income")
    client.cookies.clear()
    assert answer_up_to_needs(client, ["meals"], low_income="no")["Location"] == url("check")


def test_a_later_question_cannot_be_opened_before_the_earlier_ones(client: Client) -> None:
    assert client.get(url("needs"))["Location"] == url("who")
    assert client.get(url("check"))["Location"] == url("who")
    assert client.get(url("results"))["Location"] == url("who")
    assert client.get(url("no-such-step"))["Location"] == url("who")


def test_a_fact_that_does_not_apply_cannot_be_opened(client: Client) -> None:
    answer_up_to_needs(client, ["information-advice"])
    assert client.get(url("income"))["Location"] == url("check")


def test_the_results_need_the_answers_checked_first(client: Client) -> None:
    answer_up_to_needs(client, ["information-advice"])
    assert client.get(url("results"))["Location"] == url("check")


def test_an_error_is_summarised_at_the_top_and_shown_beside_the_field_with_the_answer_kept(client: Client) -> None:
    post(client, "who", {"who": "me"})
    response = post(client, "age", {"age": "seventy"})
    assert response.status_code == 200
    page = response.content.decode()
    message = "Enter the age as a whole number of years, like 67"
    assert re.search(r"<title>Error: How old are you\?", page)
    summary = page[page.index('class="error-summary"') : page.index("</ul>", page.index('class="error-summary"'))]
    assert f'<a href="#id_age">{message}</a>' in summary
    assert (
        f'<p id="id_age-error" class="error-message"><span class="visually-hidden">Error:</span> {message}</p>' in page
    )
    assert 'value="seventy"' in page
    assert 'aria-describedby="id_age-hint id_age-error"' in page
    assert page.count("<h1") == 1


def test_an_age_and_i_do_not_want_to_say_together_are_refused(client: Client) -> None:
    post(client, "who", {"who": "me"})
    page = post(client, "age", {"age": "67", "age_unknown": "on"}).content.decode()
    assert "Enter the age, or select “I do not want to say”, not both" in page


def test_an_age_out_of_range_is_refused(client: Client) -> None:
    post(client, "who", {"who": "me"})
    assert "Enter an age from 0 to 130" in post(client, "age", {"age": "131"}).content.decode()


def test_i_do_not_want_to_say_leaves_the_age_unknown(client: Client) -> None:
    post(client, "who", {"who": "me"})
    assert post(client, "age", {"age_unknown": "on"})["Location"] == url("settlement")
    post(client, "settlement", {"settlement": SLIVEN})
    post(client, "situation", groups())
    post(client, "needs", {"needs": ["information-advice"]})
    assert "Not given" in client.get(url("check")).content.decode()


def test_a_question_with_radios_links_its_error_to_the_first_radio(client: Client) -> None:
    page = post(client, "who", {}).content.decode()
    assert '<a href="#id_who_0">Select who needs help</a>' in page
    assert '<legend><h1 class="question-heading">Who needs help?</h1></legend>' in page


def test_needs_must_be_chosen_or_not_sure(client: Client) -> None:
    post(client, "who", {"who": "me"})
    post(client, "age", {"age": "50"})
    post(client, "settlement", {"settlement": SLIVEN})
    post(client, "situation", groups())
    page = post(client, "needs", {}).content.decode()
    assert '<a href="#id_needs_0">Select the help needed, or select “I am not sure”</a>' in page
    page = post(client, "needs", {"needs": ["meals"], "not_sure": "on"}).content.decode()
    assert "not both" in page
    assert re.search(r'value="meals"[^>]*checked', page)


def test_not_sure_finds_services_by_the_situation(client: Client) -> None:
    complete(client, [], homeless="yes")
    page = client.get(url("results")).content.decode()
    assert sid("cvn") in page


def test_another_municipality_leaves_the_residence_to_check(client: Client) -> None:
    post(client, "who", {"who": "relative"})
    post(client, "age", {"age": "80"})
    assert "How old is your relative?" in client.get(url("age")).content.decode()
    post(client, "settlement", {"settlement": "other"})
    post(client, "situation", groups(elderly="yes", low_income="no"))
    response = post(client, "needs", {"needs": ["meals"]})
    assert response["Location"] == url("check")
    client.post(url("check"))
    page = client.get(url("results")).content.decode()
    assert "lives in another municipality" in page
    assert "whether you have a permanent or current address in the municipality of Sliven" in page


def test_check_your_answers_lists_every_answer_with_a_change_link(client: Client) -> None:
    answer_up_to_needs(client, ["information-advice"], elderly="yes")
    page = client.get(url("check")).content.decode()
    for step in ("who", "age", "settlement", "situation", "needs"):
        assert f'href="{url(step)}?return=check"' in page
    assert "Yes: Older people" in page
    assert "Sliven" in page
    assert "Information and advice on rights and services" in page


def test_a_change_returns_to_check_your_answers(client: Client) -> None:
    answer_up_to_needs(client, ["information-advice"])
    page = client.get(url("age") + "?return=check").content.decode()
    assert f'href="{url("check")}"' in page  # the back link
    assert 'value="78"' in page  # the answer to change
    assert post(client, "age", {"age": "50"}, "?return=check")["Location"] == url("check")
    assert re.search(r"<dd><p>50</p></dd>", client.get(url("check")).content.decode())


def test_a_change_that_needs_a_new_fact_asks_it_then_returns(client: Client) -> None:
    answer_up_to_needs(client, ["information-advice"], age="40")
    response = post(client, "needs", {"needs": ["mobility-transport"]}, "?return=check")
    assert response["Location"] == url("disability") + "?return=check"
    response = post(client, "disability", {"disability_percent_unknown": "on"}, "?return=check")
    assert response["Location"] == url("check")
    assert "Degree of disability" in client.get(url("check")).content.decode()


def test_a_fact_no_longer_asked_no_longer_counts(client: Client) -> None:
    answer_up_to_needs(client, ["mobility-transport"], age="40")
    post(client, "disability", {"disability_percent": "10"})
    post(client, "needs", {"needs": ["information-advice"]}, "?return=check")
    assert "Degree of disability" not in client.get(url("check")).content.decode()


def test_the_need_signal_is_written_once_per_completed_screening(client: Client) -> None:
    before = NeedSignal.objects.count()
    complete(client, ["information-advice"], elderly="yes")
    client.post(url("check"))  # sent twice, or the page reloaded
    client.get(url("results"))
    signals = NeedSignal.objects.order_by("-created_at")
    assert signals.count() == before + 1
    signal = signals.first()
    assert signal is not None
    assert signal.channel == "citizen"
    assert signal.settlement_id == SLIVEN
    assert signal.municipality_id == "SLV20"
    assert signal.needs == ["information-advice"]
    assert signal.age_band == "65-79"


def test_a_changed_answer_makes_a_new_screening(client: Client) -> None:
    before = NeedSignal.objects.count()
    complete(client, ["information-advice"])
    post(client, "age", {"age": "30"}, "?return=check")
    assert client.get(url("results"))["Location"] == url("check")
    client.post(url("check"))
    assert NeedSignal.objects.count() == before + 2


def test_start_again_clears_the_answers(client: Client) -> None:
    answer_up_to_needs(client, ["information-advice"])
    assert client.post(f"{BASE}start-again/")["Location"] == BASE
    assert client.get(url("check"))["Location"] == url("who")


def test_no_results_says_so_and_gives_the_front_office(client: Client) -> None:
    complete(client, ["assistive-devices"], adults_with_disabilities="no", children_with_disabilities="no")
    page = client.get(url("results")).content.decode()
    assert "We could not find a service that fits your answers." in page
    assert "Administrative Service Centre" in page
    assert "tel:" in page


def test_the_printable_view_lists_the_same_services(client: Client) -> None:
    complete(client, ["information-advice"])
    results = client.get(url("results")).content.decode()
    printable = client.get(f"{BASE}results/print/").content.decode()
    found = set(re.findall(r'href="/en/services/([0-9a-f-]+)/"', results))
    assert found and found == set(re.findall(r'href="/en/services/([0-9a-f-]+)/"', printable))
    assert "Send this list" not in printable


def test_the_list_is_e_mailed_as_plain_text_with_the_addresses(client: Client) -> None:
    complete(client, ["information-advice"])
    response = client.post(f"{BASE}results/email/", {"email": "person@example.org"})
    assert response["Location"] == f"{BASE}results/email/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["person@example.org"]
    assert "Sliven" in message.subject
    assert f"/en/services/{sid('informirane-konsultirane')}/" in message.body
    assert "It fits because:" in message.body
    assert "&" not in message.body.replace("&&", "")  # plain text, nothing escaped for HTML
    assert client.get(f"{BASE}results/email/sent/").status_code == 200


def test_a_wrong_e_mail_address_is_refused(client: Client) -> None:
    complete(client, ["information-advice"])
    page = client.post(f"{BASE}results/email/", {"email": "person@"}).content.decode()
    assert '<a href="#id_email">Enter an e-mail address in the right format, like name@example.com</a>' in page
    assert 'value="person@"' in page
    assert not mail.outbox


def test_a_mail_server_that_refuses_is_reported(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError

    monkeypatch.setattr("grizha.core.mail.send_mail", refuse)
    complete(client, ["information-advice"])
    page = client.post(f"{BASE}results/email/", {"email": "person@example.org"}).content.decode()
    assert "We could not send the e-mail just now" in page


def test_a_call_back_request_is_stored_in_casework(client: Client) -> None:
    complete(client, ["information-advice"])
    assert client.get(f"{BASE}results/call-back/").status_code == 200
    response = client.post(
        f"{BASE}results/call-back/",
        {"name": "Ivanka Petrova", "phone": "0881 234 567", "best_time": "morning", "note": "", "consent": "on"},
    )
    assert response["Location"] == f"{BASE}results/call-back/sent/"
    request = CallbackRequest.objects.get()
    assert request.name == "Ivanka Petrova"
    assert request.phone == "+359881234567"
    assert request.best_time == "morning"
    assert request.status == CallbackRequest.Status.NEW
    assert request.municipality_id == "SLV20"
    assert request.settlement_id == SLIVEN
    assert request.kind == CallbackRequest.Kind.CALL_BACK
    assert request.office is not None and request.office.kind == "central"  # Sliven has no mayoralty
    assert request.reference
    assert request.language == "en"
    assert request.needs == ["information-advice"]
    assert sid("informirane-konsultirane") in request.service_ids
    assert client.get(f"{BASE}results/call-back/sent/").status_code == 200


def test_a_call_back_needs_consent_and_a_bulgarian_phone_number(client: Client) -> None:
    complete(client, ["information-advice"])
    page = client.post(
        f"{BASE}results/call-back/", {"name": "Ivanka", "phone": "12345", "best_time": "any"}
    ).content.decode()
    assert '<a href="#id_phone">Enter a Bulgarian phone number, like 0881 234 567 or +359 44 611 100</a>' in page
    assert '<a href="#id_consent">Select the box to agree that we may call you</a>' in page
    assert 'value="Ivanka"' in page
    assert not CallbackRequest.objects.exists()


def test_the_result_page_reads_a_fixed_number_of_queries(client: Client) -> None:
    def queries(needs: list[str], **stated: str) -> tuple[int, int]:
        client.cookies.clear()
        complete(client, needs, **stated)
        client.get(url("results"))  # the rules are compiled once per process and catalog version
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url("results")).content.decode()
        return len(captured), page.count('class="service-card"')

    few_queries, few = queries(["care-at-home"], elderly="no", adults_with_disabilities="no")
    many_queries, many = queries(["meals", "care-at-home"], elderly="yes", adults_with_disabilities="yes")
    assert 0 < few < many
    assert few_queries == many_queries <= 5


def test_the_bulgarian_questionnaire_is_at_screening(client: Client) -> None:
    response = client.get("/screening/")
    assert response.status_code == 200
    assert '<html lang="bg">' in response.content.decode()
    assert client.post("/screening/who/", {"who": "me"})["Location"] == "/screening/age/"


# --- staff ---------------------------------------------------------------------------------------

STAFF_URL = "/staff/screening/"


def test_the_staff_page_needs_a_staff_login(client: Client) -> None:
    response = client.get(STAFF_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


@pytest.fixture
def staff_client(client: Client) -> Client:
    return log_in(client, staff_member(Role.FRONT_OFFICE))


def test_the_staff_page_asks_everything_on_one_page(staff_client: Client) -> None:
    page = staff_client.get(STAFF_URL).content.decode()
    for name in ("age", "settlement", "group_elderly", "needs", "disability_percent", "needs_assistance_of_another"):
        assert f'name="{name}"' in page
    assert 'name="monthly_income_per_member"' in page
    assert page.count("<h1") == 1


def test_the_staff_page_shows_the_results_below_and_records_a_staff_signal(staff_client: Client) -> None:
    staff_client.cookies["django_language"] = "en"
    before = NeedSignal.objects.filter(channel="staff").count()
    data = {
        **groups(elderly="yes"),
        "age": "78",
        "settlement": SLIVEN,
        "needs": ["meals", "care-at-home"],
        "needs_assistance_of_another": "no",
        "monthly_income_per_member": "310",
        "disability_percent": "",
    }
    page = staff_client.post(STAFF_URL, data).content.decode()
    assert f"/services/{sid('patronazh')}/" in page
    assert sid("lichna-pomosht") not in page
    assert "It fits because:" in page
    assert 'value="78"' in page
    assert NeedSignal.objects.filter(channel="staff").count() == before + 1


def test_the_staff_page_reports_a_wrong_number(staff_client: Client) -> None:
    data = {**groups(), "age": "old", "needs_assistance_of_another": "unknown"}
    page = staff_client.post(STAFF_URL, data).content.decode()
    assert '<a href="#id_age">' in page
    assert "services found" not in page
