"""The planning part of the API: strategic plans with their goals, strategies and targets, and
annual work plans with their activities, budget lines and quarterly realisation, in the
caller's scope; and the one write, a quarter's realisation of an activity, checked by
`sinergi.planning.realisation` as on the realisation page."""

from auditlog.context import set_actor
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from sinergi.api.filters import FilterSet
from sinergi.api.permissions import WorkingGroupScope
from sinergi.planning.models import (
    Activity,
    BudgetLine,
    FundingSource,
    Goal,
    PlanTarget,
    QuarterReport,
    Spending,
    StrategicPlan,
    Strategy,
    WorkPlan,
)
from sinergi.planning.realisation import do_record_realisation
from sinergi.pokja.models import WorkingGroup

SOURCES = ", ".join(FundingSource.values)


class GoalSerializer(serializers.ModelSerializer):
    strategies = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)

    class Meta:
        model = Goal
        fields = ["number", "text", "strategies"]


class PlanTargetSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = PlanTarget
        fields = ["indicator", "year", "value"]


class StrategicPlanSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="working_group.region.code")
    working_group = serializers.CharField(source="working_group.name")
    goals = GoalSerializer(many=True)
    targets = PlanTargetSerializer(many=True)

    class Meta:
        model = StrategicPlan
        fields = [
            "id",
            "region",
            "working_group",
            "title",
            "start_year",
            "end_year",
            "vision",
            "mission",
            "status",
            "adopted_on",
            "adopted_by",
            "goals",
            "targets",
        ]
        read_only_fields = fields


# Plain strings for funding sources: the same choices on two models would get two enum names in
# the OpenAPI schema.
class BudgetLineSerializer(serializers.ModelSerializer):
    source = serializers.CharField(help_text=f"Funding source: {SOURCES}")

    class Meta:
        model = BudgetLine
        fields = ["source", "amount", "programme"]


class SpendingSerializer(serializers.Serializer):
    source = serializers.CharField(help_text=f"Funding source: {SOURCES}")
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)


class QuarterReportSerializer(serializers.ModelSerializer):
    spending = SpendingSerializer(many=True)

    class Meta:
        model = QuarterReport
        fields = ["quarter", "physical_progress", "note", "spending", "updated"]


class ActivitySerializer(serializers.ModelSerializer):
    location = serializers.CharField(source="location.code", help_text="Region code")
    institution_name = serializers.CharField(source="institution.name", default=None)
    goal = serializers.IntegerField(
        source="goal.number", default=None, help_text="Number of the strategic goal served"
    )
    budget_lines = BudgetLineSerializer(many=True)
    reports = QuarterReportSerializer(many=True, help_text="Realisation by quarter")

    class Meta:
        model = Activity
        fields = [
            "id",
            "number",
            "name",
            "sector",
            "institution",
            "institution_name",
            "location",
            "output",
            "unit",
            "quantity",
            "goal",
            "end_quarter",
            "budget_lines",
            "reports",
        ]
        read_only_fields = fields


class WorkPlanSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="working_group.region.code")
    working_group = serializers.CharField(source="working_group.name")
    activities = ActivitySerializer(many=True)

    class Meta:
        model = WorkPlan
        fields = ["id", "region", "working_group", "year", "strategic_plan", "notes", "activities"]
        read_only_fields = fields


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string"}], "nullable": True})
class NumberOrTextField(serializers.Field):
    """A number as sent, a JSON number or text: the realisation check reads both."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            raise serializers.ValidationError(_("Write a number."))
        return data

    def to_representation(self, value):
        return value


class RealisationSerializer(serializers.Serializer):
    """A quarter's realisation as sent; `sinergi.planning.realisation` checks the values."""

    activity = serializers.IntegerField(help_text="Number of the activity in the work plan")
    quarter = serializers.IntegerField(help_text="1 to 4")
    physical_progress = NumberOrTextField(
        help_text="Cumulative physical progress at the end of the quarter, 0 to 100"
    )
    spending = serializers.DictField(
        child=NumberOrTextField(),
        required=False,
        help_text=(
            "Amount spent in the quarter by funding source code; a source left out, empty or 0 "
            "has no spending in the quarter. A number, or text written the Indonesian way "
            "(1.250.000,50)."
        ),
    )
    note = serializers.CharField(required=False, allow_blank=True)


class RealisationResultSerializer(serializers.Serializer):
    activity = ActivitySerializer()
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text="Spending beyond a budget line, saved all the same"
    )


