from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalConfig(AppConfig):
    name = "grizha.national"
    verbose_name = _("National catalogue")

    def ready(self) -> None:
        # Their audit actions are named when imported: a history page must read them before any import ran.
        from grizha.national import iisda, services  # noqa: F401
