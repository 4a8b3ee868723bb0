from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaperConfig(AppConfig):
    name = "grizha.paper"
    verbose_name = _("Leaflets and posters")
