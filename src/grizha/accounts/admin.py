"""Staff accounts in the admin: each user's offices and roles beside their details, and new backup codes."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from grizha.accounts import services
from grizha.accounts.models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["office"]


@admin.action(description=_("Make new backup codes for the selected users"))
def issue_backup_codes(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[User]) -> None:
    for user in queryset:
        codes = services.backup_codes_issue(user=user, by=request.user)  # type: ignore[arg-type]
        messages.warning(
            request,
            _("Backup codes for %(user)s (each works once; they are not shown again): %(codes)s")
            % {"user": user.get_username(), "codes": " ".join(codes)},
        )
    messages.info(
        request,
        ngettext(
            "New backup codes made for %(count)d user.", "New backup codes made for %(count)d users.", len(queryset)
        )
        % {"count": len(queryset)},
    )


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    actions = [issue_backup_codes]
