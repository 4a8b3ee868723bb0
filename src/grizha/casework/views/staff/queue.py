"""The work queue: what a specialist and their office have to do today, what is overdue, what waits on others.
Members who neither consult nor refer get a short page of the places their work is done instead."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from grizha.accounts.decorators import staff_required, staff_user
from grizha.accounts.roles import Capability
from grizha.accounts.selectors import StaffScope, request_scope
from grizha.casework.selectors.queue import ALL, HOME, office_choices, work_queue
from grizha.core.forms import error_links
from grizha.territory.models import Office

# Pages for members without casework, by what they may do; those not built yet are left out.
ROLE_LINKS: list[tuple[str, str, Promise]] = [
    (Capability.EDIT_CATALOG, "admin:index", _("Edit the catalog of services")),
    (Capability.EDIT_CATALOG, "national:freshness", _("Services to verify, and what each is missing")),
    (Capability.EDIT_CATALOG, "national:master-reviews", _("Changes of national descriptions to review")),
    (Capability.EDIT_CATALOG, "usage-staff:overview", _("Feedback, page views and searches that found nothing")),
    (Capability.EDIT_MASTERS, "national:dashboard", _("Freshness and completeness of the catalogue")),
    (Capability.ANALYSE_COUNTRY, "national:dashboard", _("Freshness and completeness of the catalogue")),
    (Capability.MANAGE_STAFF, "admin:auth_user_changelist", _("Manage staff accounts and their offices")),
    (Capability.MANAGE_STAFF, "staff-failed-tasks", _("Failed background tasks")),
    (Capability.MANAGE_APPOINTMENTS, "staff-appointments", _("Publish appointment times")),
    (Capability.ANALYSE, "staff-analytics", _("Figures and reports")),
    (Capability.MANAGE_TRAINING, "staff-trainings", _("Trainings, supervision and project indicators")),
    (Capability.READ_AUDIT, "staff-audit", _("The audit trail of personal data")),
]


class OfficeFilterForm(forms.Form):
    """Whose work the office part of the queue shows: shown only to members who see several offices."""

    office = forms.ChoiceField(
        label=_("Office"),
        required=False,
        error_messages={"invalid_choice": _("Select an office from the list")},
    )

    def __init__(self, data: object, *, offices: list[Office]) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.fields["office"].choices = [  # type: ignore[attr-defined]
            (HOME, _("My offices")),
            (ALL, _("All offices")),
            *((str(o.id), o.name) for o in offices),
        ]

    def choice(self) -> str:
        return self.cleaned_data.get("office", HOME) if self.is_valid() else HOME


def role_links(scope: StaffScope) -> list[tuple[str, Promise]]:
    links = []
    for capability, name, label in ROLE_LINKS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if scope.can(capability) and (url, label) not in links:
            links.append((url, label))
    return links


@staff_required()
def home(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    context: dict[str, object] = {"staff_section": "queue"}
    if scope.can(Capability.CASEWORK) or scope.can(Capability.REFER):
        offices = office_choices(scope)
        form = OfficeFilterForm(request.GET if "office" in request.GET else None, offices=offices)
        queue = work_queue(scope, staff_user(request), form.choice() if form.is_bound else HOME, choices=offices)
        context |= {"queue": queue, "form": form, "errors": error_links(form) if form.is_bound else []}
    else:
        context["links"] = role_links(scope)
    return render(request, "casework/staff/home.html", context)


urlpatterns: list[URLPattern] = [path("", home, name="staff-home")]
