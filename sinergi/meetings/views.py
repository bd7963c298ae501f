"""Meetings, their invitees, attendance, minutes and decisions, and the action items that
follow them up. Readers in scope see everything of the group; its secretariat changes it; the
owner of an action item may close it. A group's pages run in its time zone (`in_group_zone`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sinergi.lib.downloads import serve_file
from sinergi.lib.history import history_for
from sinergi.meetings import actions
from sinergi.meetings.calendar import in_group_zone
from sinergi.meetings.forms import (
    ActionItemFilterForm,
    ActionItemForm,
    AttendanceForm,
    CloseActionItemForm,
    DecisionForm,
    InviteesForm,
    MeetingForm,
    MinutesForm,
    guest_formset,
    new_guests,
)
from sinergi.meetings.models import ActionItem, Decision, Meeting, Participant
from sinergi.pokja.access import (
    can_close_action_item,
    get_group_for_user,
    get_member_group_for_user,
    get_rw_group_for_user,
    is_member,
    visible_filter,
)
from sinergi.pokja.models import Institution, Person, WorkingGroup
from sinergi.pokja.removal import confirm_remove

PAGE_SIZE = 30
ITEMS_PAGE_SIZE = 50
MAX_COMING = 50
FILES = {"notulen": "minutes_file", "daftar-hadir": "attendance_file"}
ITEM_RELATIONS = [
    "owner_person",
    "owner_institution",
    "decision__meeting",
]


def _meeting(group, pk) -> Meeting:
    meeting = get_object_or_404(Meeting, pk=pk, working_group=group)
    meeting.working_group = group  # get_absolute_url reads the region without a query
    return meeting


def _item(group, pk) -> ActionItem:
    items = ActionItem.objects.select_related(
        *ITEM_RELATIONS, "activity__work_plan", "programme", "indicator"
    )
    item = get_object_or_404(items, pk=pk, working_group=group)
    item.working_group = group
    return item


def _counted(meetings):
    return meetings.annotate(
        participant_count=Count("participants", distinct=True),
        decision_count=Count("decisions", distinct=True),
    )


@require_safe
@in_group_zone
def meeting_list(request, code):
    group, can_edit = get_group_for_user(request, code)
    now = timezone.now()
    coming = Q(starts_at__gte=now) | Q(ends_at__gte=now)
    meetings = _counted(group.meetings.all())
    past = meetings.exclude(coming).order_by("-starts_at", "-pk")
    context = {
        "group": group,
        "can_edit": can_edit,
        "coming": list(meetings.filter(coming).order_by("starts_at", "pk")[:MAX_COMING]),
        "page": Paginator(past, PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "meetings/meeting_list.html", context)


@require_safe
@in_group_zone
def meeting_detail(request, code, pk):
    group, can_edit = get_group_for_user(request, code)
    meeting = _meeting(group, pk)
    participants = list(meeting.participants.select_related("person__institution").order_by("pk"))
    items = ActionItem.objects.select_related("owner_person", "owner_institution")
    decisions = list(
        meeting.decisions.order_by("number").prefetch_related(
            Prefetch("action_items", queryset=items.order_by("due_on", "pk"))
        )
    )
    today = timezone.localdate()
    for decision in decisions:
        for item in decision.action_items.all():
            item.overdue = item.is_overdue(today)
    tally = dict.fromkeys([*Participant.Attendance.values, ""], 0)
    for participant in participants:
        tally[participant.attendance] += 1
    context = {
        "group": group,
        "can_edit": can_edit,
        "can_record_attendance": is_member(request.user, group),
        "meeting": meeting,
        "participants": participants,
        "tally": [(label, tally[value]) for value, label in Participant.Attendance.choices],
        "unrecorded": tally[""],
        "decisions": decisions,
        "programmes": meeting.programmes.all(),
        "work_plans": meeting.work_plans.all(),
        "history": history_for(meeting, zone=group.time_zone),
    }
    return render(request, "meetings/meeting_detail.html", context)


@in_group_zone
def add_meeting(request, code):
    group = get_rw_group_for_user(request, code)
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, group=group)
    invitees = InviteesForm(data, group=group)
    guests = guest_formset(data)
    if data is not None and all([form.is_valid(), invitees.is_valid(), guests.is_valid()]):
        meeting = actions.do_schedule_meeting(
            form, invitees.cleaned_data["people"], new_guests(guests), request.user
        )
        messages.success(request, _("The meeting has been scheduled."))
        return redirect(meeting)
    context = {"group": group, "form": form, "invitees": invitees, "guests": guests}
    return render(request, "meetings/meeting_form.html", context)


@in_group_zone
def edit_meeting(request, code, pk):
    group = get_rw_group_for_user(request, code)
    meeting = _meeting(group, pk)
    form = MeetingForm(request.POST or None, instance=meeting, group=group)
    if request.method == "POST" and form.is_valid():
        actions.do_update_meeting(form)
        messages.success(request, _("The meeting has been saved."))
        return redirect(meeting)
    context = {"group": group, "form": form, "meeting": meeting}
    return render(request, "meetings/meeting_form.html", context)


@require_POST
@in_group_zone
def cancel_meeting(request, code, pk):
    group = get_rw_group_for_user(request, code)
    meeting = _meeting(group, pk)
    if actions.do_cancel_meeting(meeting):
        messages.success(request, _("The meeting has been cancelled."))
    return redirect(meeting)


@in_group_zone
def invitees(request, code, pk):
    group = get_rw_group_for_user(request, code)
    meeting = _meeting(group, pk)
    data = request.POST if request.method == "POST" else None
    form = InviteesForm(data, group=group, meeting=meeting)
    guests = guest_formset(data)
    if data is not None and all([form.is_valid(), guests.is_valid()]):
        added, removed = actions.do_update_invitees(
            meeting,
            form.cleaned_data["people"],
            new_guests(guests),
            form.cleaned_data.get("dropped_guests", []),
        )
        messages.success(
            request,
            _("Invitees saved: %(added)d added, %(removed)d removed.")
            % {"added": added, "removed": removed},
        )
        return redirect(meeting)
    context = {"group": group, "meeting": meeting, "form": form, "guests": guests}
    return render(request, "meetings/invitees.html", context)


@in_group_zone
def attendance(request, code, pk):
    # Members record attendance too (DESIGN.md, users and what they may do).
    group = get_member_group_for_user(request, code)
    meeting = _meeting(group, pk)
    participants = meeting.participants.select_related("person").order_by("pk")
    form = AttendanceForm(request.POST or None, request.FILES or None, participants=participants)
    if request.method == "POST" and form.is_valid():
        actions.do_record_attendance(meeting, form.changes(), form.cleaned_data["attendance_file"])
        messages.success(request, _("The attendance has been recorded."))
        return redirect(meeting)
    context = {
        "group": group,
        "meeting": meeting,
        "form": form,
        "choices": Participant.Attendance.choices,
    }
    return render(request, "meetings/attendance.html", context)


@in_group_zone
def minutes(request, code, pk):
    group = get_rw_group_for_user(request, code)
    meeting = _meeting(group, pk)
    form = MinutesForm(request.POST or None, request.FILES or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The minutes have been saved."))
        return redirect(meeting)
    return render(
        request, "meetings/minutes_form.html", {"group": group, "meeting": meeting, "form": form}
    )


@require_safe
@in_group_zone
def meeting_file(request, code, pk, kind):
    """The minutes file or the signed attendance list, for readers in scope only."""
    group, _can_edit = get_group_for_user(request, code)
    meeting = _meeting(group, pk)
    if kind not in FILES:
        raise Http404
    return serve_file(getattr(meeting, FILES[kind]))


def _decision_form(request, group, meeting, decision):
    form = DecisionForm(request.POST or None, instance=decision, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        actions.do_save_decision(form)
        messages.success(request, _("The decision has been saved."))
        return redirect(reverse("meetings:meeting", args=[group.code, meeting.pk]) + "#keputusan")
    context = {"group": group, "meeting": meeting, "form": form, "decision": decision}
    return render(request, "meetings/decision_form.html", context)


@in_group_zone
def add_decision(request, code, pk):
    group = get_rw_group_for_user(request, code)
    return _decision_form(request, group, _meeting(group, pk), None)


@in_group_zone
def edit_decision(request, code, pk, decision):
    group = get_rw_group_for_user(request, code)
    meeting = _meeting(group, pk)
    return _decision_form(
        request, group, meeting, get_object_or_404(Decision, pk=decision, meeting=meeting)
    )


@require_POST
@in_group_zone
def delete_decision(request, code, pk, decision):
    group = get_rw_group_for_user(request, code)
    meeting = _meeting(group, pk)
    decision = get_object_or_404(Decision, pk=decision, meeting=meeting)
    decision.delete()  # its action items stay, free-standing
    messages.success(request, _("The decision has been removed."))
    return redirect(reverse("meetings:meeting", args=[group.code, meeting.pk]) + "#keputusan")


def _ordered(items):
    """Open items first, soonest due first; then closed ones, latest closed first."""
    return items.annotate(
        closed_rank=Case(
            When(status=ActionItem.Status.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("closed_rank", "due_on", "-closed_on", "pk")


def _owner_choices(group):
    people = Person.objects.filter(action_items__working_group=group).distinct()
    institutions = Institution.objects.filter(action_items__working_group=group).distinct()
    return [(f"p{p.pk}", p.full_name) for p in people.order_by("full_name")] + [
        (f"i{i.pk}", i.name) for i in institutions.order_by("name")
    ]


@require_safe
@in_group_zone
def action_items(request, code):
    group, can_edit = get_group_for_user(request, code)
    today = timezone.localdate()
    filters = ActionItemFilterForm(request.GET, owners=_owner_choices(group))
    items = _ordered(filters.filter(group.action_items.select_related(*ITEM_RELATIONS)))
    page = Paginator(items, ITEMS_PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page:
        item.working_group = group
        item.overdue = item.is_overdue(today)
    done = Q(status=ActionItem.Status.DONE)
    counts = group.action_items.aggregate(
        open=Count("pk", filter=Q(status=ActionItem.Status.OPEN)),
        overdue=Count("pk", filter=Q(status=ActionItem.Status.OPEN, due_on__lt=today)),
        on_time=Count("pk", filter=done & Q(closed_on__lte=F("due_on"))),
        late=Count("pk", filter=done & Q(closed_on__gt=F("due_on"))),
    )
    context = {
        "group": group,
        "can_edit": can_edit,
        "filters": filters,
        "page": page,
        "counts": counts,
    }
    return render(request, "meetings/action_item_list.html", context)


def _may_close(request, item) -> bool:
    return item.status == ActionItem.Status.OPEN and can_close_action_item(request.user, item)


@require_safe
@in_group_zone
def action_item_detail(request, code, pk):
    group, can_edit = get_group_for_user(request, code)
    item = _item(group, pk)
    context = {
        "group": group,
        "can_edit": can_edit,
        "item": item,
        "overdue": item.is_overdue(),
        "may_close": _may_close(request, item),
        "may_reopen": item.status != ActionItem.Status.OPEN
        and can_close_action_item(request.user, item),
        "history": history_for(item, zone=group.time_zone),
    }
    return render(request, "meetings/action_item_detail.html", context)


def _from_decision(group, request):
    """Initial values of a new item from ?keputusan=<decision id> of the group, if any."""
    try:
        pk = int(request.GET.get("keputusan", ""))
    except ValueError:
        return {}
    decision = Decision.objects.filter(pk=pk, meeting__working_group=group).first()
    if decision is None:
        return {}
    return {"decision": decision.pk, "title": decision.text[:300]}


@in_group_zone
def add_action_item(request, code):
    group = get_rw_group_for_user(request, code)
    form = ActionItemForm(request.POST or None, group=group, initial=_from_decision(group, request))
    if request.method == "POST" and form.is_valid():
        item = actions.do_save_action_item(form, request.user)
        messages.success(request, _("The action item has been recorded."))
        return redirect("meetings:action_item", code=group.code, pk=item.pk)
    return render(request, "meetings/action_item_form.html", {"group": group, "form": form})


@in_group_zone
def edit_action_item(request, code, pk):
    group = get_rw_group_for_user(request, code)
    item = _item(group, pk)
    form = ActionItemForm(request.POST or None, instance=item, group=group)
    if request.method == "POST" and form.is_valid():
        actions.do_save_action_item(form, request.user)
        messages.success(request, _("The action item has been saved."))
        return redirect("meetings:action_item", code=group.code, pk=item.pk)
    context = {"group": group, "form": form, "item": item}
    return render(request, "meetings/action_item_form.html", context)


@in_group_zone
def close_action_item(request, code, pk):
    """Close an open item: its owner may, as well as the secretariat."""
    group, _can_edit = get_group_for_user(request, code)
    item = _item(group, pk)
    detail = reverse("meetings:action_item", args=[group.code, item.pk])
    if not can_close_action_item(request.user, item):
        raise PermissionDenied
    if item.status != ActionItem.Status.OPEN:
        messages.info(request, _("This action item is already closed."))
        return redirect(detail)
    form = CloseActionItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_close_action_item(
            item,
            form.cleaned_data["status"],
            form.cleaned_data["closing_note"],
            timezone.localdate(),
        )
        messages.success(request, _("The action item has been closed."))
        return redirect(
            "meetings:my_action_items" if request.POST.get("next") == "saya" else detail
        )
    return render(
        request,
        "meetings/action_item_close.html",
        {"group": group, "item": item, "form": form, "next": request.GET.get("next", "")},
    )


@require_POST
def reopen_action_item(request, code, pk):
    """Open a closed item again: whoever may close it may reopen it."""
    group, _can_edit = get_group_for_user(request, code)
    item = _item(group, pk)
    if not can_close_action_item(request.user, item):
        raise PermissionDenied
    if item.status != ActionItem.Status.OPEN:
        actions.do_reopen_action_item(item)
        messages.success(request, _("The action item has been reopened."))
    return redirect("meetings:action_item", code=group.code, pk=item.pk)


@require_safe
def my_action_items(request):
    """The signed-in user's own items, in every working group they may read: overdue first."""
    today = timezone.localdate()
    visible = WorkingGroup.objects.filter(visible_filter(request.user))
    items = (
        ActionItem.objects.owned_by_user(request.user)
        .filter(working_group__in=visible)
        .select_related("working_group__region", *ITEM_RELATIONS)
        .annotate(
            rank=Case(
                When(status=ActionItem.Status.OPEN, due_on__lt=today, then=Value(0)),
                When(status=ActionItem.Status.OPEN, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "due_on", "-closed_on", "pk")
    )
    page = Paginator(items, ITEMS_PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page:
        item.overdue = item.is_overdue(today)
    return render(request, "meetings/my_action_items.html", {"page": page})


@in_group_zone
def remove_meeting(request, code, pk):
    """Remove a meeting scheduled by mistake, before it took place (pokja/removal.py); one
    that happened stays, and one that will not is cancelled."""
    group = get_rw_group_for_user(request, code)
    meeting = _meeting(group, pk)
    day = date_format(timezone.localtime(meeting.starts_at), "j M Y")
    return confirm_remove(
        request,
        group,
        meeting,
        done=reverse("meetings:meetings", args=[group.code]),
        back=meeting.get_absolute_url(),
        label=f"{meeting.title} ({day})",
    )
