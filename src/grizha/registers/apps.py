from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "grizha.registers"
    verbose_name = _("National registers (RegiX)")
    default_auto_field = "django.db.models.BigAutoField"
