from django.contrib import admin

from sinergi.formation.models import Evidence, Formation, FormationStep, Stakeholder


class StepInline(admin.TabularInline):
    model = FormationStep
    extra = 0
    max_num = 4
    fields = ["number", "status", "started_on", "done_on", "notes"]


class StakeholderInline(admin.TabularInline):
    model = Stakeholder
    extra = 0
    autocomplete_fields = ["institution"]
    fields = ["institution", "name", "interest", "influence", "notes"]


@admin.register(Formation)
class FormationAdmin(admin.ModelAdmin):
    list_display = ["working_group", "lead_institution", "started_on", "started_by"]
    list_filter = ["working_group__region__level"]
    search_fields = ["working_group__name", "working_group__region__code"]
    autocomplete_fields = ["working_group", "lead_institution", "started_by"]
    list_select_related = ["working_group", "lead_institution", "started_by"]
    date_hierarchy = "started_on"
    inlines = [StepInline, StakeholderInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["title", "step", "uploaded_by", "uploaded"]
    search_fields = ["title", "step__formation__working_group__name"]
    raw_id_fields = ["step"]
    autocomplete_fields = ["uploaded_by"]
    list_select_related = ["step", "uploaded_by"]
