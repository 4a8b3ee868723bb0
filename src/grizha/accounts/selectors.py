"""Who a member of staff is to the system: their roles, and the offices whose work they see.

Every staff page and every selector of personal data asks `staff_scope(user)`; templates only hide
what the scope refuses anyway."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

from grizha.accounts.models import Membership
from grizha.accounts.roles import CAPABILITIES
from grizha.territory.models import Office


@dataclass(frozen=True)
class StaffScope:
    """The offices whose work a member of staff sees, and what they may do there."""

    user_id: int | None
    office_ids: frozenset[UUID] = frozenset()
    home_office_ids: frozenset[UUID] = frozenset()
    municipality_codes: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    capabilities: frozenset[str] = field(default_factory=frozenset)

    def can(self, capability: str) -> bool:
        return capability in self.capabilities

    def sees_office(self, office_id: UUID | str | None) -> bool:
        if office_id is None:
            return False
        try:
            return UUID(str(office_id)) in self.office_ids
        except ValueError:
            return False

    @property
    def is_staff_member(self) -> bool:
        return bool(self.roles)


NO_SCOPE = StaffScope(user_id=None)


def staff_scope(user: User | AnonymousUser) -> StaffScope:
    """The scope of `user` from their memberships: a central-office membership covers every office of
    its municipality; a superuser without memberships sees nothing of casework (roles decide, not flags)."""
    if not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    # Plain values: every staff page asks this, and an office's full row costs more to build than to read.
    memberships = list(
        Membership.objects.filter(user_id=user.pk).values_list(
            "office_id", "role", "office__kind", "office__municipality_id"
        )
    )
    home = {office_id for office_id, _role, _kind, _municipality in memberships}
    whole = {municipality for _office, _role, kind, municipality in memberships if kind == Office.Kind.CENTRAL}
    offices = set(home)
    if whole:
        offices |= set(Office.objects.filter(municipality_id__in=whole).values_list("id", flat=True))
    roles = frozenset(role for _office, role, _kind, _municipality in memberships)
    capabilities = frozenset().union(*(CAPABILITIES[role] for role in roles)) if roles else frozenset()
    return StaffScope(
        user_id=user.pk,
        office_ids=frozenset(offices),
        home_office_ids=frozenset(home),
        municipality_codes=frozenset(municipality for _office, _role, _kind, municipality in memberships),
        roles=roles,
        capabilities=capabilities,
    )


def request_scope(request: HttpRequest) -> StaffScope:
    """The scope of the request's user, worked out once per request."""
    scope: StaffScope | None = getattr(request, "_grizha_scope", None)
    if scope is None:
        scope = staff_scope(request.user)
        request._grizha_scope = scope  # type: ignore[attr-defined]
    return scope


def scope_offices(scope: StaffScope) -> list[Office]:
    """The offices a member of staff sees, home offices first, then by kind and name."""
    offices = Office.objects.filter(id__in=scope.office_ids).select_related("settlement")
    return sorted(offices, key=lambda o: (o.id not in scope.home_office_ids, o.kind != Office.Kind.CENTRAL, o.name))
