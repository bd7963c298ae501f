"""The work plan as files (XLSX template, import, export) and its realisation report.
Included by urls_work.py, in the workplans namespace."""

from django.urls import path

from sinergi.planning import views_io as views

urlpatterns = [
    path(
        "pokja/<region:code>/rkt/<int:year>/templat.xlsx",
        views.template,
        name="planning_template",
    ),
    path("pokja/<region:code>/rkt/<int:year>/impor/", views.import_plan, name="planning_import"),
    path("pokja/<region:code>/rkt/<int:year>/ekspor.xlsx", views.export, name="planning_export"),
    path(
        "pokja/<region:code>/rkt/<int:year>/laporan-realisasi/",
        views.realisation_report,
        name="planning_realisation_report",
    ),
]
