from auditlog.context import set_actor
from django.contrib.auth.decorators import login_not_required
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from sinergi.api.filters import FilterSet
from sinergi.api.permissions import WorkingGroupScope
from sinergi.api.serializers import (
    DecreeSerializer,
    DirectoryRowSerializer,
    EndMembershipSerializer,
    InstitutionSerializer,
    MembershipSerializer,
    PersonSerializer,
    RegionSerializer,
    WorkingGroupSerializer,
)
from sinergi.decrees.models import Decree, LegalStatus
from sinergi.lib.cache import cached
from sinergi.pokja.access import person_details_filter
from sinergi.pokja.actions import do_end_membership
from sinergi.pokja.forms import EndMembershipForm
from sinergi.pokja.models import Institution, Membership, Person, WorkingGroup
from sinergi.portal.directory import all_rows, directory
from sinergi.regions.models import CODE_PATTERN, Region


class RegionFilter(FilterSet):
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


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("region", str, description="Region code")])
)
@method_decorator(login_not_required, name="dispatch")
class InstitutionViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalogue of institutions (open data)."""

    queryset = Institution.objects.select_related("region").order_by("name")
    serializer_class = InstitutionSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["category", "core_role"]

    def get_queryset(self):
        queryset = super().get_queryset()
        region = self.request.query_params.get("region")
        return queryset.filter(region__code=region) if region else queryset


def _in_scope_memberships(user):
    return Membership.objects.filter(working_group__in=WorkingGroup.objects.visible_to(user))


@method_decorator(login_not_required, name="dispatch")
class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """People of the rosters: current members for everyone, former ones too within scope.

    NIP, e-mail and phone are given only for people all of whose working groups the caller
    may read (pokja.access.person_details_filter)."""

    serializer_class = PersonSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        user = self.request.user
        in_scope = Exists(_in_scope_memberships(user).filter(person=OuterRef("pk")))
        current = Exists(Membership.objects.current().filter(person=OuterRef("pk")))
        details = ExpressionWrapper(person_details_filter(user), output_field=BooleanField())
        return (
            Person.objects.annotate(in_scope=in_scope, current=current, details=details)
            .filter(Q(in_scope=True) | Q(current=True))
            .order_by("full_name", "pk")
        )


class MembershipFilter(FilterSet):
    working_group = filters.CharFilter(
        field_name="working_group__region__code", help_text="Region code of the working group"
    )
    on = filters.DateFilter(method="filter_on", help_text="Only memberships in force on this date")

    class Meta:
        model = Membership
        fields = ["working_group", "position", "field"]

    def filter_on(self, queryset, name, value):
        return queryset.active_on(value)


@method_decorator(login_not_required, name="dispatch")
class MembershipViewSet(AuditedMixin, viewsets.ReadOnlyModelViewSet):
    """Memberships: the current ones for everyone, the whole history within scope. A
    secretariat ends a membership with POST .../end/ (a transfer or promotion opens a handover)."""

    serializer_class = MembershipSerializer
    permission_classes = [AllowAny]
    filterset_class = MembershipFilter

    def get_queryset(self):
        visible = WorkingGroup.objects.visible_to(self.request.user)
        return (
            Membership.objects.filter(
                Q(working_group__in=visible) | Q(pk__in=Membership.objects.current().values("pk"))
            )
            .select_related("person", "working_group__region")
            .order_by("working_group__region__code", "started_on", "pk")
        )

    def working_group_of(self, membership):
        return membership.working_group

    @extend_schema(request=EndMembershipSerializer, responses=MembershipSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[IsAuthenticated, WorkingGroupScope],
    )
    def end(self, request, pk=None):
        membership = self.get_object()
        if membership.ended_on:
            raise ValidationError({"ended_on": _("This membership has already ended.")})
        serializer = EndMembershipSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        form = EndMembershipForm(serializer.validated_data, membership=membership)
        if not form.is_valid():
            raise ValidationError(form.errors)
        with set_actor(request.user):
            do_end_membership(
                membership,
                form.cleaned_data["ended_on"],
                form.cleaned_data["end_reason"],
                actor=request.user,
            )
        return Response(MembershipSerializer(membership).data)


class DirectoryParameters(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Part of a name"
    )
    provinsi = serializers.RegexField(
        r"^[0-9]{2}$", required=False, allow_blank=True, help_text="Province code, e.g. 32"
    )
    status = serializers.ChoiceField(LegalStatus.choices, required=False, allow_blank=True)
    jenis = serializers.ChoiceField(
        WorkingGroup.Kind.choices, required=False, allow_blank=True, help_text="Kind of group"
    )


@method_decorator(login_not_required, name="dispatch")
class DirectoryView(generics.ListAPIView):
    """Every province and kabupaten/kota with its working group and legal status (open data);
    the filters of the directory page apply: q, provinsi, status, jenis."""

    serializer_class = DirectoryRowSerializer
    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends = []

    @extend_schema(parameters=[DirectoryParameters])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.rows(all_rows())

    def rows(self, every):
        """The rows the filters select among `every` row of the directory."""
        # The page ignores a filter it cannot read; the API says so (400), and a province
        # code that names no province selects nothing, as an id that matches nothing does.
        DirectoryParameters(data=self.request.query_params).is_valid(raise_exception=True)
        form, rows = directory(self.request.query_params, every)
        if "provinsi" in form.errors:
            return []
        return rows

    def list(self, request, *args, **kwargs):
        every = all_rows()
        rows = self.rows(every)
        entries = directory_entries(every)
        return Response([{**entries[row.code], "activeness": row.activeness} for row in rows])


def directory_entries(every) -> dict[str, dict]:
    """{region code: its entry in the directory API but the activeness index} for `every` row
    of the directory, serialized once and kept in the shared cache with the rows."""
    today = timezone.localdate()
    return cached(
        "api-directory", lambda: _directory_entries(every), topics=["groups"], parts=[today]
    )


def _directory_entries(every):
    entries = {}
    for row in every:
        entry = dict(DirectoryRowSerializer(row).data)
        del entry["activeness"]
        entries[row.code] = entry
    return entries


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("working_group", str, description="Region code of the working group")
        ]
    )
)
@method_decorator(login_not_required, name="dispatch")
class DecreeViewSet(viewsets.ReadOnlyModelViewSet):
    """Decrees of the working groups in the caller's scope, with their status today."""

    serializer_class = DecreeSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = []

    def get_queryset(self):
        decrees = Decree.objects.filter(
            working_group__in=WorkingGroup.objects.visible_to(self.request.user)
        )
        group = self.request.query_params.get("working_group")
        if group:
            decrees = decrees.filter(working_group__region__code=group)
        return (
            decrees.select_related("working_group__region")
            .prefetch_related("appointments")
            .order_by("working_group__region__code", "-valid_from", "pk")
        )
