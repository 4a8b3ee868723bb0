"""The client against the simulator it ships with, and `grizha registry-lookup` (CONTRACTS section 6):
one call per check, all at once, each within its time, logged with its legal basis."""

from __future__ import annotations

import io
import json
import time

import httpx
import pytest
from django.core.management import call_command

from grizha.registers.client import CircuitBreaker, RegixClient
from grizha.registers.contract import CHECKS
from grizha.registers.models import RegisterCall
from grizha.registers.services import call_context, registry_lookup
from grizha.registers.simulator import SPECIAL, make_application
from grizha.registers.soap import ERROR, NOT_FOUND, OK

pytestmark = pytest.mark.django_db

PERSON = "8506251243"  # a valid EGN: 25 June 1985, a man
REASON = "чл. 40, ал. 1 от Закона за социалните услуги"


def client(*, delay: float = 0.0, timeout: float = 10.0, timeout_delay: float = 12.0) -> RegixClient:
    app = make_application(delay=delay, timeout_delay=timeout_delay)
    return RegixClient(transport=httpx.WSGITransport(app=app), timeout=timeout)


def context() -> object:
    return call_context(law_reason=REASON, responsible_person="tests")


def test_every_check_answers_with_the_registers_data() -> None:
    answers = client().lookup(PERSON, CHECKS, context())
    assert list(answers) == list(CHECKS)
    assert answers["person"].answer.status == OK
    person = answers["person"].answer.data
    assert person["EGN"] == PERSON and person["BirthDate"].startswith("1985-06-25")
    assert person["Gender"]["GenderCode"] == "1"
    assert answers["permanent-address"].answer.data["SettlementCode"].isdigit()
    assert all(timed.answer.status in (OK, NOT_FOUND) for timed in answers.values())


def test_the_checks_of_one_lookup_run_at_once() -> None:
    started = time.monotonic()
    answers = client(delay=0.4).lookup(
        PERSON, ["person", "permanent-address", "current-address", "relations", "pension"], context()
    )
    took = time.monotonic() - started
    assert all(timed.answer.status != ERROR for timed in answers.values())
    assert took < 5 * 0.4  # one after another would take two seconds


def test_a_person_the_registers_do_not_know_is_not_found_and_not_an_error() -> None:
    answers = client().lookup(SPECIAL["not-found"], CHECKS, context())
    assert {timed.answer.status for timed in answers.values()} == {NOT_FOUND}


def test_access_denied_and_a_failing_adapter_are_errors_with_the_registers_words() -> None:
    denied = client().call("person", SPECIAL["access-denied"], context())
    failed = client().call("person", SPECIAL["adapter-failure"], context())
    assert (denied.answer.status, denied.answer.error) == (ERROR, "Access denied!")
    assert failed.answer.status == ERROR and failed.answer.error.startswith("Error occurred!")


def test_a_register_that_does_not_answer_in_time_is_an_error_and_the_rest_still_answer() -> None:
    slow = client(timeout=0.5, timeout_delay=2.0)
    started = time.monotonic()
    answers = slow.lookup(SPECIAL["timeout"], ["person", "pension"], context())
    assert time.monotonic() - started < 1.5
    assert answers["person"].answer.status == ERROR and "did not answer" in answers["person"].answer.error


def test_an_unreachable_gateway_opens_the_circuit_so_later_calls_fail_at_once() -> None:
    breaker = CircuitBreaker(failures=2, pause=60)
    closed = RegixClient(url="http://127.0.0.1:9/RegiXEntryPoint.svc", timeout=1, breaker=breaker)
    for _ in range(2):
        assert "cannot be reached" in closed.call("person", PERSON, context()).answer.error
    started = time.monotonic()
    refused = closed.call("person", PERSON, context())
    assert refused.answer.status == ERROR and "not asked again yet" in refused.answer.error
    assert time.monotonic() - started < 0.1


def test_each_call_is_logged_with_its_legal_basis_and_without_the_personal_number() -> None:
    lookup_context = call_context(law_reason=REASON, service_uri="APP-2026-000007", responsible_person="tests")
    registry_lookup(
        identifier=PERSON, checks=["person", "disability-decision"], context=lookup_context, client=client()
    )
    calls = RegisterCall.objects.order_by("check_name")
    assert [(c.check_name, c.law_reason, c.service_uri) for c in calls] == [
        ("disability-decision", REASON, "APP-2026-000007"),
        ("person", REASON, "APP-2026-000007"),
    ]
    stored = json.dumps(list(RegisterCall.objects.values()), default=str)
    assert PERSON not in stored


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("registry-lookup", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_the_command_prints_one_object_with_a_key_per_check() -> None:
    code, out, _err = run("--egn", PERSON, "--check", "person", "--check", "pension", "--reason", REASON)
    printed = json.loads(out)
    assert code == 0
    assert set(printed) == {"person", "pension"}
    assert set(printed["person"]) == {"status", "data", "error"}
    assert printed["person"]["data"]["EGN"] == PERSON
    assert RegisterCall.objects.count() == 2


def test_the_command_exits_3_on_a_register_error_and_still_prints() -> None:
    code, out, _err = run("--egn", SPECIAL["adapter-failure"], "--check", "person", "--reason", REASON)
    assert code == 3
    assert json.loads(out)["person"]["status"] == "error"


@pytest.mark.parametrize(
    ("identifier", "reason"),
    [("8506251244", REASON), ("8502301238", REASON), ("12345", REASON), (PERSON, "  ")],
)
def test_the_command_refuses_a_wrong_number_or_an_empty_reason_with_exit_2(identifier: str, reason: str) -> None:
    code, out, err = run("--egn", identifier, "--check", "person", "--reason", reason)
    assert (code, out) == (2, "")
    assert err.strip()
    assert RegisterCall.objects.count() == 0
