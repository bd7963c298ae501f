"""The monitoring part of the API: indicators, data values, targets and roll-ups."""

import re

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import generics, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from sinergi.api.errors import ApiErrorSerializer
from sinergi.api.filters import FilterSet
from sinergi.monitoring.models import DataValue, Indicator, Period, Target
from sinergi.monitoring.rollups import rollup
from sinergi.monitoring.values import ValueRow, visible_values, write_values
from sinergi.pokja.access import can_view_indicator, can_view_region
from sinergi.regions.models import Region, below


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
            "numerator_label_en",
            "denominator_label_en",
            "source",
            "default_source",
            "default_method",
            "coverage_threshold",
            "is_key",
        ]


class RevisionSerializer(serializers.Serializer):
    """A pending change of a verified value: the figures and note that replace its own once
    verified."""

    value = serializers.DecimalField(max_digits=20, decimal_places=4, source="revised_value")
    numerator = serializers.DecimalField(
        max_digits=20, decimal_places=4, source="revised_numerator", allow_null=True
    )
    denominator = serializers.DecimalField(
        max_digits=20, decimal_places=4, source="revised_denominator", allow_null=True
    )
    note = serializers.CharField(source="revised_note", allow_null=True)
    proposed = serializers.DateTimeField(source="revised_at")


class DataValueSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    revision = serializers.SerializerMethodField(
        help_text="A change of this verified value awaiting verification (null when none); "
        "shown only to those who may read the region's drafts."
    )

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
            "verified",
            "updated",
            "revision",
        ]

    @extend_schema_field(RevisionSerializer(allow_null=True))
    def get_revision(self, value):
        request = self.context.get("request")
        if not value.has_revision or request is None:
            return None
        if not can_view_region(request.user, value.region):
            return None
        return RevisionSerializer(value).data


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


class DataValueFilter(FilterSet):
    indicator = filters.CharFilter(field_name="indicator__code")
    region = filters.CharFilter(field_name="region__code")
    below = filters.CharFilter(
        method="filter_below", help_text="Values of the regions below this region code"
    )

    class Meta:
        model = DataValue
        fields = ["indicator", "region", "year", "period", "source", "method", "status"]

    def filter_below(self, queryset, name, value):
        # The regions first (by the index on their code), then their values by region.
        return queryset.filter(region__in=Region.objects.filter(below(value)).values("pk"))


