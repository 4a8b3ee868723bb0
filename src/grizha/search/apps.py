from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "grizha.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from grizha.search import hooks

        hooks.connect_signals()
        post_migrate.connect(hooks.rebuild_if_incomplete, sender=self, dispatch_uid="search-rebuild-after-migrate")
