"""Public catalog pages; mounted under i18n_patterns (Bulgarian at /, English at /en/)."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from grizha.catalog.sitemaps import SITEMAPS
from grizha.catalog.views import public

urlpatterns = [
    path("", public.home, name="home"),
    path("services/", public.service_list, name="service-list"),
    path("services/<uuid:service_id>/", public.service_detail, name="service-detail"),
    path("organizations/<uuid:organization_id>/", public.organization_detail, name="organization-detail"),
    path("places/<uuid:location_id>/", public.location_detail, name="location-detail"),
    path("offices/", public.office_list, name="office-list"),
    path("accessibility/", public.static_page, {"template": "accessibility"}, name="accessibility"),
    path("privacy/", public.static_page, {"template": "privacy"}, name="privacy"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
