"""The public pages of training (a certificate's check), under the language prefixes."""

from grizha.training.views.public import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
