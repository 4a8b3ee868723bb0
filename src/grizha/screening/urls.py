"""Screening pages: the citizen questionnaire (under i18n_patterns, /screening/ and /en/screening/)
and the staff one-page version (`staff_urlpatterns`, mounted at /staff/screening/)."""

from django.urls import path

from grizha.screening.views import public, staff

app_name = "screening"

urlpatterns = [
    path("", public.start, name="start"),
    path("check/", public.check, name="check"),
    path("start-again/", public.start_again, name="start-again"),
    path("results/", public.results, name="results"),
    path("results/print/", public.results, {"printable": True}, name="print"),
    path("results/email/", public.email, name="email"),
    path("results/email/sent/", public.email_sent, name="email-sent"),
    path("results/call-back/", public.callback, name="callback"),
    path("results/call-back/sent/", public.callback_sent, name="callback-sent"),
    path("<slug:step>/", public.question, name="question"),
]

staff_urlpatterns = [
    path("", staff.screening, name="staff-screening"),
]
