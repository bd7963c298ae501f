from django.contrib import admin

from sinergi.meetings.models import ActionItem, Decision, Meeting, Participant


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["person"]
    readonly_fields = ["notified"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "working_group", "is_cancelled"]
    list_filter = ["kind", "is_cancelled"]
    search_fields = ["title", "working_group__name", "working_group__region__code"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["working_group", "programmes", "work_plans"]
    list_select_related = ["working_group"]
    readonly_fields = ["created_by", "created", "updated"]
    inlines = [ParticipantInline, DecisionInline]
    show_full_result_count = False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting"]
    search_fields = ["text", "meeting__title", "meeting__working_group__region__code"]
    autocomplete_fields = ["meeting"]
    list_select_related = ["meeting"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "working_group",
        "owner_person",
        "owner_institution",
        "due_on",
        "status",
    ]
    list_filter = ["status"]
    search_fields = ["title", "working_group__name", "working_group__region__code"]
    autocomplete_fields = [
        "working_group",
        "decision",
        "owner_person",
        "owner_institution",
        "activity",
        "programme",
        "indicator",
    ]
    list_select_related = ["working_group", "owner_person", "owner_institution"]
    readonly_fields = ["created_by", "created"]
    show_full_result_count = False
