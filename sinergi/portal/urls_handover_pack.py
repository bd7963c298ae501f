"""The handover pack PDF of a working group's handover."""

from django.urls import path

from sinergi.portal import views_handover_pack

urlpatterns = [
    path(
        "pokja/<region:code>/serah-terima/<int:pk>/paket.pdf",
        views_handover_pack.handover_pack,
        name="handover_pack",
    ),
]
