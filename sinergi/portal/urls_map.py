"""The coverage map of the directory: its data, for static/js/directory-map.js."""

from django.urls import path

from sinergi.portal import views_map

urlpatterns = [
    path("pokja/peta.json", views_map.directory_map_data, name="directory_map_data"),
]
