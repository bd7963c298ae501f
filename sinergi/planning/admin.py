from django.contrib import admin

from sinergi.planning.models import Activity, StrategicPlan, WorkPlan


@admin.register(StrategicPlan)
class StrategicPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "working_group", "start_year", "end_year", "status"]
    list_filter = ["status"]
    search_fields = ["title", "working_group__name"]
    list_select_related = ["working_group"]
    autocomplete_fields = ["working_group"]


@admin.register(WorkPlan)
class WorkPlanAdmin(admin.ModelAdmin):
    list_display = ["working_group", "year"]
    search_fields = ["working_group__name"]
    list_select_related = ["working_group"]
    autocomplete_fields = ["working_group"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["name", "work_plan", "sector", "end_quarter"]
    list_filter = ["sector"]
    search_fields = ["name"]
    list_select_related = ["work_plan__working_group"]
    autocomplete_fields = ["work_plan", "institution", "location"]
    raw_id_fields = ["goal"]
