from auditlog.context import set_actor
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django_filters import rest_framework as filters
from rest_framework import mixins, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated

from sinergi.api.permissions import WorkingGroupScope
from sinergi.api.serializers import RegionSerializer, WorkingGroupSerializer
from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import CODE_PATTERN, Region


class RegionFilter(filters.FilterSet):
    level = filters.ChoiceFilter(choices=Region.Level.choices)
    parent = filters.CharFilter(field_name="parent__code", help_text="Code of the parent region")

    class Meta:
        model = Region
        fields = ["level", "parent", "kind"]


# The API answers for itself (DRF permissions, JSON errors), so Django's sign-in redirect of
# LoginRequiredMiddleware stays out of its way.
@method_decorator(login_not_required, name="dispatch")
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Indonesian regions by Kemendagri code (open data)."""

    queryset = Region.objects.select_related("parent").order_by("code")
    serializer_class = RegionSerializer
    permission_classes = [AllowAny]
    filterset_class = RegionFilter
    lookup_field = "code"
    lookup_value_regex = CODE_PATTERN


class AuditedMixin:
    """Names the author of changes made through the API in the change history.

    DRF authenticates tokens inside the view, after AuditlogMiddleware has looked for a user.
    """

    def perform_create(self, serializer):
        with set_actor(self.request.user):
            serializer.save()

    def perform_update(self, serializer):
        with set_actor(self.request.user):
            serializer.save()

    def perform_destroy(self, instance):
        with set_actor(self.request.user):
            instance.delete()


@method_decorator(login_not_required, name="dispatch")
class WorkingGroupViewSet(
    AuditedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The working groups in the caller's scope; their secretariats may update them."""

    serializer_class = WorkingGroupSerializer
    permission_classes = [IsAuthenticated, WorkingGroupScope]
    lookup_field = "region__code"
    lookup_url_kwarg = "code"
    lookup_value_regex = CODE_PATTERN

    def get_queryset(self):
        return (
            WorkingGroup.objects.visible_to(self.request.user)
            .select_related("region")
            .order_by("region__code")
        )

    def working_group_of(self, obj):
        return obj
