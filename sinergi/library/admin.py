from django.contrib import admin

from sinergi.library.models import Document, DocumentVersion


class VersionInline(admin.TabularInline):
    """Versions are read here; new files go through the working group's page, which checks
    them and extracts their text."""

    model = DocumentVersion
    extra = 0
    fields = ["number", "filename", "size", "note", "uploaded_by", "created"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "working_group", "year", "language", "is_public"]
    list_filter = ["category", "is_public", "language"]
    search_fields = ["title", "working_group__region__code", "working_group__name"]
    raw_id_fields = ["working_group", "created_by"]
    list_select_related = ["working_group"]
    inlines = [VersionInline]
