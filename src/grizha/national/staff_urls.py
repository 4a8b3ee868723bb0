"""The national catalogue's staff pages, under /staff/national/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from grizha.national.views import dashboard, freshness, reviews

app_name = "national"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", dashboard.dashboard, name="dashboard"),
    path("download.<slug:fmt>", dashboard.dashboard_download, name="dashboard-download"),
    path("freshness/", freshness.freshness, name="freshness"),
    path("freshness/<uuid:service_id>/verify", freshness.verify, name="verify"),
    path("reviews/", reviews.review_list, name="master-reviews"),
    path("reviews/<uuid:review_id>/", reviews.review_detail, name="master-review"),
]
