from django.urls import path

from sinergi.pokja import views

app_name = "pokja"

urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("pokja/<region:code>/", views.detail, name="detail"),
    path("pokja/<region:code>/ruang-kerja/", views.workspace, name="workspace"),
    path("pokja/<region:code>/ubah/", views.edit, name="edit"),
]
