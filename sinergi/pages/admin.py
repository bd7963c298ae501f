from django.contrib import admin

from sinergi.pages.models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["slug", "title_id", "title_en", "order", "is_published", "updated"]
    list_filter = ["is_published"]
    search_fields = ["slug", "title_id", "title_en"]
    readonly_fields = ["updated_by", "updated"]