@method_decorator(login_not_required, name="dispatch")
class DataValueViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicator values with their source and method; drafts only within the caller's scope.
    Listed in the order of the values' unique key (indicator, region, year, period, source,
    method, each by its id), which an index holds: a page of two million values is read
    without sorting them."""

    serializer_class = DataValueSerializer
    permission_classes = [AllowAny]
    filterset_class = DataValueFilter

    def get_queryset(self):
        return (
            visible_values(self.request.user)
            .select_related("indicator", "region")
            .order_by("indicator_id", "region_id", "year", "period", "source", "method")
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("indicator", str, description="Indicator code"),
            OpenApiParameter("region", str, description="Region code"),
        ]
    )
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


class FigureSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    numerator = serializers.DecimalField(max_digits=24, decimal_places=4, allow_null=True)
    denominator = serializers.DecimalField(max_digits=24, decimal_places=4, allow_null=True)
    reported = serializers.IntegerField(help_text="Regions below with a figure (a roll-up)")
    expected = serializers.IntegerField(help_text="Regions below (a roll-up)")
    coverage = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        allow_null=True,
        help_text="Share of the denominator covered, in percent (100 for an entered value)",
    )
    partial = serializers.BooleanField(help_text="Coverage under the indicator's threshold")


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
    reported = serializers.IntegerField(help_text="Regions below with a figure (a roll-up)")
    expected = serializers.IntegerField(help_text="Regions below (a roll-up)")
    coverage = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        allow_null=True,
        help_text="Share of the denominator covered, in percent (100 for an entered value)",
    )
    partial = serializers.BooleanField(help_text="Coverage under the indicator's threshold")
    kind = serializers.CharField(
        allow_null=True,
        help_text="Where `value` comes from: direct (entered for the region) or rollup",
    )
    direct_value = serializers.DecimalField(
        max_digits=20, decimal_places=4, allow_null=True, help_text="Value entered for the region"
    )
    rollup = FigureSerializer(
        allow_null=True, help_text="The regions below added up, when they have values"
    )


@method_decorator(login_not_required, name="dispatch")
class RollupView(generics.GenericAPIView):
    """The figure of an indicator for a region and year (docs/monitoring.md, "Roll-ups"): the
    value entered for the region itself or the regions below added up (the sum of the
    numerators over the sum of the denominators, or the sum of values), whichever is more
    complete, with its coverage by count and by weight, the value entered for the region and
    the roll-up beside it."""

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
        ],
        responses={
            200: RollupSerializer,
            404: OpenApiResponse(ApiErrorSerializer, "No such indicator or region in your scope."),
        },
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
        indicator = get_object_or_404(Indicator, code=params["indicator"])
        region = get_object_or_404(Region, code=params["region"])
        # A non-public indicator is unknown outside the region's scope, as on the dashboards.
        if not can_view_indicator(request.user, indicator, region):
            raise Http404
        year = int(params["year"])
        drafts = can_view_region(request.user, region)
        figure = rollup(indicator, region, year, period, include_drafts=drafts)
        entered, rolled_up = figure.entered, figure.rolled_up
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
            "coverage": figure.coverage,
            "partial": figure.partial,
            "kind": figure.kind or None,
            "direct_value": entered.value if entered else None,
            "rollup": rolled_up,
        }
        return Response(RollupSerializer(data).data)


class ValueRowSerializer(serializers.Serializer):
    """One value to write; the same checks as the XLSX upload apply (monitoring.values)."""

    indicator = serializers.CharField(help_text="Indicator code")
    region = serializers.CharField(help_text="Region code")
    year = serializers.CharField()
    period = serializers.CharField(required=False, allow_blank=True)
    source = serializers.CharField(required=False, allow_blank=True)
    method = serializers.CharField(required=False, allow_blank=True)
    value = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    numerator = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    denominator = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, allow_null=True)


# ValueRowSerializer's fields: (name, required and not blank, may be null).
PLAIN_FIELDS = tuple(
    (name, field.required, field.allow_null) for name, field in ValueRowSerializer().fields.items()
)
MISSING = object()
SURROGATES = re.compile("[\ud800-\udfff]")


def plain_value_rows(data) -> list[dict] | None:
    """The rows of a bulk request as `ValueRowSerializer(many=True)` validates them (its
    `validated_data`), read without it: its fields cost some 25 µs each, a third of the time
    of a 2,000-row write. None when any row is not plain JSON text, numbers and nulls where
    the serializer takes them: the serializer then reads the rows and names the problems."""
    if type(data) is not list:
        return None
    rows = []
    for item in data:
        if type(item) is not dict:
            return None
        row = {}
        for name, required, nullable in PLAIN_FIELDS:
            raw = item.get(name, MISSING)
            if raw is MISSING:
                if required:
                    return None
                continue
            if raw is None:
                if not nullable:
                    return None
                row[name] = None
                continue
            # As serializers.CharField: text or a number (not a boolean), stripped.
            if type(raw) is str:
                text = raw.strip()
            elif type(raw) is int or type(raw) is float:
                text = str(raw).strip()
            else:
                return None
            if not text and required:
                return None
            # CharField's validators refuse NUL and surrogate characters.
            if "\x00" in text or (not text.isascii() and SURROGATES.search(text)):
                return None
            row[name] = text
        rows.append(row)
    return rows


class BulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    revised = serializers.IntegerField(
        help_text="Verified values changed: the change awaits verification, the verified "
        "figures stay published until then."
    )


@method_decorator(login_not_required, name="dispatch")
class BulkValuesView(generics.GenericAPIView):
    """Write many values at once, all or none, in the caller's scope. The rows are checked as
    an XLSX upload is; on any problem nothing is written and every problem is listed with its
    row (counted from 1) and field."""

    permission_classes = [IsAuthenticated]
    serializer_class = ValueRowSerializer
    filter_backends = []
    pagination_class = None

    @extend_schema(request=ValueRowSerializer(many=True), responses=BulkResultSerializer)
    def post(self, request):
        items = plain_value_rows(request.data)
        if items is None:
            serializer = ValueRowSerializer(data=request.data, many=True)
            serializer.is_valid(raise_exception=True)
            items = serializer.validated_data
        rows = [
            ValueRow(row=number, **{k: v for k, v in item.items() if v != ""})
            for number, item in enumerate(items, start=1)
        ]
        summary, problems = write_values(rows, request.user)
        if problems:
            rows = [{"row": p.row, "field": p.column, "message": p.message} for p in problems]
            # The API's error shape (sinergi/api/errors.py), the problems listed by row.
            body = {"detail": str(ValidationError.default_detail), "code": "invalid", "rows": rows}
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(BulkResultSerializer(summary).data)
