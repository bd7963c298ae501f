from django.contrib import admin

from sinergi.decrees.models import Decree


@admin.register(Decree)
class DecreeAdmin(admin.ModelAdmin):
    list_display = ["number", "working_group", "signed_on", "valid_from", "valid_until"]
    search_fields = ["number", "title", "working_group__name"]
    autocomplete_fields = ["working_group", "replaces"]
    list_select_related = ["working_group"]
    date_hierarchy = "valid_from"
