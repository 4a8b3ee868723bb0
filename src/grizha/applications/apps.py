from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "grizha.applications"
    verbose_name = _("Applications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A service's page shows "Apply online" while its form is open: a change to the form is a change
        # to what the catalog's cached pages show.
        from grizha.applications.models import ApplicationType
        from grizha.catalog.selectors import SERVICE_PAGE_ANNOTATIONS

        for signal in (post_save, post_delete):
            signal.connect(_catalog_changed, sender=ApplicationType, dispatch_uid=f"applications-catalog-{signal}")
        SERVICE_PAGE_ANNOTATIONS["online_form"] = _online_form


def _catalog_changed(sender: Any, **kwargs: Any) -> None:
    from grizha.catalog.versioning import catalog_changed

    if not kwargs.get("raw"):
        catalog_changed()


def _online_form() -> Any:
    """The service's open application form (its id), read with the service itself."""
    from django.db.models import OuterRef, Subquery

    from grizha.applications.models import ApplicationType

    forms = ApplicationType.objects.filter(service=OuterRef("pk"), is_active=True).order_by("title")
    return Subquery(forms.values("pk")[:1])
