"""Roster import and export (XLSX). Included without a namespace: names start with roster_."""

from django.urls import path

from sinergi.pokja import views_roster_io as views

urlpatterns = [
    path("pokja/<region:code>/anggota/templat.xlsx", views.template, name="roster_template"),
    path("pokja/<region:code>/anggota/impor/", views.import_roster, name="roster_import"),
    path("pokja/<region:code>/anggota/ekspor.xlsx", views.export, name="roster_export"),
]
