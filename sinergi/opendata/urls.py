"""The open-data catalogue, included at data/ (before the monitoring app, whose indicator
export lives at data/ekspor.<fmt>)."""

from django.urls import path

from sinergi.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("catalog.jsonld", views.dcat_catalogue, name="dcat"),
    path("unduh/<slug:slug>.<str:fmt>", views.download, name="download"),
    path("<slug:slug>/", views.dataset, name="dataset"),
]
