"""The library part of the API: documents with their versions (read-only). Public documents are
open data; internal ones are listed only to callers whose scope covers their working group.
Files are fetched from the `download` URLs, which apply the same rule."""

import re

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.decorators import method_decorator
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from sinergi.api.filters import FilterSet
from sinergi.library.models import Document, DocumentVersion
from sinergi.regions.models import CODE_PATTERN

# Large enough never to occur elsewhere in an address.
PLACEHOLDER = 987654321000


def absolute_url(context, name, *args) -> str:
    """The absolute address of the view `name` with the integer `args`. A list gives the same
    two addresses for every row: each is reversed once per response (kept in the serializers'
    shared context) with placeholder numbers, then filled in."""
    addresses = context.setdefault("absolute_urls", {})
    placeholders = [str(PLACEHOLDER + n) for n in range(len(args))]
    if name not in addresses:
        path = reverse(name, args=placeholders)
        addresses[name] = context["request"].build_absolute_uri(path)
    url = addresses[name]
    for placeholder, arg in zip(placeholders, args, strict=True):
        url = url.replace(placeholder, str(int(arg)))
    return url


class DocumentVersionSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField(help_text="URL of the file")

    class Meta:
        model = DocumentVersion
        fields = ["number", "filename", "size", "note", "created", "download"]

    def get_download(self, version) -> str:
        name = "library:document_version_download"
        return absolute_url(self.context, name, version.document_id, version.number)


class DocumentSerializer(serializers.ModelSerializer):
    working_group = serializers.CharField(
        source="working_group.region.code", read_only=True, help_text="Region code of the group"
    )
    working_group_name = serializers.CharField(source="working_group.name", read_only=True)
    versions = DocumentVersionSerializer(many=True, read_only=True)
    download = serializers.SerializerMethodField(help_text="URL of the latest version's file")

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "category",
            "description",
            "year",
            "language",
            "is_public",
            "working_group",
            "working_group_name",
            "updated",
            "download",
            "versions",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download(self, document):
        if not document.versions.all():
            return None
        return absolute_url(self.context, "library:document_download", document.pk)


class DocumentFilter(FilterSet):
    group = filters.CharFilter(
        method="filter_group",
        help_text="Region code of a working group: its documents and those of the groups below "
        "it (ID: national documents only)",
    )

    class Meta:
        model = Document
        fields = ["category", "year", "language", "is_public"]

    def filter_group(self, queryset, name, value):
        if not re.fullmatch(CODE_PATTERN, value):
            return queryset.none()
        return queryset.of_groups_at_or_below(value)


@method_decorator(login_not_required, name="dispatch")
class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Documents of the library (pustaka) with their versions: public ones for everyone,
    internal ones within the caller's scope."""

    serializer_class = DocumentSerializer
    permission_classes = [AllowAny]
    filterset_class = DocumentFilter

    def get_queryset(self):
        versions = DocumentVersion.objects.defer("text").order_by("-number")
        return (
            Document.objects.visible_to(self.request.user)
            .select_related("working_group__region")
            .prefetch_related(Prefetch("versions", queryset=versions))
            .order_by("-updated", "-pk")
        )
