from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "grizha.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from grizha.search import hooks

        hooks.connect_signals()
