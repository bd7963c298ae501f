"""The activeness index in the API (open data, like the directory): every working group of a
province or kabupaten/kota with its index and the points of each component, and one group's
breakdown with the evidence and the next step. Only counts: nothing private.

Routed by sinergi/api/urls.py as `include("sinergi.api.activeness")` under `activeness/`.
"""

import re

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny

from sinergi.activeness.index import WEIGHTS, ranked
from sinergi.regions.models import Region


class ActivenessSerializer(serializers.Serializer):
    code = serializers.CharField()
    working_group = serializers.CharField(source="name")
    region = serializers.CharField(source="evidence.region_name")
    level = serializers.IntegerField(source="evidence.level")
    province = serializers.CharField(source="evidence.province_code")
    rank = serializers.IntegerField(help_text="Rank among all indexed working groups")
    index = serializers.IntegerField(source="total", help_text="0 to 100")
    points = serializers.DictField(
        child=serializers.FloatField(),
        help_text="Points of each component: "
        + ", ".join(f"{k} (max {w})" for k, w in WEIGHTS.items()),
    )


class ComponentSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    role = serializers.CharField()
    points = serializers.FloatField()
    max = serializers.IntegerField(source="weight")
    evidence = serializers.CharField()
    next_step = serializers.CharField()
    url = serializers.CharField(allow_null=True, help_text="The page where to act (sign-in needed)")


class ActivenessDetailSerializer(ActivenessSerializer):
    components = ComponentSerializer(many=True)
    date = serializers.DateField(source="evidence.today")


@method_decorator(login_not_required, name="dispatch")
class ActivenessListView(generics.ListAPIView):
    """The activeness index of every working group of a province or kabupaten/kota, highest
    first, with the points of each component (see docs/activeness.md)."""

    serializer_class = ActivenessSerializer
    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends = []

    @extend_schema(
        parameters=[
            OpenApiParameter("province", str, description="Only this province (code, e.g. 32)"),
            OpenApiParameter("level", int, enum=[1, 2], description="1 provinces, 2 kab/kota"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        province, level = params.get("province", ""), params.get("level", "")
        errors = {}
        if province and not (
            re.fullmatch(r"[0-9]{2}", province)
            and Region.objects.filter(code=province, level=Region.Level.PROVINCE).exists()
        ):
            errors["province"] = [_("No province has the code %(code)s.") % {"code": province}]
        if level and level not in ("1", "2"):
            errors["level"] = [_("1 for provinces or 2 for regencies and cities.")]
        if errors:
            raise ValidationError(errors)
        indexes = ranked()
        if province:
            indexes = [i for i in indexes if i.evidence.province_code == province]
        if level:
            indexes = [i for i in indexes if i.evidence.level == int(level)]
        return indexes


@method_decorator(login_not_required, name="dispatch")
class ActivenessDetailView(generics.RetrieveAPIView):
    """One working group's activeness index: each component with its points, the evidence and
    what to do next."""

    serializer_class = ActivenessDetailSerializer
    permission_classes = [AllowAny]
    filter_backends = []

    def get_object(self):
        found = next((i for i in ranked() if i.code == self.kwargs["code"]), None)
        if found is None:
            raise Http404
        return found


urlpatterns = [
    path("", ActivenessListView.as_view(), name="activeness"),
    path("<region:code>/", ActivenessDetailView.as_view(), name="activeness-detail"),
]
