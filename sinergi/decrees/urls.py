from django.urls import path

from sinergi.decrees import views

app_name = "decrees"

urlpatterns = [
    path("kepatuhan/", views.compliance, name="compliance"),
    path("kepatuhan/ekspor.xlsx", views.compliance_export, name="compliance_export"),
    path("pokja/<region:code>/sk/", views.decrees, name="list"),
    path("pokja/<region:code>/sk/tambah/", views.add_decree, name="add"),
    path("pokja/<region:code>/sk/<int:pk>/", views.detail, name="detail"),
    path("pokja/<region:code>/sk/<int:pk>/ubah/", views.edit_decree, name="edit"),
    path("pokja/<region:code>/sk/<int:pk>/pindaian/", views.scan, name="scan"),
]
