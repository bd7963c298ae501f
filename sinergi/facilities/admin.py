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
    list_display = ["name", "kind", "village", "status", "last_inspected_on", "programme"]
    list_filter = ["kind", "status", "manager_kind"]
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

    def delete_queryset(self, request, queryset):
        # A bulk delete skips Inspection.delete(): refresh the status of the facilities here.
        facilities = Facility.objects.filter(
            pk__in=list(queryset.values_list("facility", flat=True))
        )
        super().delete_queryset(request, queryset)
        facilities.refresh_status()
