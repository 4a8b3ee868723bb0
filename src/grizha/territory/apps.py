from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "grizha.territory"
    verbose_name = _("Territory")

    def ready(self) -> None:
        from grizha.territory.models import Site
        from grizha.territory.sites import forget_sites

        post_save.connect(forget_sites, sender=Site, dispatch_uid="territory-site-saved")
        post_delete.connect(forget_sites, sender=Site, dispatch_uid="territory-site-deleted")
