"""Data entry, import, export and targets; included by urls.py, in the monitoring namespace."""

from django.urls import path

from sinergi.monitoring import views_entry as views
from sinergi.monitoring.views_exchange import import_exchange

urlpatterns = [
    path("pokja/<region:code>/data/", views.entry, name="data_entry"),
    path("pokja/<region:code>/data/verifikasi/", views.verify, name="data_verify"),
    path("pokja/<region:code>/data/templat.xlsx", views.template, name="data_template"),
    path("pokja/<region:code>/data/impor/", views.import_values, name="data_import"),
    path("pokja/<region:code>/data/impor-dhis2-sdmx/", import_exchange, name="data_exchange"),
    path("pokja/<region:code>/target/", views.targets, name="data_targets"),
    path("data/ekspor.<str:fmt>", views.export, name="data_export"),
]
