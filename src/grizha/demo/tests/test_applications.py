"""The demo's online application forms and the applications waiting for staff: made once, with the
registers asked (through the simulator), one made on a person's behalf at the Bikovo mayoralty."""

from __future__ import annotations

import pytest

from grizha.applications.comparison import compare
from grizha.applications.models import Application, ApplicationType
from grizha.demo.accounts import ensure_demo_accounts
from grizha.demo.applications import ensure_demo_applications

pytestmark = pytest.mark.django_db


def test_the_demo_applications_are_made_once_with_their_registers_asked() -> None:
    ensure_demo_accounts()
    assert ensure_demo_applications() == 2
    assert ensure_demo_applications() == 0
    assert ApplicationType.objects.filter(is_active=True).count() == 2
    applications = list(Application.objects.order_by("reference"))
    assert len(applications) == 3
    assert all(a.registers == Application.Registers.DONE for a in applications)
    on_behalf = [a for a in applications if a.submitted_by is not None]
    assert [a.office.mayoralty_id for a in on_behalf] == ["SLV20-01"]
    # The second declares a village the population register does not give: staff see the difference.
    declared_elsewhere = next(a for a in applications if a.identifier == "4511297811")
    rows = {row.label: row for row in compare(declared_elsewhere)}
    assert any(row.match is False for row in rows.values())
    assert all(row.match is not False for row in compare(applications[0]))
