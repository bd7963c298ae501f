from django.contrib import admin

from sinergi.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "level", "kind", "parent"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # regions come from load_regions

    def has_delete_permission(self, request, obj=None):
        return False
