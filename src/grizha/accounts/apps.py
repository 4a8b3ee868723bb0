from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "grizha.accounts"
    verbose_name = _("Staff accounts")
    default_auto_field = "django.db.models.BigAutoField"


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin on a site that lets in only staff who logged in with their second factor."""

    default = False
    default_site = "grizha.accounts.admin_site.StaffAdminSite"
