"""Printed documents; mounted under i18n_patterns (Bulgarian at /, English at /en/), CONTRACTS section 5."""

from django.urls import path

from grizha.paper import views
from grizha.paper.feeds import CampaignFeed

urlpatterns = [
    path("services/<uuid:service_id>/qr.svg", views.qr_svg, name="service-qr-svg"),
    path("services/<uuid:service_id>/qr.png", views.qr_png, name="service-qr-png"),
    path("services/<uuid:service_id>/leaflet.pdf", views.leaflet, name="service-leaflet"),
    path("services/<uuid:service_id>/listen/", views.listen, name="service-listen"),
    path("services/<uuid:service_id>/listen/retry", views.listen_retry, name="service-listen-retry"),
    path("services/<uuid:service_id>/audio.mp3", views.listen_audio, name="service-audio"),
    path("leaflets/", views.index, name="paper-index"),
    path("leaflets/booklet.pdf", views.booklet, name="booklet"),
    path("leaflets/offices/<uuid:office_id>/poster.pdf", views.office_poster, name="office-poster"),
    path("leaflets/jobs/", views.job_start, name="paper-job-start"),
    path("leaflets/jobs/<uuid:job_id>/", views.job_detail, name="paper-job"),
    path("leaflets/jobs/<uuid:job_id>/retry", views.job_retry, name="paper-job-retry"),
    path("leaflets/jobs/<uuid:job_id>/document.pdf", views.job_download, name="paper-job-download"),
    path("news/feed.atom", CampaignFeed(), name="campaign-feed"),
    path("news/<uuid:campaign_id>/", views.campaign_detail, name="campaign-detail"),
    path("news/<uuid:campaign_id>/leaflets.pdf", views.campaign_leaflets, name="campaign-leaflets"),
]
