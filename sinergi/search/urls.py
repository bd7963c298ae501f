from django.urls import path

from sinergi.search import views

app_name = "search"

urlpatterns = [
    path("cari/", views.results, name="results"),
]
