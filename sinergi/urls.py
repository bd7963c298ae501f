from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, register_converter

from sinergi.api import guide as api_guide
from sinergi.portal import views as portal_views
from sinergi.regions.converters import RegionCodeConverter

register_converter(RegionCodeConverter, "region")

# Pages speak Indonesian at their plain address and English under /en/ (one way, everywhere).
urlpatterns = [
    path("healthz", portal_views.healthz, name="healthz"),
    path("api/", include("sinergi.api.urls")),
    path("admin/", admin.site.urls),
    *i18n_patterns(
        path("", include("sinergi.portal.urls")),
        path("", include("sinergi.regions.urls")),
        path("", include("sinergi.pokja.urls")),
        path("", include("sinergi.decrees.urls")),
        path("", include("sinergi.formation.urls")),
        path("", include("sinergi.accounts.urls_notifications")),
        # Before monitoring: the open-data catalogue is /data/ (its export stays data/ekspor.*).
        path("data/", include("sinergi.opendata.urls")),
        path("", include("sinergi.monitoring.urls")),
        path("", include("sinergi.planning.urls")),
        path("", include("sinergi.planning.urls_work")),
        path("", include("sinergi.programmes.urls")),
        path("", include("sinergi.facilities.urls")),
        path("", include("sinergi.meetings.urls")),
        path("", include("sinergi.pages.urls")),
        path("", include("sinergi.library.urls")),
        path("", include("sinergi.knowledge.urls")),
        path("", include("sinergi.news.urls")),
        path("", include("sinergi.search.urls")),
        path("", include("sinergi.activeness.urls")),
        path("akun/", include("sinergi.accounts.urls")),
        # The API guide in English (/en/api/docs/); /api/docs/ (api:docs) is its Indonesian.
        path("api/docs/", api_guide.guide, name="api_guide"),
        prefix_default_language=False,
    ),
]

# Uploaded files are never served by address, not even in development: every one goes through
# a view that checks the reader's scope (sinergi/lib/downloads.py).

handler400 = "sinergi.lib.errors.bad_request"
handler404 = "sinergi.lib.errors.page_not_found"
handler500 = "sinergi.lib.errors.server_error"
