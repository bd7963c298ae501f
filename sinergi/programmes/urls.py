from django.urls import path

from sinergi.programmes import iati_views, views

app_name = "programmes"

GROUP = "pokja/<region:code>/program/"

urlpatterns = [
    path("program/", views.programme_list, name="list"),
    path("program/ekspor.<str:fmt>", views.export, name="export"),
    path("program/<int:pk>/", views.detail, name="detail"),
    path(GROUP, views.group_programmes, name="group"),
    path(GROUP + "baru/", views.add_programme, name="add"),
    path(GROUP + "<int:pk>/ubah/", views.edit_programme, name="edit"),
    path(GROUP + "<int:pk>/hapus/", views.remove_programme, name="remove"),
    path(GROUP + "<int:pk>/penerimaan/", views.record_intake, name="intake"),
    path(GROUP + "tumpang-tindih/", views.group_overlaps, name="overlaps"),
    path(GROUP + "kebutuhan/", views.group_needs, name="needs"),
    path(GROUP + "templat.xlsx", views.template, name="template"),
    path(GROUP + "impor/", views.import_programmes, name="import"),
    path(GROUP + "impor-iati/", iati_views.import_iati, name="import_iati"),
    path(GROUP + "ekspor.<str:fmt>", views.group_export, name="group_export"),
]
