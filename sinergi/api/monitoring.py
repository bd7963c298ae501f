"""The monitoring part of the API: indicators, data values, targets and roll-ups."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sinergi.monitoring.models import DataValue, Indicator, Period, Target
from sinergi.monitoring.rollups import direct_values, rollup
from sinergi.pokja.access import scope_of
from sinergi.regions.models import Region


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_id",
            "name_en",
            "definition_id",
            "definition_en",
            "unit",
            "sector",
            "direction",
            "aggregation",
            "scale",
            "numerator_label",
            "denominator_label",
            "source",
            "default_source",
            "default_method",
            "is_key",
        ]


class DataValueSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = DataValue
        fields = [
            "id",
            "indicator",
            "region",
            "year",
            "period",
            "source",
            "method",
            "value",
            "numerator",
            "denominator",
            "note",
            "status",
            "updated",
        ]


class TargetSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Target
        fields = ["indicator", "region", "year", "value", "basis"]


@method_decorator(login_not_required, name="dispatch")
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicator catalogue (open data)."""

    serializer_class = IndicatorSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    filterset_fields = ["sector", "is_key"]

    def get_queryset(self):
        indicators = Indicator.objects.order_by("order", "code")
        if not self.request.user.is_authenticated:
            indicators = indicators.filter(is_public=True)
        return indicators


class DataValueFilter(filters.FilterSet):
    indicator = filters.CharFilter(field_name="indicator__code")
    region = filters.CharFilter(field_name="region__code")
    below = filters.CharFilter(
        method="filter_below", help_text="Values of the regions below this region code"
    )

    class Meta:
        model = DataValue
        fields = ["indicator", "region", "year", "period", "source", "method", "status"]

    def filter_below(self, queryset, name, value):
        if value == Region.NATIONAL_CODE:
            return queryset
        return queryset.filter(region__code__startswith=f"{value}.")


def visible_values(user):
    """Verified values of public indicators for everyone; drafts too within the user's scope."""
    scope = scope_of(user)
    public = Q(status=DataValue.Status.VERIFIED, indicator__is_public=True)
    if scope.read_all:
        return DataValue.objects.all()
    codes = scope.read_codes | scope.read_provinces
    private = Q(pk__in=[])
    for code in codes:
        private |= Q(region__code=code) | Q(region__code__startswith=f"{code}.")
    return DataValue.objects.filter(public | private)


@method_decorator(login_not_required, name="dispatch")
class DataValueViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicator values with their source and method; drafts only within the caller's scope."""

    serializer_class = DataValueSerializer
    permission_classes = [AllowAny]
    filterset_class = DataValueFilter

    def get_queryset(self):
        return (
            visible_values(self.request.user)
            .select_related("indicator", "region")
            .order_by("indicator__code", "region__code", "year", "period", "pk")
        )


@method_decorator(login_not_required, name="dispatch")
class TargetViewSet(viewsets.ReadOnlyModelViewSet):
    """Targets per indicator, region and year (open data)."""

    serializer_class = TargetSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["year"]

    def get_queryset(self):
        targets = Target.objects.filter(indicator__is_public=True).select_related(
            "indicator", "region"
        )
        for param, field in (("indicator", "indicator__code"), ("region", "region__code")):
            if self.request.query_params.get(param):
                targets = targets.filter(**{field: self.request.query_params[param]})
        return targets.order_by("indicator__code", "region__code", "year")


class RollupSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    region = serializers.CharField()
    year = serializers.IntegerField()
    period = serializers.CharField()
    source = serializers.CharField()
    method = serializers.CharField()
    value = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    numerator = serializers.DecimalField(max_digits=24, decimal_places=4, allow_null=True)
    denominator = serializers.DecimalField(max_digits=24, decimal_places=4, allow_null=True)
    reported = serializers.IntegerField(help_text="Regions below with a value")
    expected = serializers.IntegerField(help_text="Regions below")
    direct_value = serializers.DecimalField(
        max_digits=20, decimal_places=4, allow_null=True, help_text="Value entered for the region"
    )


@method_decorator(login_not_required, name="dispatch")
class RollupView(generics.GenericAPIView):
    """The roll-up of an indicator for a region and year: the sum of the numerators over the
    sum of the denominators (or the sum of values) of the regions below, with how many
    reported, and the value entered for the region itself when there is one."""

    permission_classes = [AllowAny]
    serializer_class = RollupSerializer
    filter_backends = []
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("indicator", str, required=True),
            OpenApiParameter("region", str, required=True),
            OpenApiParameter("year", int, required=True),
            OpenApiParameter("period", str, enum=Period.values),
        ]
    )
    def get(self, request):
        params = request.query_params
        errors = {
            name: [_("This parameter is required.")]
            for name in ("indicator", "region", "year")
            if not params.get(name)
        }
        if not params.get("year", "").isdigit():
            errors.setdefault("year", [_("A year such as 2024.")])
        period = params.get("period", Period.YEAR)
        if period not in Period.values:
            errors["period"] = [_("One of: %(values)s.") % {"values": ", ".join(Period.values)}]
        if errors:
            raise ValidationError(errors)
        indicators = Indicator.objects.all()
        if not request.user.is_authenticated:
            indicators = indicators.filter(is_public=True)
        indicator = get_object_or_404(indicators, code=params["indicator"])
        region = get_object_or_404(Region, code=params["region"])
        year = int(params["year"])
        drafts = scope_of(request.user).can_view_region(region)
        figure = rollup(indicator, region, year, period, include_drafts=drafts)
        direct = direct_values([indicator], region, [year], include_drafts=drafts).get(
            (indicator.pk, year)
        )
        data = {
            "indicator": indicator.code,
            "region": region.code,
            "year": year,
            "period": period,
            "source": indicator.default_source,
            "method": indicator.default_method,
            "value": figure.value,
            "numerator": figure.numerator,
            "denominator": figure.denominator,
            "reported": figure.reported,
            "expected": figure.expected,
            "direct_value": direct.value if direct else None,
        }
        return Response(RollupSerializer(data).data)
