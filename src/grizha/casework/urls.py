"""Public casework pages; mounted under i18n_patterns (Bulgarian at /, English at /en/)."""

from django.urls import path

from grizha.casework.views.public import referrals as public_referrals
from grizha.casework.views.public import requests as views

app_name = "casework"
urlpatterns = [
    path("visit-or-call/", views.visit_request, name="request"),
    path("visit-or-call/check/", views.visit_request_check, name="request-check"),
    path("visit-or-call/sent/", views.visit_request_sent, name="request-sent"),
    path("accessibility/feedback/", views.accessibility_feedback, name="feedback"),
    path("accessibility/feedback/sent/", views.accessibility_feedback_sent, name="feedback-sent"),
    # The receiver of a referral answers through its signed link (casework.services.referral_links).
    path("referrals/answer/<str:token>/", public_referrals.referral_answer, name="referral-answer"),
]
