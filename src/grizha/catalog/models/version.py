"""One number that changes whenever the catalog does; it keys every cached page and document."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CatalogVersion(models.Model):
    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.PositiveBigIntegerField(_("version"), default=1)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("catalog version")
        verbose_name_plural = _("catalog versions")

    def __str__(self) -> str:
        return str(self.version)