class PlanFilter(FilterSet):
    working_group = filters.CharFilter(
        field_name="working_group__region__code", help_text="Region code of the working group"
    )


class StrategicPlanFilter(PlanFilter):
    class Meta:
        model = StrategicPlan
        fields = ["working_group", "status"]


class WorkPlanFilter(PlanFilter):
    class Meta:
        model = WorkPlan
        fields = ["working_group", "year"]


def _in_scope(queryset, user):
    return queryset.filter(working_group__in=WorkingGroup.objects.visible_to(user))


# The API answers for itself (DRF permissions, JSON errors), like sinergi/api/views.py.
@method_decorator(login_not_required, name="dispatch")
class StrategicPlanViewSet(viewsets.ReadOnlyModelViewSet):
    """The strategic plans (Renstra AMPL) of the working groups in the caller's scope, with
    their goals and strategies and their yearly targets."""

    serializer_class = StrategicPlanSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = StrategicPlanFilter

    def get_queryset(self):
        return (
            _in_scope(StrategicPlan.objects, self.request.user)
            .select_related("working_group__region")
            .prefetch_related(
                Prefetch(
                    "goals",
                    Goal.objects.order_by("number").prefetch_related(
                        Prefetch("strategies", Strategy.objects.order_by("pk"))
                    ),
                ),
                Prefetch(
                    "targets",
                    PlanTarget.objects.select_related("indicator").order_by(
                        "indicator__order", "year"
                    ),
                ),
            )
            .order_by("working_group__region__code", "-start_year", "pk")
        )


def _activities():
    # Plain orderings: the models' default ones join up to the working group's region.
    reports = QuarterReport.objects.order_by("quarter").prefetch_related(
        Prefetch("spending", Spending.objects.order_by("source"))
    )
    return (
        Activity.objects.select_related("institution", "location", "goal")
        .prefetch_related(
            Prefetch("budget_lines", BudgetLine.objects.order_by("source")),
            Prefetch("reports", reports),
        )
        .order_by("number")
    )


@method_decorator(login_not_required, name="dispatch")
class WorkPlanViewSet(viewsets.ReadOnlyModelViewSet):
    """The annual work plans of the working groups in the caller's scope, with their activities,
    budget lines by funding source and quarterly realisation. The secretariat of a working group
    records a quarter's realisation of an activity with POST .../realisation/."""

    serializer_class = WorkPlanSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = WorkPlanFilter

    def get_queryset(self):
        plans = _in_scope(WorkPlan.objects, self.request.user).select_related(
            "working_group__region"
        )
        if self.action == "realisation":
            return plans
        return plans.prefetch_related(Prefetch("activities", _activities())).order_by(
            "working_group__region__code", "-year"
        )

    def working_group_of(self, plan):
        return plan.working_group

    @extend_schema(request=RealisationSerializer, responses=RealisationResultSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[IsAuthenticated, WorkingGroupScope],
    )
    def realisation(self, request, pk=None):
        """Record one quarter's realisation of an activity: its cumulative physical progress,
        what was spent in the quarter from each funding source, and a note. Checked as on the
        realisation page; on any problem nothing is written and the answer is 400."""
        plan = self.get_object()
        serializer = RealisationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        activity = Activity.objects.filter(work_plan=plan, number=data["activity"]).first()
        if activity is None:
            raise ValidationError(
                {"activity": [_("The work plan has no activity with this number.")]}
            )
        with set_actor(request.user):
            realisation, errors = do_record_realisation(
                activity,
                quarter=data["quarter"],
                physical_progress=data["physical_progress"],
                spending=data.get("spending"),
                note=data.get("note", ""),
            )
        if errors:
            raise ValidationError(_api_errors(errors))
        result = {"activity": _activities().get(pk=activity.pk), "warnings": realisation.warnings}
        return Response(RealisationResultSerializer(result).data)


def _api_errors(errors) -> dict:
    """Errors by field, the amounts of the sources nested under "spending"."""
    fields = {"quarter", "physical_progress", "note", "spending"}
    result = {name: messages for name, messages in errors.items() if name in fields}
    by_source = {name: messages for name, messages in errors.items() if name not in fields}
    if by_source:
        spending = result.setdefault("spending", {})
        if isinstance(spending, list):  # errors of the mapping as a whole
            result["spending"] = spending = {"non_field_errors": spending}
        spending.update(by_source)
    return result
