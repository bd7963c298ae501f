"""The formations in the REST API: read-only, in the caller's scope (pokja.access)."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.decorators import method_decorator
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from sinergi.decrees.models import Decree
from sinergi.formation.models import Formation, FormationStep, Stakeholder
from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import CODE_PATTERN


class StepSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(help_text="1 to 4, in the order of the source.")
    title = serializers.CharField(source="get_number_display")
    evidence = serializers.SlugRelatedField(slug_field="title", many=True, read_only=True)

    class Meta:
        model = FormationStep
        fields = ["number", "title", "status", "started_on", "done_on", "notes", "evidence"]


LEVELS = "1 low, 2 medium, 3 high"


class StakeholderSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")
    # Plain integers: one enum for both would get two names in the OpenAPI schema.
    interest = serializers.IntegerField(help_text=LEVELS)
    influence = serializers.IntegerField(help_text=LEVELS)

    class Meta:
        model = Stakeholder
        fields = ["id", "name", "institution", "interest", "influence", "notes"]


class FormationSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="working_group.region.code")
    working_group = serializers.CharField(source="working_group.name")
    lead_institution = serializers.PrimaryKeyRelatedField(read_only=True)
    lead_institution_name = serializers.CharField(source="lead_institution.name")
    is_complete = serializers.BooleanField(
        help_text="Whether the first decree has been recorded, which activates the group."
    )
    steps = StepSerializer(many=True)
    stakeholders = StakeholderSerializer(many=True)

    class Meta:
        model = Formation
        fields = [
            "region",
            "working_group",
            "lead_institution",
            "lead_institution_name",
            "started_on",
            "is_complete",
            "orientation_meeting_on",
            "structure",
            "positions",
            "directions",
            "priorities",
            "steps",
            "stakeholders",
        ]
        read_only_fields = fields


# The API answers for itself (DRF permissions, JSON errors), like sinergi/api/views.py.
@method_decorator(login_not_required, name="dispatch")
class FormationViewSet(viewsets.ReadOnlyModelViewSet):
    """The formations of the working groups in the caller's scope, with their four steps and
    stakeholder map. A formation is complete once the group's first decree is recorded."""

    serializer_class = FormationSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "working_group__region__code"
    lookup_url_kwarg = "code"
    lookup_value_regex = CODE_PATTERN

    def get_queryset(self):
        visible = WorkingGroup.objects.visible_to(self.request.user)
        return (
            Formation.objects.filter(working_group__in=visible)
            .select_related("working_group__region", "lead_institution")
            .prefetch_related(
                Prefetch("steps", FormationStep.objects.prefetch_related("evidence")),
                Prefetch("stakeholders", Stakeholder.objects.select_related("institution")),
            )
            .annotate(
                is_complete=Exists(Decree.objects.filter(working_group=OuterRef("working_group")))
            )
            .order_by("working_group__region__code")
        )
