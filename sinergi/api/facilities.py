"""The facilities part of the API: the facility register (public infrastructure, open data) and
the inspections (within the caller's scope), with recording an inspection."""

from auditlog.context import set_actor
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from sinergi.api.filters import FilterSet
from sinergi.facilities.forms import InspectionForm
from sinergi.facilities.models import Facility, Inspection
from sinergi.facilities.stats import NOT_INSPECTED
from sinergi.pokja.access import can_edit_region, region_filter
from sinergi.regions.models import at_or_below


class FacilitySerializer(serializers.ModelSerializer):
    village = serializers.SlugRelatedField(slug_field="code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    programme = serializers.PrimaryKeyRelatedField(read_only=True)
    status = serializers.SerializerMethodField(
        help_text="Functional status at the latest inspection, or 'belum' (not inspected)"
    )

    class Meta:
        model = Facility
        fields = [
            "id",
            "kind",
            "name",
            "village",
            "village_name",
            "latitude",
            "longitude",
            "year_built",
            "programme",
            "capacity",
            "capacity_unit",
            "people_served",
            "households_served",
            "manager_kind",
            "manager_name",
            "status",
            "last_inspected_on",
        ]

    def get_status(self, facility) -> str:
        return facility.status or NOT_INSPECTED


class InspectionSerializer(serializers.ModelSerializer):
    inspected_by = serializers.CharField(
        source="inspected_by.get_full_name", read_only=True, default=None
    )

    class Meta:
        model = Inspection
        fields = ["id", "facility", "inspected_on", "status", "problem", "inspected_by", "created"]
        read_only_fields = ["id", "inspected_by", "created"]


class FacilityFilter(FilterSet):
    below = filters.CharFilter(method="filter_below", help_text="Facilities below this region code")
    status = filters.CharFilter(method="filter_status", help_text="Latest status, or 'belum'")

    class Meta:
        model = Facility
        fields = ["kind", "programme", "manager_kind"]

    def filter_below(self, queryset, name, value):
        return queryset.filter(at_or_below(value, "village__code"))

    def filter_status(self, queryset, name, value):
        if value == NOT_INSPECTED:
            return queryset.filter(status__isnull=True)
        return queryset.filter(status=value)


@method_decorator(login_not_required, name="dispatch")
class FacilityViewSet(viewsets.ReadOnlyModelViewSet):
    """Built water and sanitation facilities with their latest functional status (open data:
    who inspected them is not shown here)."""

    serializer_class = FacilitySerializer
    permission_classes = [AllowAny]
    filterset_class = FacilityFilter

    def get_queryset(self):
        return Facility.objects.select_related("village").order_by("village__code", "name", "pk")


class InspectionFilter(FilterSet):
    below = filters.CharFilter(
        method="filter_below", help_text="Inspections below this region code"
    )

    class Meta:
        model = Inspection
        fields = ["facility", "status"]

    def filter_below(self, queryset, name, value):
        return queryset.filter(at_or_below(value, "facility__village__code"))


# The most facilities an inspection list names rather than joins (InspectionViewSet).
NAMED = 2_000


@method_decorator(login_not_required, name="dispatch")
class InspectionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Inspections of facilities in the regions the caller may read; recording one needs the
    right to write the data of the facility's village (a secretariat above it)."""

    serializer_class = InspectionSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = InspectionFilter

    def get_queryset(self):
        inspections = Inspection.objects.select_related("inspected_by").order_by(
            "-inspected_on", "-pk"
        )
        user = self.request.user
        scope = region_filter(user, "village__code")
        if not scope:  # every region: the newest first, through inspection_newest
            return inspections
        # A narrow scope (a kabupaten's few hundred facilities): named, so that PostgreSQL reads
        # their inspections through inspection_latest instead of walking the whole country's
        # newest ones in search of them (120 ms → 5 ms on the national benchmark data). A wide
        # one (a province) joins.
        ids = list(Facility.objects.filter(scope).values_list("pk", flat=True)[: NAMED + 1])
        if len(ids) <= NAMED:
            return inspections.filter(facility__in=ids)
        return inspections.filter(region_filter(user, "facility__village__code"))

    def create(self, request, *args, **kwargs):
        facility_id = str(request.data.get("facility", ""))
        if not facility_id.isdigit():
            raise ValidationError({"facility": [_("The id of a facility.")]})
        facility = get_object_or_404(Facility.objects.select_related("village"), pk=facility_id)
        if not can_edit_region(request.user, facility.village):
            raise PermissionDenied
        # The same checks as the page's form.
        form = InspectionForm(request.data)
        if not form.is_valid():
            raise ValidationError(
                {
                    field: [e["message"] for e in errors]
                    for field, errors in form.errors.get_json_data().items()
                }
            )
        inspection = form.save(commit=False)
        inspection.facility, inspection.inspected_by = facility, request.user
        with set_actor(request.user):  # token clients are known only here, not to the middleware
            inspection.save()
        return Response(self.get_serializer(inspection).data, status=status.HTTP_201_CREATED)
