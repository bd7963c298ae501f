from django.urls import include, path

from sinergi.decrees import views

app_name = "decrees"

urlpatterns = [
    path("pokja/<region:code>/sk/", views.decrees, name="list"),
    path("pokja/<region:code>/sk/tambah/", views.add_decree, name="add"),
    path("pokja/<region:code>/sk/<int:pk>/", views.detail, name="detail"),
    path("pokja/<region:code>/sk/<int:pk>/ubah/", views.edit_decree, name="edit"),
    path("pokja/<region:code>/sk/<int:pk>/pindaian/", views.scan, name="scan"),
    # The draft decree as DOCX or PDF, in this namespace.
    path("", include("sinergi.decrees.urls_drafts")),
]
