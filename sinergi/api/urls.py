from csp.decorators import csp_update
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView, DefaultRouter

from sinergi.api import content, facilities, guide, monitoring, planning, programmes, views
from sinergi.api.formation import FormationViewSet
from sinergi.api.library import DocumentViewSet
from sinergi.api.meetings import ActionItemViewSet, DecisionViewSet, MeetingViewSet
from sinergi.api.schema_view import SchemaView


class PublicAPIRootView(APIRootView):
    """Sinergi's REST API. Open data needs no login; working data needs a token. The guide,
    in Indonesian and English, with examples: [/api/docs/](/api/docs/)."""

    permission_classes = [AllowAny]


router = DefaultRouter()
router.APIRootView = PublicAPIRootView
router.include_root_view = False  # served below, outside the sign-in redirect
router.register("regions", views.RegionViewSet, basename="region")
router.register("working-groups", views.WorkingGroupViewSet, basename="working-group")
router.register("institutions", views.InstitutionViewSet, basename="institution")
router.register("people", views.PersonViewSet, basename="person")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("decrees", views.DecreeViewSet, basename="decree")
router.register("formations", FormationViewSet, basename="formation")
router.register("indicators", monitoring.IndicatorViewSet, basename="indicator")
router.register("data-values", monitoring.DataValueViewSet, basename="data-value")
router.register("targets", monitoring.TargetViewSet, basename="target")
router.register("strategic-plans", planning.StrategicPlanViewSet, basename="strategic-plan")
router.register("work-plans", planning.WorkPlanViewSet, basename="work-plan")
router.register("programmes", programmes.ProgrammeViewSet, basename="programme")
router.register("facilities", facilities.FacilityViewSet, basename="facility")
router.register("inspections", facilities.InspectionViewSet, basename="inspection")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("action-items", ActionItemViewSet, basename="action-item")
router.register("pages", content.PageViewSet, basename="page")
router.register("news", content.PostViewSet, basename="news")
router.register("articles", content.ArticleViewSet, basename="article")
router.register("documents", DocumentViewSet, basename="document")

app_name = "api"

# Swagger UI with its start-up script served as a file (?script=) rather than inline, under the
# site's Content-Security-Policy plus data: images, which its stylesheet uses for icons.
api_docs = csp_update({"img-src": "data:"})(
    SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/docs.html")
)

urlpatterns = [
    path("", login_not_required(router.get_api_root_view()), name="root"),
    path("schema/", login_not_required(SchemaView.as_view()), name="schema"),
    path("docs/", guide.guide, name="docs"),
    path("docs/explorer/", login_not_required(api_docs), name="explorer"),
    path("directory/", views.DirectoryView.as_view(), name="directory"),
    path("activeness/", include("sinergi.api.activeness")),
    path("exchange/", include("sinergi.api.exchange")),
    path("rollups/", monitoring.RollupView.as_view(), name="rollup"),
    path("data-values/bulk/", monitoring.BulkValuesView.as_view(), name="data-values-bulk"),
    path("", include(router.urls)),
]
