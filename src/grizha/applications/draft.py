"""An application being filled in, kept in the person's session until it is sent: who they are, their
answers, and the key that makes sending it twice harmless. The form's parts are tasks (pretix's steps):
each knows its pages and whether it is complete, and the task list and "what comes next" are read from
them, so that a long form can be left and taken up again in any order. A document a register answers
for is not asked for once the person agrees to the register checks, unless they choose to send it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from grizha.applications.models import ApplicationType, DocumentRequirement, Question
from grizha.applications.services import answer_errors, evidence_from_registers, missing_documents

SESSION_KEY = "applications.drafts"
# Questions without a section of their own are asked under this heading.
DEFAULT_SECTION = _("About your situation")


@dataclass(frozen=True)
class Task:
    key: str
    label: str | Promise
    url: str
    status: str  # "done", "todo" or "blocked" (not yet possible)

    @property
    def done(self) -> bool:
        return self.status == "done"


class Draft:
    """One application type's draft in a session. Nothing is saved until `save()`."""

    def __init__(self, session: SessionBase, application_type: ApplicationType) -> None:
        self.session = session
        self.application_type = application_type
        self.type_id = str(application_type.pk)
        stored: dict[str, Any] = (session.get(SESSION_KEY) or {}).get(self.type_id) or {}
        self.exists = bool(stored)
        self.key = uuid.UUID(stored["key"]) if stored.get("key") else uuid.uuid4()
        self.identity: dict[str, Any] = dict(stored.get("identity") or {})
        self.answers: dict[str, str] = dict(stored.get("answers") or {})
        # The documents a register could answer for that the person chose to send themselves (their ids).
        self.paper: list[str] = [str(key) for key in stored.get("paper") or []]
        self.questions: list[Question] = list(application_type.questions.all())
        self._missing: list[DocumentRequirement] | None = None
        self._from_registers: list[DocumentRequirement] | None = None

    # Keeping it
    def save(self) -> None:
        drafts = dict(self.session.get(SESSION_KEY) or {})
        drafts[self.type_id] = {
            "key": str(self.key),
            "identity": self.identity,
            "answers": self.answers,
            "paper": self.paper,
        }
        self.session[SESSION_KEY] = drafts
        self.exists = True

    def forget(self) -> None:
        drafts = dict(self.session.get(SESSION_KEY) or {})
        drafts.pop(self.type_id, None)
        self.session[SESSION_KEY] = drafts
        self.exists = False

    # Where the person is
    def sections(self) -> list[tuple[str, list[Question]]]:
        """The questions by section, in the order of their first question."""
        grouped: dict[str, list[Question]] = {}
        for question in self.questions:
            grouped.setdefault(question.section or str(DEFAULT_SECTION), []).append(question)
        return list(grouped.items())

    def answered(self, question: Question) -> bool:
        """Seen (an optional question left empty counts) and valid."""
        return question.key in self.answers and not answer_errors([question], self.answers)

    def identity_done(self) -> bool:
        return bool(self.identity.get("identifier") and self.identity.get("consent"))

    def consented(self) -> bool:
        """Whether the person agreed to the register checks (in "your details")."""
        return bool(self.identity.get("consent"))

    def from_registers(self) -> list[DocumentRequirement]:
        """The documents not asked for, because a register answers for them."""
        if self._from_registers is None:
            self._from_registers = evidence_from_registers(
                application_type=self.application_type, consent=self.consented(), paper=self.paper
            )
        return self._from_registers

    def send_myself(self, requirement: DocumentRequirement, *, yes: bool) -> None:
        """The person sends this document themselves (`yes`), or lets the register answer for it again."""
        key = str(requirement.pk)
        self.paper = [p for p in self.paper if p != key] + ([key] if yes else [])
        self._missing = self._from_registers = None

    def missing_documents(self) -> list[DocumentRequirement]:
        if self._missing is None:
            self._missing = missing_documents(
                application_type=self.application_type, draft_key=self.key, from_registers=self.from_registers()
            )
        return self._missing

    def tasks(self) -> list[Task]:
        pk = self.application_type.pk
        tasks = [
            Task(
                "identity",
                _("Your details"),
                reverse("applications:identity", args=[pk]),
                "done" if self.identity_done() else "todo",
            ),
        ]
        for title, questions in self.sections():
            first = next((q for q in questions if not self.answered(q)), questions[0])
            done = all(self.answered(q) for q in questions)
            tasks.append(Task(f"section:{title}", title, self.question_url(first), "done" if done else "todo"))
        if self.application_type.documents.exists():
            url = reverse("applications:documents", args=[pk])
            tasks.append(Task("documents", _("Documents"), url, "todo" if self.missing_documents() else "done"))
        ready = all(task.done for task in tasks)
        check = reverse("applications:check", args=[pk])
        tasks.append(Task("check", _("Check and send"), check, "todo" if ready else "blocked"))
        return tasks

    def complete(self) -> bool:
        return all(task.done for task in self.tasks()[:-1])

    def question_url(self, question: Question) -> str:
        return reverse("applications:question", args=[self.application_type.pk, question.key])

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def after(self, question: Question | None) -> str:
        """Where to go once a page is answered: the next question of the same section (the first of the
        form after "your details"), and the task list at the end of a section."""
        if question is None:
            return self.question_url(self.questions[0]) if self.questions else self.tasks_url()
        for _title, questions in self.sections():
            if question in questions:
                position = questions.index(question)
                if position + 1 < len(questions):
                    return self.question_url(questions[position + 1])
        return self.tasks_url()

    def tasks_url(self) -> str:
        return reverse("applications:tasks", args=[self.application_type.pk])
