"""The front office's pages; mounted at /staff/ (outside the language prefixes: staff choose theirs).
Each part of the work lists its own URLs in its views module."""

from django.urls import URLPattern

from grizha.casework.views.staff import appointments, consultations, people, queue, referrals, requests

urlpatterns: list[URLPattern] = [
    *queue.urlpatterns,
    *requests.urlpatterns,
    *people.urlpatterns,
    *consultations.urlpatterns,
    *referrals.urlpatterns,
    *appointments.urlpatterns,
]
