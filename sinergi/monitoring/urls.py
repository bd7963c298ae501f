"""Public pages of the indicators: the open-data catalogue and the dashboards with their map."""

from django.urls import include, path

from sinergi.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("pemantauan/indikator/", views.catalogue, name="catalogue"),
    path("pemantauan/", views.dashboard, name="dashboard"),
    path("pemantauan/peta.json", views.map_data, name="map_data"),
    path("pemantauan/<region:code>/", views.dashboard, name="dashboard"),
    # Data entry, import, export and targets, in this namespace.
    path("", include("sinergi.monitoring.urls_entry")),
]
