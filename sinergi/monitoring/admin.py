from django.contrib import admin

from sinergi.monitoring.models import DataValue, Indicator, Target


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_id", "sector", "unit", "aggregation", "is_key", "is_public"]
    list_filter = ["sector", "aggregation", "is_key", "is_public"]
    search_fields = ["code", "name_id", "name_en"]
    list_editable = ["is_key", "is_public"]


@admin.register(DataValue)
class DataValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "region", "year", "period", "source", "value", "status"]
    list_filter = ["status", "source", "method", "period", "indicator"]
    search_fields = ["region__code", "region__name", "indicator__code"]
    autocomplete_fields = ["region"]
    list_select_related = ["indicator", "region"]
    readonly_fields = ["entered_by", "verified_by", "verified", "created", "updated"]
    show_full_result_count = False


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "region", "year", "value", "basis"]
    list_filter = ["indicator", "year"]
    search_fields = ["region__code", "region__name"]
    autocomplete_fields = ["region"]
    list_select_related = ["indicator", "region"]
