from django.contrib import admin

from sinergi.pokja.models import Institution, Role, WorkingGroup


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
    list_display = ["user", "working_group", "kind", "created"]
    list_filter = ["kind", "working_group__region__level"]
    search_fields = ["user__email", "user__full_name", "working_group__name"]
    autocomplete_fields = ["user", "working_group"]
    list_select_related = ["user", "working_group"]
