"""Considering applications: the steps of the lifecycle (applications.lifecycle), one audited service
each, all made by `application_transition`; the person's answer to a request for information; and the
record that a member of staff read an application, which is reading personal data."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grizha.applications.lifecycle import STEPS
from grizha.applications.models import Application, ApplicationDocument, ApplicationEvent
from grizha.applications.services.notifications import applicant_notify
from grizha.core.audit import log_action, register_actions

VIEWED = "grizha.application.viewed"
DOCUMENT_READ = "grizha.application.document_read"
# The longest message kept with a step; a longer one is refused rather than cut.
MESSAGE_MAX = 4000

register_actions(
    {
        "grizha.application.take": gettext_lazy("took up the application for consideration"),
        "grizha.application.ask": gettext_lazy("asked the person for more information"),
        "grizha.application.answer": gettext_lazy("received the information asked for"),
        "grizha.application.approve": gettext_lazy("approved the application"),
        "grizha.application.refuse": gettext_lazy("refused the application"),
        "grizha.application.refer": gettext_lazy("referred the application elsewhere"),
        "grizha.application.withdraw": gettext_lazy("withdrew the application"),
        VIEWED: gettext_lazy("read the application"),
        DOCUMENT_READ: gettext_lazy("opened a document of the application"),
    }
)


class TransitionRefused(ValidationError):
    """The step is not allowed from the application's state (perhaps someone else took a step first)."""


def _validate(action: str, message: str, referred_to: str, by: User | None) -> None:
    step = STEPS.get(action)
    if step is None:
        raise TransitionRefused(_("This step is not possible for an application"), code="unknown_step")
    if not step.by_applicant and by is None:
        raise TransitionRefused(_("Only a member of staff may take this step"), code="staff_only")
    errors: dict[str, str] = {}
    if step.needs_message and not message:
        errors["message"] = {
            "ask": _("Say what information is missing"),
            "refuse": _("Give the reason for the refusal"),
            "refer": _("Give the reason for the referral"),
        }.get(action, _("Enter a message"))
    elif len(message) > MESSAGE_MAX:
        errors["message"] = _("Make the message shorter: at most %(count)d characters") % {"count": MESSAGE_MAX}
    if step.needs_referred_to and not referred_to:
        errors["referred_to"] = _("Say where the application is referred to")
    elif len(referred_to) > 200:
        errors["referred_to"] = _("Make the name shorter: at most %(count)d characters") % {"count": 200}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def application_transition(
    *, application: Application, action: str, by: User | None, message: str = "", referred_to: str = ""
) -> Application:
    """Take one step of the lifecycle. The row changes only if it is still in a state the step may leave
    (a conditional UPDATE): of two members of staff deciding at once, the second is refused and told why.
    `by` is None when the person takes the step from the public pages."""
    message, referred_to = message.strip(), referred_to.strip()
    _validate(action, message, referred_to, by)
    step = STEPS[action]
    now = timezone.now()
    changes: dict[str, Any] = {"status": step.target, "updated_at": now}
    if action == "take":
        changes["assigned_to"] = by
    if step.decides:
        changes["decided_at"] = now
    changed = Application.objects.filter(pk=application.pk, status__in=step.sources).update(**changes)
    if not changed:
        current = Application.objects.filter(pk=application.pk).values_list("status", flat=True).first()
        label = Application.Status(current).label if current else ""
        raise TransitionRefused(
            _(
                "This application is now “%(status)s”, so it cannot be changed this way. "
                "Reload the page to see who changed it."
            )
            % {"status": label},
            code="stale",
        )
    application.refresh_from_db()
    event = ApplicationEvent(
        application=application, kind=step.event, actor=by, message=message, referred_to=referred_to
    )
    event.full_clean()
    event.save()
    log_action(
        f"grizha.application.{action}",
        actor=by,
        obj=application,
        office=application.office_id,
        data={"to": step.target, "event": str(event.pk), "referred_to": referred_to},
    )
    notice = "information_requested" if action == "ask" else "decided" if step.decides else ""
    if notice:
        transaction.on_commit(lambda: applicant_notify(application=application, event=notice))
    return application


def application_take(*, application: Application, by: User) -> Application:
    """`by` takes up the application: it is being considered, by them."""
    return application_transition(application=application, action="take", by=by)


def application_information_request(*, application: Application, by: User, message: str) -> Application:
    """Ask the person for what is missing (`message`); they are told, and answer from the public pages."""
    return application_transition(application=application, action="ask", by=by, message=message)


def application_information_give(*, application: Application, message: str) -> Application:
    """The person's answer to a request for information; the application is considered again. The
    documents they upload with it are attached by the public pages."""
    return application_transition(application=application, action="answer", by=None, message=message)


def application_approve(*, application: Application, by: User, message: str = "") -> Application:
    return application_transition(application=application, action="approve", by=by, message=message)


def application_refuse(*, application: Application, by: User, reason: str) -> Application:
    return application_transition(application=application, action="refuse", by=by, message=reason)


def application_refer(*, application: Application, by: User, reason: str, referred_to: str) -> Application:
    """Send the person elsewhere (the Social Assistance Directorate, the Employment Agency, a provider)."""
    return application_transition(
        application=application, action="refer", by=by, message=reason, referred_to=referred_to
    )


def application_withdraw(*, application: Application, message: str = "") -> Application:
    """The person withdraws their application, from the public pages."""
    return application_transition(application=application, action="withdraw", by=None, message=message)


def application_viewed(*, application: Application, by: User) -> None:
    """Record that `by` read the application: the person's identity, answers and the registers' answers."""
    log_action(VIEWED, actor=by, obj=application, office=application.office_id)


def application_document_read(*, document: ApplicationDocument, by: User) -> None:
    """Record that `by` opened a document the person uploaded."""
    application = document.application
    assert application is not None, "a document not yet sent with an application is nobody's to read"
    log_action(
        DOCUMENT_READ,
        actor=by,
        obj=application,
        office=application.office_id,
        data={"document": str(document.pk), "sha256": document.sha256},
    )
