from django.contrib import admin

from sinergi.news.models import Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "working_group", "published_at"]
    list_filter = ["kind"]
    search_fields = ["title", "working_group__name", "working_group__region__code"]
    autocomplete_fields = ["working_group"]
    list_select_related = ["working_group"]
    readonly_fields = ["author", "created", "updated"]
    date_hierarchy = "published_at"
    show_full_result_count = False
