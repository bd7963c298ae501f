"""The programme register in the API (open data): programmes with their locations, targets and
the groups they report to. Contact e-mail and phone only for readers in scope of a group the
programme reports to or that registered it, as on the HTML pages."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.utils.decorators import method_decorator
from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from sinergi.api.filters import FilterSet
from sinergi.monitoring.models import Indicator
from sinergi.pokja.access import scope_of
from sinergi.pokja.models import WorkingGroup
from sinergi.programmes.models import Programme, ProgrammeTarget
from sinergi.regions.models import Region


class ProgrammeTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammeTarget
        fields = ["description", "quantity", "unit"]


class ProgrammeSerializer(serializers.ModelSerializer):
    registered_by = serializers.CharField(source="registered_by.code", read_only=True)
    working_groups = serializers.SerializerMethodField(
        help_text="Region codes of the working groups it reports to"
    )
    locations = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    targets = ProgrammeTargetSerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "kind",
            "sector",
            "funder",
            "implementer",
            "starts_on",
            "ends_on",
            "budget",
            "status",
            "contact_name",
            "contact_email",
            "contact_phone",
            "registered_by",
            "working_groups",
            "locations",
            "targets",
            "updated",
        ]
        # null when the caller may not see the contact (Programme.contact_visible_to)
        extra_kwargs = {
            "contact_email": {"allow_null": True},
            "contact_phone": {"allow_null": True},
        }

    def get_working_groups(self, programme) -> list[str]:
        return [group.code for group in programme.working_groups.all()]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not instance.contact_visible_to(scope_of(self.context["request"].user)):
            data["contact_email"] = data["contact_phone"] = None
        return data


class ProgrammeFilter(FilterSet):
    region = filters.CharFilter(
        method="filter_region", help_text="Programmes located at this region code or below it"
    )
    sector = filters.ChoiceFilter(choices=Indicator.Sector.choices)
    status = filters.ChoiceFilter(choices=Programme.Status.choices)

    class Meta:
        model = Programme
        fields = ["region", "sector", "status", "kind"]

    def filter_region(self, queryset, name, value):
        return queryset.located_under(value)


@method_decorator(login_not_required, name="dispatch")
class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """External water and sanitation programmes (open data; contacts within scope)."""

    serializer_class = ProgrammeSerializer
    permission_classes = [AllowAny]
    filterset_class = ProgrammeFilter

    def get_queryset(self):
        # Only the columns the serializer and the contact check read: a page of 100
        # programmes has some 1,000 locations.
        groups = WorkingGroup.objects.select_related("region").only("region__code")
        return (
            Programme.objects.select_related("registered_by__region")
            .prefetch_related(
                Prefetch("working_groups", queryset=groups),
                Prefetch("locations", queryset=Region.objects.only("code")),
                Prefetch("targets", queryset=ProgrammeTarget.objects.order_by("pk")),
            )
            .order_by("-starts_on", "name", "pk")
        )
