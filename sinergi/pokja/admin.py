from django.contrib import admin

from sinergi.pokja.models import (
    AccessRequest,
    GroupName,
    Handover,
    Institution,
    Invitation,
    Membership,
    Person,
    Role,
    WorkingGroup,
)


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "category", "region"]
    list_filter = ["category"]
    search_fields = ["name", "acronym", "region__name", "region__code"]
    autocomplete_fields = ["region"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "is_demo"]
    list_filter = ["kind", "region__level", "is_demo"]
    search_fields = ["name", "region__name", "region__code"]
    autocomplete_fields = ["region", "contact_institution"]
    list_select_related = ["region"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "working_group", "kind", "ends_on", "created"]
    list_filter = ["kind", "working_group__region__level"]
    search_fields = ["user__email", "user__full_name", "working_group__name"]
    autocomplete_fields = ["user", "working_group"]
    list_select_related = ["user", "working_group"]


class NoDeleteAdmin(admin.ModelAdmin):
    """Memberships and what hangs on them are history: they are ended, never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "institution", "job_title", "is_civil_servant", "user"]
    search_fields = ["full_name", "nip", "email"]
    autocomplete_fields = ["institution", "user"]
    list_select_related = ["institution", "user"]


@admin.register(Membership)
class MembershipAdmin(NoDeleteAdmin):
    list_display = ["person", "working_group", "position", "started_on", "ended_on", "end_reason"]
    list_filter = ["position", "end_reason", "is_knowledge_holder"]
    search_fields = ["person__full_name", "working_group__name"]
    autocomplete_fields = ["person", "working_group", "institution"]
    list_select_related = ["person", "working_group"]
    date_hierarchy = "started_on"


@admin.register(Handover)
class HandoverAdmin(NoDeleteAdmin):
    list_display = ["leaving", "successor", "created", "completed"]
    autocomplete_fields = ["leaving", "successor"]
    list_select_related = ["leaving__person", "successor__person"]


@admin.register(GroupName)
class GroupNameAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "since", "working_group"]
    autocomplete_fields = ["working_group"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "working_group", "kind", "created", "expires", "accepted", "revoked"]
    readonly_fields = ["token_hash"]
    list_select_related = ["working_group"]


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    """Read only: a request is decided on its group's page, which gives the role."""

    list_display = ["user", "working_group", "status", "created", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "user__full_name", "working_group__name"]
    list_select_related = ["user", "working_group", "decided_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
