from django.urls import path

from sinergi.regions import views

app_name = "regions"

urlpatterns = [
    path("wilayah/", views.detail, name="index"),
    path("wilayah/cari/", views.search, name="search"),
    path("wilayah/<region:code>/", views.detail, name="detail"),
]
