from django.urls import path

from sinergi.library import views

app_name = "library"

urlpatterns = [
    path("pustaka/", views.library, name="library"),
    path("pustaka/<int:pk>/", views.document, name="document"),
    path("pustaka/<int:pk>/unduh/", views.download, name="document_download"),
    path(
        "pustaka/<int:pk>/v<int:number>/unduh/",
        views.download,
        name="document_version_download",
    ),
    path("pokja/<region:code>/pustaka/", views.group_library, name="group_library"),
    path("pokja/<region:code>/pustaka/baru/", views.add_document, name="add_document"),
    path("pokja/<region:code>/pustaka/<int:pk>/ubah/", views.edit_document, name="edit_document"),
    path(
        "pokja/<region:code>/pustaka/<int:pk>/hapus/",
        views.remove_document,
        name="remove_document",
    ),
    path(
        "pokja/<region:code>/pustaka/<int:pk>/versi-baru/",
        views.add_version,
        name="add_document_version",
    ),
]
