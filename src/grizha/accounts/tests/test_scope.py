"""A member of the central office sees the whole municipality; a mayoralty's member sees their office."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from grizha.accounts.models import Membership
from grizha.accounts.roles import Capability, Role
from grizha.accounts.selectors import staff_scope
from grizha.accounts.testing import log_in, office_of, staff_member
from grizha.territory.models import Office

pytestmark = pytest.mark.django_db


def test_the_central_office_sees_every_office_of_the_municipality() -> None:
    scope = staff_scope(staff_member(Role.FRONT_OFFICE))
    every = set(Office.objects.filter(municipality_id="SLV20").values_list("id", flat=True))
    assert scope.office_ids == every
    assert scope.home_office_ids == {office_of().id}


def test_a_mayoralty_sees_its_own_office_only() -> None:
    bikovo = office_of(Office.Kind.MAYORALTY, "SLV20-01")
    scope = staff_scope(staff_member(Role.FRONT_OFFICE, bikovo))
    assert scope.office_ids == {bikovo.id}
    assert scope.sees_office(bikovo.id) and not scope.sees_office(office_of().id)
    assert not scope.sees_office("not-an-id") and not scope.sees_office(None)


def test_capabilities_are_those_of_every_role_held() -> None:
    user = staff_member(Role.ANALYST)
    assert staff_scope(user).capabilities == {Capability.ANALYSE}
    Membership.objects.create(user=user, office=office_of(Office.Kind.MAYORALTY, "SLV20-06"), role=Role.CASE_WORKER)
    scope = staff_scope(user)
    assert scope.can(Capability.CASEWORK) and scope.can(Capability.ANALYSE) and not scope.can(Capability.READ_AUDIT)


def test_a_user_without_membership_has_no_scope_even_as_superuser() -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.org", "a-long-test-password")
    assert not staff_scope(root).is_staff_member and not staff_scope(root).office_ids


def test_staff_pages_send_strangers_to_the_login_and_refuse_members_without_the_capability(client: Client) -> None:
    response = client.get("/staff/screening/")
    assert response.status_code == 302 and response["Location"] == "/staff/login/?next=/staff/screening/"
    log_in(client, staff_member(Role.CATALOG_EDITOR))
    assert client.get("/staff/screening/").status_code == 403
