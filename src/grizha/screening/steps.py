"""The citizen questionnaire as step classes (after pretix's checkout flow): each step knows whether it
applies to the answers so far and whether it is complete, and keeps its answers in a plain dict that
lives in the session. The facts of a criterion are asked only when a candidate service depends on them."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.translation import gettext_lazy as _

from grizha.catalog import reference
from grizha.screening import forms
from grizha.screening.rules import Person, RuleBook, evaluate
from grizha.screening.selectors import screening_catalog
from grizha.territory.sites import current_municipality

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Answers = dict[str, Any]

# Who the help is for decides the words of the questions, never the results.
WHO_CHOICES = (
    ("me", _("Me")),
    ("child", _("My child")),
    ("relative", _("A relative")),
)


def person_from_answers(answers: Mapping[str, Any]) -> Person:
    """The person the screening engine sees: only what was answered; "don't know" stays unknown."""
    facts = {name: answers[name] for name in forms.FACT_NAMES if answers.get(name) is not None}
    groups = answers.get("groups") or {}
    return Person(
        age=answers.get("age"),
        municipality=answers.get("municipality"),
        facts=facts,
        target_groups={code: value == forms.YES for code, value in groups.items() if value in (forms.YES, forms.NO)},
        needs=tuple(answers.get("needs") or ()),
        scope=current_municipality(),
    )


def facts_in_question(person: Person, book: RuleBook) -> frozenset[str]:
    """The facts that some candidate service, not yet ruled out, depends on."""
    found: set[str] = set()
    for rules in book.candidates(person):
        if rules.facts_used - found and evaluate(rules, person) is not None:
            found |= rules.facts_used
    return frozenset(found)


@dataclass(frozen=True)
class SummaryRow:
    label: StrOrPromise
    value: StrOrPromise | list[str]

    @property
    def lines(self) -> list[StrOrPromise]:
        return list(self.value) if isinstance(self.value, list) else [self.value]


class Step:
    """One page of the questionnaire."""

    name: ClassVar[str]
    keys: ClassVar[tuple[str, ...]]
    template: ClassVar[str]
    form_class: ClassVar[type[forms.QuestionForm]]
    # The question in the words of who the help is for: me, child, relative.
    questions: ClassVar[dict[str, StrOrPromise]]
    summary_label: ClassVar[StrOrPromise]

    def applies(self, so_far: Mapping[str, Any], book: RuleBook) -> bool:
        return True

    def is_complete(self, answers: Mapping[str, Any]) -> bool:
        return all(key in answers for key in self.keys)

    def question(self, answers: Mapping[str, Any]) -> StrOrPromise:
        return self.questions.get(answers.get("who", "me"), self.questions["me"])

    def form(self, answers: Mapping[str, Any], data: Mapping[str, Any] | None = None) -> forms.QuestionForm:
        return self.form_class(data=data, initial=self.initial(answers))

    def initial(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        return self.form_class.initial_from(answers)

    def store(self, answers: MutableMapping[str, Any], form: forms.QuestionForm) -> None:
        answers.update(form.answers())

    def summary(self, answers: Mapping[str, Any]) -> StrOrPromise | list[str]:
        raise NotImplementedError


class WhoStep(Step):
    name = "who"
    keys = ("who",)
    template = "screening/steps/radios.html"
    form_class = forms.WhoForm
    questions = {"me": _("Who needs help?")}
    summary_label = _("Who needs help")

    def summary(self, answers: Mapping[str, Any]) -> StrOrPromise:
        return dict(WHO_CHOICES).get(answers.get("who", ""), "")


class AgeStep(Step):
    name = "age"
    keys = ("age",)
    template = "screening/steps/number.html"
    form_class = forms.AgeForm
    questions = {
        "me": _("How old are you?"),
        "child": _("How old is your child?"),
        "relative": _("How old is your relative?"),
    }
    summary_label = _("Age")

    def summary(self, answers: Mapping[str, Any]) -> StrOrPromise:
        age = answers.get("age")
        return _("Not given") if age is None else str(age)


class SettlementStep(Step):
    name = "settlement"
    keys = ("settlement", "municipality")
    template = "screening/steps/settlement.html"
    form_class = forms.SettlementForm
    questions = {
        "me": _("Where do you live?"),
        "child": _("Where does your child live?"),
        "relative": _("Where does your relative live?"),
    }
    summary_label = _("Where")

    def summary(self, answers: Mapping[str, Any]) -> StrOrPromise:
        return forms.settlement_label(answers.get("settlement", ""))


class SituationStep(Step):
    name = "situation"
    keys = ("groups",)
    template = "screening/steps/situation.html"
    form_class = forms.SituationForm
    questions = {
        "me": _("Which of these describe you?"),
        "child": _("Which of these describe your child?"),
        "relative": _("Which of these describe your relative?"),
    }
    summary_label = _("Situation")

    def form(self, answers: Mapping[str, Any], data: Mapping[str, Any] | None = None) -> forms.QuestionForm:
        return forms.SituationForm(data=data, initial=self.initial(answers), age=answers.get("age"))

    def summary(self, answers: Mapping[str, Any]) -> list[str]:
        return forms.groups_summary(answers.get("groups") or {})


class NeedsStep(Step):
    name = "needs"
    keys = ("needs",)
    template = "screening/steps/needs.html"
    form_class = forms.NeedsForm
    questions = {
        "me": _("What help do you need?"),
        "child": _("What help does your child need?"),
        "relative": _("What help does your relative need?"),
    }
    summary_label = _("Help needed")

    def summary(self, answers: Mapping[str, Any]) -> list[str] | StrOrPromise:
        names = forms.term_names(reference.NEED)
        return [names.get(code, code) for code in answers.get("needs") or ()] or _("Not sure")


class FactStep(Step):
    """A fact that answers a criterion: asked only when a candidate service still depends on it."""

    fact: ClassVar[str]

    def applies(self, so_far: Mapping[str, Any], book: RuleBook) -> bool:
        return self.fact in facts_in_question(person_from_answers(so_far), book)

    def summary(self, answers: Mapping[str, Any]) -> StrOrPromise:
        return self.form_class.describe(answers.get(self.fact))  # type: ignore[attr-defined, no-any-return]


class DisabilityStep(FactStep):
    name = "disability"
    fact = "disability_percent"
    keys = ("disability_percent",)
    template = "screening/steps/number.html"
    form_class = forms.DisabilityForm
    questions = {
        "me": _("What degree of disability does your disability decision give you?"),
        "child": _("What degree of disability does your child's disability decision give?"),
        "relative": _("What degree of disability does your relative's disability decision give?"),
    }
    summary_label = _("Degree of disability")


class AssistanceStep(FactStep):
    name = "assistance"
    fact = "needs_assistance_of_another"
    keys = ("needs_assistance_of_another",)
    template = "screening/steps/radios.html"
    form_class = forms.AssistanceForm
    questions = {
        "me": _("Does your disability decision say that you need the help of another person?"),
        "child": _("Does your child's disability decision say that they need the help of another person?"),
        "relative": _("Does your relative's disability decision say that they need the help of another person?"),
    }
    summary_label = _("Needs the help of another person")


class IncomeStep(FactStep):
    name = "income"
    fact = "monthly_income_per_member"
    keys = ("monthly_income_per_member",)
    template = "screening/steps/number.html"
    form_class = forms.IncomeForm
    questions = {
        "me": _("What is the monthly income of each person in your household?"),
        "child": _("What is the monthly income of each person in your child's household?"),
        "relative": _("What is the monthly income of each person in your relative's household?"),
    }
    summary_label = _("Monthly income per person")


STEPS: tuple[Step, ...] = (
    WhoStep(),
    AgeStep(),
    SettlementStep(),
    SituationStep(),
    NeedsStep(),
    DisabilityStep(),
    AssistanceStep(),
    IncomeStep(),
)
SESSION_KEY = "screening"


class Questionnaire:
    """A citizen's answers, kept in the session, and the steps they lead through."""

    def __init__(self, session: MutableMapping[str, Any]) -> None:
        self.session = session
        stored = session.get(SESSION_KEY) or {}
        self.answers: Answers = dict(stored.get("answers") or {})
        self.completed: bool = bool(stored.get("completed"))

    @cached_property
    def book(self) -> RuleBook:
        return screening_catalog().book

    @cached_property
    def steps(self) -> list[Step]:
        """The steps that apply, each judged on the answers of the steps before it."""
        so_far: Answers = {}
        found = []
        for step in STEPS:
            if step.applies(so_far, self.book):
                found.append(step)
                so_far.update({key: self.answers[key] for key in step.keys if key in self.answers})
        return found

    def step(self, name: str) -> Step | None:
        return next((s for s in self.steps if s.name == name), None)

    def first_incomplete(self) -> Step | None:
        return next((s for s in self.steps if not s.is_complete(self.answers)), None)

    def before(self, step: Step) -> Step | None:
        position = self.steps.index(step)
        return self.steps[position - 1] if position else None

    def after(self, step: Step) -> Step | None:
        position = self.steps.index(step)
        return self.steps[position + 1] if position + 1 < len(self.steps) else None

    @property
    def is_complete(self) -> bool:
        return self.first_incomplete() is None

    def relevant_answers(self) -> Answers:
        """The answers of the steps that apply: a fact no longer asked no longer counts."""
        return {key: self.answers[key] for step in self.steps for key in step.keys if key in self.answers}

    def person(self) -> Person:
        return person_from_answers(self.relevant_answers())

    @property
    def settlement(self) -> str | None:
        code = self.answers.get("settlement")
        return code if code and code != forms.OTHER_MUNICIPALITY else None

    @property
    def lives_elsewhere(self) -> bool:
        return self.answers.get("settlement") == forms.OTHER_MUNICIPALITY

    def summary(self) -> list[tuple[Step, SummaryRow]]:
        return [(s, SummaryRow(s.summary_label, s.summary(self.answers))) for s in self.steps]

    def save(self, step: Step, form: forms.QuestionForm) -> None:
        step.store(self.answers, form)
        self.completed = False
        self.__dict__.pop("steps", None)
        self._persist()

    def mark_completed(self) -> bool:
        """Mark the screening done; False when it already was (the need signal is written once)."""
        if self.completed:
            return False
        self.completed = True
        self._persist()
        return True

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)
        self.answers, self.completed = {}, False
        self.__dict__.pop("steps", None)

    def _persist(self) -> None:
        self.session[SESSION_KEY] = {"answers": self.answers, "completed": self.completed}
