"""The public pages of analytics (the satisfaction survey), under the language prefixes."""

from grizha.analytics.views.public import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
