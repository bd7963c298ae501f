from django.urls import path

from sinergi.activeness import views

app_name = "activeness"

urlpatterns = [
    path("keaktifan/", views.national, name="national"),
    path("keaktifan/<region:code>/", views.province, name="province"),
    path("pokja/<region:code>/keaktifan/", views.group, name="group"),
]
