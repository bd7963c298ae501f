"""The site's addresses plus the programme endpoint, until sinergi/api/urls.py registers it."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from sinergi.api.programmes import ProgrammeViewSet
from sinergi.urls import urlpatterns as site_urlpatterns

router = SimpleRouter()
router.register("programmes", ProgrammeViewSet, basename="programme")

urlpatterns = [path("api/", include(router.urls)), *site_urlpatterns]
