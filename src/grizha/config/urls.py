"""Root URLs: citizens' pages in Bulgarian at / and English at /en/; machines and staff outside."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from grizha.core import views as core_views
from grizha.core.api import api
from grizha.screening.urls import staff_urlpatterns as screening_staff_urls

handler404 = "grizha.core.views.page_not_found"
handler500 = "grizha.core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("livez", core_views.livez, name="livez"),
    path("readyz", core_views.readyz, name="readyz"),
    path("metrics", core_views.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("staff/screening/", include(screening_staff_urls)),
    path("staff/", include("grizha.accounts.urls")),
    path("staff/", include("grizha.casework.staff_urls")),
    path("staff/", include("grizha.applications.staff_urls")),
    path("staff/", include("grizha.analytics.staff_urls")),
    path("staff/", include("grizha.training.staff_urls")),
    path("staff/national/", include("grizha.national.staff_urls")),
    path("staff/usage/", include("grizha.usage.staff_urls")),
    path("staff/tasks/", include("grizha.core.staff_urls")),
]
if settings.GRIZHA_BENCH:
    # The baseline of bench/service_page.py: same settings and middleware, no database.
    urlpatterns.append(path("bench/trivial", core_views.trivial, name="bench-trivial"))
urlpatterns += i18n_patterns(
    path("", include("grizha.catalog.urls")),
    path("", include("grizha.paper.urls")),
    path("screening/", include("grizha.screening.urls")),
    path("", include("grizha.core.urls")),
    path("", include("grizha.casework.urls")),
    path("appointments/", include("grizha.casework.appointment_urls")),
    path("applications/", include("grizha.applications.urls")),
    path("search/", include("grizha.search.urls")),
    path("", include("grizha.analytics.urls")),
    path("", include("grizha.training.urls")),
    path("", include("grizha.usage.urls")),
    prefix_default_language=False,
)
