"""The citizen's application pages; mounted at /applications/ under i18n_patterns (Bulgarian at /,
English at /en/)."""

from django.urls import path

from grizha.applications.views import public as views

app_name = "applications"
urlpatterns = [
    path("", views.application_index, name="index"),
    path("sent/", views.application_sent, name="sent"),
    path("status/", views.application_status_find, name="status-find"),
    path("status/<str:reference>/", views.application_status, name="status"),
    path("<uuid:type_id>/", views.application_start, name="start"),
    path("<uuid:type_id>/tasks/", views.application_tasks, name="tasks"),
    path("<uuid:type_id>/details/", views.application_identity, name="identity"),
    path("<uuid:type_id>/questions/<slug:key>/", views.application_question, name="question"),
    path("<uuid:type_id>/documents/", views.application_documents, name="documents"),
    path("<uuid:type_id>/check/", views.application_check, name="check"),
]
