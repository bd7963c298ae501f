from django.urls import path

from sinergi.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("pokja/", views.directory_page, name="directory"),
    path("pokja/ekspor.<str:fmt>", views.directory_export, name="directory_export"),
    path("pokja/<region:code>/", views.profile, name="profile"),
]
