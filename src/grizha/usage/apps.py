from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsageConfig(AppConfig):
    name = "grizha.usage"
    verbose_name = _("Feedback and usage")
