from django.urls import path

from sinergi.pages import views

# Top-level names: Page.get_absolute_url() reverses "page".
urlpatterns = [
    path("halaman/", views.page_list, name="page_list"),
    path("halaman/baru/", views.add_page, name="page_add"),
    path("halaman/<slug:slug>/", views.page, name="page"),
    path("halaman/<slug:slug>/ubah/", views.edit_page, name="page_edit"),
]
