"""What the person declared beside what the registers answered, row by row, for the member of staff who
considers the application: the names always, and each question an editor set to be compared with a
register (Question.compare_with). A row that differs is for a person to look at, not a verdict: people
move, registers lag, and a family in the population register is not always one household."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grizha.applications.models import Application, Fact, Question, RegistryResult
from grizha.applications.services.submission import date_answer
from grizha.core.templatetags.grizha import long_date
from grizha.registers.labels import register_name

R = RegistryResult.Status

# The register check that answers each fact.
FACT_CHECKS: dict[str, str] = {
    Fact.BIRTH_DATE: "person",
    Fact.PERMANENT_SETTLEMENT: "permanent-address",
    Fact.CURRENT_SETTLEMENT: "current-address",
    Fact.HOUSEHOLD_SIZE: "relations",
    Fact.DISABILITY: "disability-decision",
    Fact.PENSION: "pension",
    Fact.JOB_SEEKER: "job-seeker",
    Fact.SOCIAL_SERVICES: "social-services-decisions",
}
# A pension is declared in whole euro: a difference under this much is rounding, not a difference.
PENSION_TOLERANCE = Decimal(1)
# "ГР.СЛИВЕН", "с. Бяла", "град Сливен", "село Бяла", "gr. Sliven": the kind of settlement is left out.
SETTLEMENT_PREFIX = re.compile(r"^\s*(?:гр|град|с|село|gr|grad|s|selo)(?:\.\s*|\s+)", re.IGNORECASE)


@dataclass(frozen=True)
class Row:
    """One fact: what the person declared, what the register says, and whether they agree (None: there
    is nothing to compare yet, because the register has not answered, was not asked, or the question
    was not answered)."""

    label: str
    declared: str
    register: str
    match: bool | None
    source: str = ""


def compare(application: Application) -> list[Row]:
    """The rows of `application`: reads its questions and register answers (prefetched ones if there)."""
    results = {r.check_name: r for r in application.registry_results.all()}
    rows = _name_rows(application, results.get("person"))
    for question in application.application_type.questions.all():
        if question.compare_with:
            rows.append(_fact_row(question, application.answers.get(question.key, ""), results))
    return rows


# --- the answers of the registers -------------------------------------------------------------------


def _unanswered(result: RegistryResult | None) -> str | None:
    """Why there is no register answer to compare with, or None when there is one (found or not)."""
    if result is None:
        return _("Not asked: this application form does not ask this register")
    if result.status == R.PENDING:
        return _("Waiting for the register to answer")
    if result.status == R.ERROR:
        return _("Waiting for the register: it did not answer, it is asked again automatically")
    return None


def _items(value: Any) -> list[dict[str, Any]]:
    """A repeated element of an answer: one is a dict, several a list (registers.soap._plain)."""
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    return []


def _words(value: str) -> str:
    return " ".join(value.split()).casefold()


def _settlement(value: str) -> str:
    return _words(SETTLEMENT_PREFIX.sub("", value.strip()))


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value.strip().casefold())


def _number(value: str) -> Decimal | None:
    try:
        return Decimal("".join(value.split()).replace(",", "."))
    except InvalidOperation:
        return None


def _still_valid(until: Any, today: datetime.date) -> bool:
    """Whether a decision valid to `until` (a date, a moment, or nothing: without end) holds `today`."""
    day = date_answer(str(until)[:10]) if until else None
    return day is None or day >= today


# --- the rows ---------------------------------------------------------------------------------------


def _name_rows(application: Application, result: RegistryResult | None) -> list[Row]:
    source = register_name("person")
    declared = ((_("Given name"), application.given_name), (_("Family name"), application.family_name))
    waiting = _unanswered(result)
    if waiting is not None:
        return [Row(label, value, waiting, None, source) for label, value in declared]
    assert result is not None
    if result.status == R.NOT_FOUND:
        nothing = _("The register holds nothing on the person")
        return [Row(label, value, nothing, False, source) for label, value in declared]
    names = result.data.get("PersonNames") or {}
    latin = result.data.get("LatinNames") or {}
    rows = []
    for (label, value), part in zip(declared, ("FirstName", "FamilyName"), strict=True):
        known = str(names.get(part) or "")
        # A person may write their name in Latin letters: the register keeps that spelling too.
        same = _words(value) in {_words(known), _words(str(latin.get(part) or ""))} if known else False
        rows.append(Row(label, value, known or _("No name in the answer"), same, source))
    return rows


def _fact_row(question: Question, answer: str, results: dict[str, RegistryResult]) -> Row:
    fact = question.compare_with
    check = FACT_CHECKS[fact]
    result = results.get(check)
    label = question.label
    if fact == Fact.HOUSEHOLD_SIZE:
        label = _("%(question)s (a rough figure: the family members in the population register and the person)") % {
            "question": question.label
        }
    declared = answer_text(question, answer)
    waiting = _unanswered(result)
    if waiting is not None:
        return Row(label, declared, waiting, None, register_name(check))
    assert result is not None
    data = result.data if result.status == R.OK else {}
    register, match = FACTS[fact](answer.strip(), data)
    return Row(label, declared, register, match if answer.strip() else None, register_name(check))


def answer_text(question: Question, answer: str) -> str:
    """An answer as people read it: yes and no in words, a date in words, "Not answered" for none."""
    answer = answer.strip()
    if not answer:
        return _("Not answered")
    if question.kind == Question.Kind.YES_NO:
        return {"yes": _("Yes"), "no": _("No")}.get(answer, answer)
    if question.kind == Question.Kind.DATE and (day := date_answer(answer)) is not None:
        return long_date(day)
    return answer


def _birth_date(answer: str, data: dict[str, Any]) -> tuple[str, bool]:
    born = str(data.get("BirthDate") or "")[:10]
    if not born:
        return _("The register holds nothing on the person"), False
    return born, date_answer(answer) == date_answer(born)


def _settlement_fact(answer: str, data: dict[str, Any]) -> tuple[str, bool]:
    name = str(data.get("SettlementName") or "")
    if not name:
        return _("The register holds no address of the person"), False
    return name, _settlement(answer) == _settlement(name)


def _household(answer: str, data: dict[str, Any]) -> tuple[str, bool]:
    relations = _items(data.get("PersonRelations"))
    size = len(relations) + 1
    text = ngettext(
        "%(size)d (%(relations)d family member in the register and the person)",
        "%(size)d (%(relations)d family members in the register and the person)",
        len(relations),
    ) % {"size": size, "relations": len(relations)}
    declared = _number(answer)
    return text, declared is not None and declared == size


def _disability(answer: str, data: dict[str, Any]) -> tuple[str, bool]:
    decisions = _items(data.get("ExpertDecisionDocument"))
    today = timezone.localdate()
    valid = [d for d in decisions if _still_valid(d.get("DurationDisabilityDate"), today)]
    if valid:
        decision = valid[0]
        until = str(decision.get("DurationDisabilityDate") or "")[:10]
        assessment = decision.get("EmployabilityAssessment") or _("a decision")
        if until:
            text = _("Yes: %(assessment)s, until %(until)s") % {"assessment": assessment, "until": until}
        else:
            text = _("Yes: %(assessment)s, with no end date") % {"assessment": assessment}
    elif decisions:
        text = _("No valid decision: the last one ended on %(until)s") % {
            "until": str(decisions[0].get("DurationDisabilityDate") or "")[:10]
        }
    else:
        text = _("No: the register holds no decision")
    return text, _yes_no(answer) == bool(valid)


def _social_services(answer: str, data: dict[str, Any]) -> tuple[str, bool]:
    """The Agency's decisions, {"SocialServicesData": [...]}; an answer that names only the person holds
    none. Its answer gives no end date: a decision listed is taken to hold."""
    names = [
        str(d.get("SocialServiceName") or d.get("SocialServiceType") or "")
        for d in _items(data.get("SocialServicesData"))
    ]
    if names:
        return _("Yes: %(services)s") % {"services": "; ".join(names)}, _yes_no(answer) is True
    return _("No: the register holds no decision"), _yes_no(answer) is False


def _pension(answer: str, data: dict[str, Any]) -> tuple[str, bool]:
    """The NSSI's certificate with its monthly PensionPayments (the last month is the latest), in euro."""
    payments = _items((data.get("PensionPayments") or {}).get("PensionPayment"))
    shown = str(payments[-1].get("TotalAmount") or payments[-1].get("PensionAmount") or "") if payments else ""
    amount = _number(shown) if shown else None
    declared = _number(answer)
    if amount is None:
        return _("No pension in the register"), declared == 0
    text = _("%(amount)s euro a month") % {"amount": shown}
    return text, declared is not None and abs(declared - amount) < PENSION_TOLERANCE


