"""Roster import and export (XLSX). Included by urls.py, in the pokja namespace."""

from django.urls import path

from sinergi.pokja import views_roster_io as views

urlpatterns = [
    path("pokja/<region:code>/anggota/templat.xlsx", views.template, name="roster_template"),
    path("pokja/<region:code>/anggota/impor/", views.import_roster, name="roster_import"),
    path("pokja/<region:code>/anggota/ekspor.xlsx", views.export, name="roster_export"),
]
