from django.contrib import admin

from sinergi.knowledge.models import Article, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "working_group", "is_public", "updated"]
    list_filter = ["kind", "is_public"]
    search_fields = ["title", "working_group__name", "working_group__region__code"]
    autocomplete_fields = ["working_group", "tags"]
    raw_id_fields = ["steward"]
    list_select_related = ["working_group"]
    readonly_fields = ["author", "created", "updated"]
    show_full_result_count = False
