from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "grizha.catalog"
    verbose_name = _("Catalog")

    def ready(self) -> None:
        from grizha.catalog import versioning

        versioning.connect_signals()
