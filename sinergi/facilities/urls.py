from django.urls import path

from sinergi.facilities import views

app_name = "facilities"

urlpatterns = [
    path("pokja/<region:code>/sarana/", views.facility_list, name="list"),
    path("pokja/<region:code>/sarana/tambah/", views.add_facility, name="add"),
    path("pokja/<region:code>/sarana/templat.xlsx", views.template, name="template"),
    path("pokja/<region:code>/sarana/impor/", views.import_facilities, name="import"),
    path("pokja/<region:code>/sarana/ekspor.<str:fmt>", views.export, name="export"),
    path("pokja/<region:code>/sarana/<int:pk>/", views.detail, name="detail"),
    path("pokja/<region:code>/sarana/<int:pk>/ubah/", views.edit_facility, name="edit"),
    path("pokja/<region:code>/sarana/<int:pk>/hapus/", views.remove_facility, name="remove"),
    path(
        "pokja/<region:code>/sarana/<int:pk>/inspeksi/",
        views.add_inspection,
        name="add_inspection",
    ),
]