def _job_seeker(answer: str, data: dict[str, Any]) -> tuple[str, bool]:
    """The Agency's {"RegistrationGroup", "JobSeekerPersonData": {"RegistrationDate", ...}}."""
    person = data.get("JobSeekerPersonData")
    registration = person if isinstance(person, dict) else {}
    status = data.get("RegistrationGroup") or registration.get("RegistrationStatus")
    if not status and not registration.get("RegistrationDate"):
        return _("No: not registered"), _yes_no(answer) is False
    text = _("Yes: %(status)s since %(date)s") % {
        "status": status or _("registered"),
        "date": str(registration.get("RegistrationDate") or "")[:10],
    }
    return text, _yes_no(answer) is True


FACTS: dict[str, Callable[[str, dict[str, Any]], tuple[str, bool]]] = {
    Fact.BIRTH_DATE: _birth_date,
    Fact.PERMANENT_SETTLEMENT: _settlement_fact,
    Fact.CURRENT_SETTLEMENT: _settlement_fact,
    Fact.HOUSEHOLD_SIZE: _household,
    Fact.DISABILITY: _disability,
    Fact.PENSION: _pension,
    Fact.JOB_SEEKER: _job_seeker,
    Fact.SOCIAL_SERVICES: _social_services,
}
assert set(FACTS) == set(FACT_CHECKS) == set(Fact.values), "every fact needs a check and a comparison"


# --- a register's answer in words ---------------------------------------------------------------------

# The fact each check answers (the person check answers the names too).
CHECK_FACTS: dict[str, str] = {check: fact for fact, check in FACT_CHECKS.items()}
# Checks whose empty answer is best said as "nothing on the person" (the others say "no" in their words).
NOTHING_ON_THE_PERSON = frozenset({"person", "relations"})


def answer_in_words(check: str, status: str, data: dict[str, Any]) -> str:
    """What a register answered, in a sentence a person can check: the words staff read beside the
    declared facts. Shown to the person only at the office, where staff have checked who they are."""
    if status == R.PENDING:
        return _("Waiting for the register to answer")
    if status == R.ERROR:
        return _("The register did not answer: it is asked again once the application is sent")
    data = data if status == R.OK else {}
    if check in NOTHING_ON_THE_PERSON and not data:
        return _("The register holds nothing on the person")
    if check == "person":
        names = data.get("PersonNames") or {}
        full = " ".join(str(names.get(part) or "") for part in ("FirstName", "SurName", "FamilyName")).split()
        born, _same = _birth_date("", data)
        return _("%(names)s, born on %(date)s") % {"names": " ".join(full), "date": born}
    text, _match = FACTS[CHECK_FACTS[check]]("", data)
    return text
