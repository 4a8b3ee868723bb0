"""Staff login, logout and login codes; mounted at /staff/."""

from django.urls import path

from grizha.accounts import views

urlpatterns = [
    path("login/", views.login_view, name="staff-login"),
    path("logout/", views.logout_view, name="staff-logout"),
    path("login-codes/", views.two_factor, name="staff-two-factor"),
]
