from django.urls import include, path

from sinergi.portal import views, views_compliance

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("pokja/", views.directory_page, name="directory"),
    path("pokja/ekspor.<str:fmt>", views.directory_export, name="directory_export"),
    path("pokja/<region:code>/", views.profile, name="profile"),
    path("kepatuhan/", views_compliance.compliance, name="compliance"),
    path("kepatuhan/ekspor.xlsx", views_compliance.compliance_export, name="compliance_export"),
    # The directory map data, in this namespace.
    path("", include("sinergi.portal.urls_map")),
    # The handover pack PDF, in this namespace.
    path("", include("sinergi.portal.urls_handover_pack")),
]
