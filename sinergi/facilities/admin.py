from django.contrib import admin

from sinergi.facilities.models import Facility, Inspection


class InspectionInline(admin.TabularInline):
    model = Inspection
    extra = 0
    fields = ["inspected_on", "status", "problem", "inspected_by", "notified"]
    readonly_fields = ["notified"]
    raw_id_fields = ["inspected_by"]


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "village", "year_built", "programme", "manager_kind"]
    list_filter = ["kind", "manager_kind"]
    search_fields = ["name", "village__code", "village__name", "manager_name"]
    raw_id_fields = ["village", "programme"]
    list_select_related = ["village", "programme"]
    inlines = [InspectionInline]


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ["facility", "inspected_on", "status", "notified"]
    list_filter = ["status"]
    search_fields = ["facility__name", "facility__village__code"]
    raw_id_fields = ["facility", "inspected_by"]
    list_select_related = ["facility"]
    date_hierarchy = "inspected_on"
