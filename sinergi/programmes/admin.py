from django.contrib import admin

from sinergi.programmes.models import Intake, Programme, ProgrammeTarget


class TargetInline(admin.TabularInline):
    model = ProgrammeTarget
    extra = 0


class IntakeInline(admin.TabularInline):
    model = Intake
    extra = 0
    autocomplete_fields = ["working_group"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sector", "status", "starts_on", "ends_on", "registered_by"]
    list_filter = ["sector", "status", "kind"]
    search_fields = [
        "name",
        "funder",
        "implementer",
        "iati_identifier",
        "registered_by__region__code",
    ]
    autocomplete_fields = ["registered_by", "working_groups", "locations"]
    list_select_related = ["registered_by"]
    readonly_fields = ["created", "updated"]
    inlines = [TargetInline, IntakeInline]
    show_full_result_count = False


@admin.register(Intake)
class IntakeAdmin(admin.ModelAdmin):
    list_display = ["programme", "working_group", "presented_on", "decision"]
    list_filter = ["decision"]
    search_fields = ["programme__name", "working_group__region__code"]
    autocomplete_fields = ["programme", "working_group"]
    list_select_related = ["programme", "working_group"]
