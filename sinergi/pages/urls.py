from django.urls import path

from sinergi.pages import views

app_name = "pages"

urlpatterns = [
    path("halaman/", views.page_list, name="page_list"),
    path("halaman/baru/", views.add_page, name="page_add"),
    path("halaman/<slug:slug>/", views.page, name="page"),
    path("halaman/<slug:slug>/ubah/", views.edit_page, name="page_edit"),
]
