"""Onboarding: the bulk invitation of the secretariats and access requests. Included by
urls.py, in the pokja namespace."""

from django.urls import path

from sinergi.pokja import views_onboarding as views

urlpatterns = [
    path("pokja/undang-sekretariat/", views.invite_secretariats, name="invite_secretariats"),
    path("permintaan-akses/", views.access_requests, name="access_requests"),
    path("pokja/<region:code>/minta-akses/", views.request_access, name="request_access"),
    path(
        "pokja/<region:code>/permintaan-akses/",
        views.group_access_requests,
        name="group_access_requests",
    ),
]
